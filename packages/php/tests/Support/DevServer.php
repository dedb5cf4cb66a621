<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

/**
 * The dev server (`pnpm --silent dev-server --port 0 --data-dir <tmp> --faults`, from the repo root)
 * in its own process group, so stopping it stops pnpm, node and the embedded store together.
 * One instance serves the whole e2e suite: starting it costs seconds on a busy machine.
 */
final class DevServer
{
    private static ?self $running = null;

    /** @var resource */
    private $process;
    private int $pid;

    private function __construct(public readonly string $baseUrl, public readonly string $apiKey, $process, int $pid, private readonly string $dataDir)
    {
        $this->process = $process;
        $this->pid = $pid;
    }

    public static function shared(): self
    {
        if (self::$running === null) {
            self::$running = self::start();
            // Safety net if the run dies before DevServerExtension's after-last-test hook.
            register_shutdown_function(static fn () => self::stopShared());
        }
        return self::$running;
    }

    public static function stopShared(): void
    {
        $server = self::$running;
        self::$running = null; // before stop(), which throws on spec violations
        $server?->stop();
    }

    public static function start(array $extraArgs = [], float $readyWithin = 120.0): self
    {
        $root = dirname(__DIR__, 4);
        $dataDir = sys_get_temp_dir() . '/dilnaka-php-e2e-' . bin2hex(random_bytes(4));
        mkdir($dataDir);
        // setsid: a new session and process group whose id is the pid proc_open reports.
        $command = ['setsid', 'pnpm', '--silent', 'dev-server', '--port', '0', '--data-dir', $dataDir, '--faults', ...$extraArgs];
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $dataDir . '.log', 'w']], $pipes, $root);
        if ($process === false) {
            throw new \RuntimeException('could not start the dev server');
        }
        $pid = proc_get_status($process)['pid'];
        $values = self::readAnnouncement($pipes[1], $readyWithin);
        if (!isset($values['DILNAKA_BASE_URL'], $values['DILNAKA_API_KEY'])) {
            posix_kill(-$pid, SIGKILL);
            throw new \RuntimeException("the dev server did not announce itself within {$readyWithin} s:\n" . @file_get_contents($dataDir . '.log'));
        }
        // Its stdout stays open but unread: it prints nothing more.
        return new self($values['DILNAKA_BASE_URL'], $values['DILNAKA_API_KEY'], $process, $pid, $dataDir);
    }

    /**
     * @param resource $stdout
     * @return array<string, string>
     */
    private static function readAnnouncement($stdout, float $within): array
    {
        $deadline = microtime(true) + $within;
        $values = [];
        $buffer = '';
        stream_set_blocking($stdout, false);
        while (count($values) < 2 && microtime(true) < $deadline) {
            $read = [$stdout];
            $write = $except = null;
            if (stream_select($read, $write, $except, 0, 200_000) === 1) {
                $chunk = fread($stdout, 4096);
                if ($chunk === '' || $chunk === false) {
                    if (feof($stdout)) {
                        break; // exited before it was ready
                    }
                    continue;
                }
                $buffer .= $chunk;
                while (($nl = strpos($buffer, "\n")) !== false) {
                    $line = trim(substr($buffer, 0, $nl));
                    $buffer = substr($buffer, $nl + 1);
                    if (preg_match('/^(DILNAKA_BASE_URL|DILNAKA_API_KEY)=(\S+)$/', $line, $m)) {
                        $values[$m[1]] = $m[2];
                    }
                }
            }
        }
        return $values;
    }

    /**
     * Stops the group and throws if the server reported spec violations as it stopped
     * (DILNAKA_E2E_PRISM_PROXY=1): a test that tolerated the 418 spec_violation still fails the run.
     */
    public function stop(): void
    {
        if (proc_get_status($this->process)['running']) {
            posix_kill(-$this->pid, SIGTERM);
            // Wait for the whole group, not only pnpm: node writes its stop report and stops Prism last.
            for ($i = 0; $i < 100 && posix_kill(-$this->pid, 0); $i++) {
                usleep(100_000);
            }
            posix_kill(-$this->pid, SIGKILL); // anything left in the group
        }
        proc_close($this->process);
        $log = (string) @file_get_contents($this->dataDir . '.log');
        exec('rm -rf ' . escapeshellarg($this->dataDir) . ' ' . escapeshellarg($this->dataDir . '.log'));
        $at = strpos($log, 'broke spec/openapi.yaml');
        if ($at !== false) {
            $from = strrpos(substr($log, 0, $at), "\n");
            throw new \RuntimeException('the e2e traffic: ' . trim(substr($log, $from === false ? 0 : $from)));
        }
    }

    /**
     * POSTs or DELETEs a dev-only endpoint (`/__dev/faults`, `/__dev/usage`).
     *
     * @param array<mixed>|null $body
     * @return array<mixed>
     */
    public function dev(string $method, string $path, ?array $body = null): array
    {
        $client = new \GuzzleHttp\Client(['http_errors' => true, 'timeout' => 10]);
        $options = ['headers' => ['Authorization' => 'Bearer ' . $this->apiKey]];
        if ($body !== null) {
            $options['json'] = $body;
        }
        return (array) json_decode((string) $client->request($method, $this->baseUrl . $path, $options)->getBody(), true);
    }
}

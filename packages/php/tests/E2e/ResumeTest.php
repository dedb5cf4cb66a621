<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

/**
 * Resume after a crash: a child process (PHP, or the Python SDK: one state file format) uploads
 * with resume on and is killed with SIGKILL after two of five parts are stored; the same call
 * then sends only the missing parts.
 */
final class ResumeTest extends MultipartTestCase
{
    private const PYTHON = __DIR__ . '/../../../../.venv/bin/python';
    /** tsx runs @dilnaka/client from its source (the docs package has it). */
    private const TSX = __DIR__ . '/../../../docs/node_modules/.bin/tsx';
    private const TS_ENTRY = __DIR__ . '/../../../client/src/index.ts';
    private const PYTHON_UPLOAD = 'import sys; from dilnaka import Dilnaka; '
        . 'f = Dilnaka().upload(sys.argv[1], multipart_threshold=0, part_size=5 * 1048576, concurrency=1, resume=True, state_dir=sys.argv[2]); '
        . 'print("uploaded", f.id)';

    /** @return iterable<string, array{string, string}> which SDK is killed, which one resumes */
    public static function sdks(): iterable
    {
        yield 'PHP, then PHP' => ['php', 'php'];
        yield 'Python, then PHP (one state file format for every SDK)' => ['python', 'php'];
        yield 'PHP, then Python' => ['php', 'python'];
        yield 'TypeScript, then PHP' => ['typescript', 'php'];
    }

    /** @dataProvider sdks */
    public function testAfterKill9TheSameCallSendsOnlyTheMissingParts(string $killed, string $resumer): void
    {
        if (($killed === 'python' || $resumer === 'python') && !is_executable(self::PYTHON)) {
            self::markTestSkipped('the repository venv with the Python SDK is missing (scripts/setup.sh makes it)');
        }
        if ($killed === 'typescript' && !is_executable(self::TSX)) {
            self::markTestSkipped('tsx is missing: run pnpm install');
        }
        $path = self::bigFile(23 * self::MIB, 'resumed.bin');
        // Whole seconds: PHP's stat() has no milliseconds, so the mtimeMs a PHP run writes is
        // seconds × 1000; an SDK that compares milliseconds resumes it only for such a file.
        touch($path, time() - 10);
        $stateDir = self::tempDir() . '/state';
        // Part 3 hangs, so the child is certainly mid-upload with parts 1 and 2 stored when it dies.
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'part' => 3, 'delayMs' => 30000, 'times' => 1]);
        $child = self::start($killed, $path, $stateDir);
        $stateFile = self::waitForLines($stateDir, 3);
        // The whole process group: tsx runs the script in a node process of its own, which
        // outlived a kill of tsx alone and finished the upload while PHP resumed it.
        posix_kill(-proc_get_status($child)['pid'], SIGKILL);
        proc_close($child);
        self::$server->dev('DELETE', '/__dev/faults');

        $header = json_decode((string) strtok((string) file_get_contents($stateFile), "\n"), true);
        $client = self::client();
        self::assertSame([1, 2], array_map(static fn ($p) => $p->partNumber, $client->listUploadParts($header['fileId'])->parts));

        self::clearStoreRequests();
        if ($resumer === 'php') {
            $id = $client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, resume: true, stateDir: $stateDir)->id;
        } else {
            $resumed = self::start('python', $path, $stateDir, $out);
            $id = preg_match('/^uploaded (\S+)/m', (string) stream_get_contents($out), $m) ? $m[1] : null;
            proc_close($resumed);
        }

        self::assertSame($header['fileId'], $id, 'the same upload, continued');
        self::assertSame([3 => 1, 4 => 1, 5 => 1], self::putsPerPart(), 'only the missing parts were sent');
        $this->assertSameBytes($path, $id);
        self::assertFileDoesNotExist($stateFile, 'the state file is removed once the upload completes');
    }

    /**
     * A user's program that uploads `$path` with resume on, 5 MiB parts one at a time.
     *
     * @param resource|null $stdout receives the child's stdout
     * @return resource
     */
    private static function start(string $sdk, string $path, string $stateDir, mixed &$stdout = null): mixed
    {
        $command = match ($sdk) {
            'php' => [PHP_BINARY, dirname(__DIR__) . '/Support/upload-child.php', $path, $stateDir],
            'python' => [self::PYTHON, '-c', self::PYTHON_UPLOAD, $path, $stateDir],
            'typescript' => [self::TSX, dirname(__DIR__) . '/Support/ts-upload-child.mjs', (string) realpath(self::TS_ENTRY), $path, $stateDir],
        };
        $child = proc_open(
            ['setsid', ...$command], // its own process group (pgid = the pid proc_open reports), killed whole
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            sys_get_temp_dir(),
            ['DILNAKA_API_KEY' => self::$server->apiKey, 'DILNAKA_BASE_URL' => self::$server->baseUrl, 'PATH' => (string) getenv('PATH'), 'HOME' => sys_get_temp_dir()],
        );
        self::assertIsResource($child);
        $stdout = $pipes[1];
        return $child;
    }

    /** Waits (at most 60 s) until the one state file under the directory has `$lines` lines; returns its path. */
    private static function waitForLines(string $stateDir, int $lines): string
    {
        for ($deadline = microtime(true) + 60; microtime(true) < $deadline; usleep(50_000)) {
            foreach (glob("$stateDir/uploads/*.jsonl") ?: [] as $file) {
                if (substr_count((string) file_get_contents($file), "\n") >= $lines) {
                    return $file;
                }
            }
        }
        self::fail("no state file with $lines lines appeared under $stateDir");
    }
}

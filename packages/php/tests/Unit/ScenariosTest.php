<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\ApiKey;
use Dilnaka\Dilnaka;
use Dilnaka\DotEnv;
use Dilnaka\Upload\ContentType;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use GuzzleHttp\Psr7\Request;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\TestCase;

/**
 * Every case of spec/scenarios/*.json (the vectors all three SDKs share) through the real client, with
 * only Guzzle's handler replaced. A scenario file without a runner here fails the suite.
 */
final class ScenariosTest extends TestCase
{
    private const DIR = __DIR__ . '/../../../../spec/scenarios';
    private const RUNNERS = [
        'error-classification.json' => 'errorClassification',
        'retry.json' => 'retry',
        'access-url.json' => 'accessUrl',
        'config.json' => 'config',
        'dotenv.json' => 'dotenv',
        'content-type.json' => 'contentType',
        'error-hierarchy.json' => 'errorHierarchy',
        'list-pagination.json' => 'listPagination',
        'multipart-plan.json' => [MultipartScenarios::class, 'plan'],
        'multipart-fallback.json' => [MultipartScenarios::class, 'fallback'],
        'multipart-part-retry.json' => [MultipartScenarios::class, 'partRetry'],
        'resume-state.json' => [MultipartScenarios::class, 'resume'],
        'checksums.json' => [ChecksumScenarios::class, 'checksums'],
        'error-messages.json' => [ErrorMessageScenarios::class, 'messages'],
    ];
    private const ENV = ['DILNAKA_API_KEY', 'DILNAKA_BASE_URL', 'DILNAKA_TIMEOUT', 'DILNAKA_STATE_DIR'];

    /** @return iterable<string, array{string, array<mixed>, array<mixed>}> */
    public static function cases(): iterable
    {
        foreach (glob(self::DIR . '/*.json') ?: [] as $path) {
            if (basename($path) !== 'schema.json') {
                foreach (json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR)['cases'] as $case) {
                    yield basename($path) . ': ' . $case['name'] => [basename($path), $case['given'], $case['expect']];
                }
            }
        }
    }

    /**
     * @dataProvider cases
     * @param array<mixed> $given
     * @param array<mixed> $expect
     */
    public function testScenario(string $file, array $given, array $expect): void
    {
        self::assertArrayHasKey($file, self::RUNNERS, "no runner for spec/scenarios/$file");
        $runner = self::RUNNERS[$file];
        is_array($runner) ? $runner($given, $expect) : $this->{$runner}($given, $expect);
    }

    protected function tearDown(): void
    {
        foreach (self::ENV as $name) {
            putenv($name);
        }
    }

    /** @param array<mixed> $given */
    private static function answer(array $given): mixed
    {
        if ($given['connectionError'] ?? false) {
            return new ConnectException('connection refused', new Request('GET', MockApi::BASE));
        }
        $headers = array_map(static fn ($v) => is_string($v) ? $v : gmdate('D, d M Y H:i:s', time() + $v['httpDateFromNow']) . ' GMT', $given['headers'] ?? []);
        return isset($given['bodyText']) ? new Response($given['status'], $headers, $given['bodyText']) : MockApi::json($given['status'], $given['body'], $headers);
    }

    /** @return array<string, string> */
    private static function query(MockApi $api, int $i): array
    {
        parse_str($api->request($i)->getUri()->getQuery(), $query);
        return $query;
    }

    private static function caught(callable $call): ?DilnakaException
    {
        try {
            $call();
        } catch (DilnakaException $e) {
            return $e;
        }
        return null;
    }

    private static function shortName(?object $o): ?string
    {
        return $o === null ? null : (new \ReflectionClass($o))->getShortName();
    }

    private function errorClassification(array $given, array $want): void
    {
        $api = new MockApi([self::answer($given)], maxRetries: 0);
        $e = self::caught(fn () => $api->client->getFile('f1'));
        self::assertSame($want['class']['php'], self::shortName($e));
        self::assertSame([$want['status'], $want['code'], $want['requestId'], $want['retryAfter'] === null ? null : (float) $want['retryAfter']], [$e->status, $e->errorCode, $e->requestId, $e->retryAfter]);
        self::assertNotSame('', trim((string) $e->hint));
    }

    private function retry(array $given, array $want): void
    {
        $api = new MockApi([self::answer($given), MockApi::json(200, MockApi::file('f1'))], maxRetries: 1);
        $e = self::caught(fn () => self::assertSame('f1', $api->client->getFile('f1')->id));
        self::assertSame($want['retried'] ? [null, 2] : [$e === null ? 'an error' : $e::class, 1], [$e === null ? null : $e::class, count($api->history)]);
        if (!$want['retried'] || !array_key_exists('delaySeconds', $want)) {
            return;
        }
        if ($want['delaySeconds'] === null) {
            self::assertTrue($api->sleeps[0] >= 0.375 && $api->sleeps[0] <= 0.5, "backoff {$api->sleeps[0]}");
        } else {
            self::assertEqualsWithDelta($want['delaySeconds'], $api->sleeps[0], $want['tolerance'] ?? 0.001);
        }
    }

    private function accessUrl(array $given, array $want): void
    {
        $api = new MockApi([MockApi::json(200, $given['body'])]);
        $access = $api->client->getFileAccessUrl('f1', $given['expiresIn'] ?? null);
        $warning = $access->warning === null ? null : ['code' => $access->warning, 'message' => $access->warningMessage];
        self::assertSame($want['query'], self::query($api, 0));
        self::assertSame([$want['isTemporary'], $want['expiresIn'], $want['warning']], [$access->isTemporary, $access->expiresIn, $warning]);
    }

    private function errorHierarchy(array $given, array $want): void
    {
        $class = 'Dilnaka\\Errors\\' . $given['class']['php'];
        self::assertTrue(class_exists($class), "$class exists");
        $parents = [];
        for ($p = get_parent_class($class); $p !== false && str_starts_with($p, 'Dilnaka\\'); $p = get_parent_class($p)) {
            $parents[] = substr($p, strrpos($p, '\\') + 1);
        }
        self::assertSame(array_column($want['parents'], 'php'), $parents);
    }

    private function contentType(array $given, array $want): void
    {
        self::assertSame($want['contentType'], ContentType::guess($given['filename']));
    }

    /** The parser on each text; the file search through a real client in a real directory tree. */
    private function dotenv(array $given, array $want): void
    {
        if (isset($given['text'])) {
            self::assertSame($want['values'], DotEnv::parse($given['text']));
            return;
        }
        $root = sys_get_temp_dir() . '/dilnaka-dotenv-' . bin2hex(random_bytes(6));
        foreach ($given['files'] as $path => $text) {
            $target = "$root/$path";
            is_dir(dirname($target)) || mkdir(dirname($target), 0777, true);
            str_ends_with($path, '/') ? (is_dir($target) || mkdir($target, 0777, true)) : file_put_contents($target, $text);
        }
        is_dir("$root/{$given['cwd']}") || mkdir("$root/{$given['cwd']}", 0777, true);
        $cwd = getcwd();
        chdir("$root/{$given['cwd']}");
        foreach (self::ENV as $name) {
            putenv(isset($given['env'][$name]) ? "$name={$given['env'][$name]}" : $name);
        }
        $history = [];
        $stack = HandlerStack::create(new MockHandler([MockApi::json(200, MockApi::file('f1'))]));
        $stack->push(Middleware::history($history));
        try {
            $make = static fn () => new Dilnaka(handler: $stack, envFile: $given['envFile'] ?? null);
            if (isset($want['class'])) {
                $error = self::caught($make);
                self::assertSame($want['class']['php'], self::shortName($error));
                self::assertStringContainsString($want['messageIncludes'], (string) $error?->getMessage());
                return;
            }
            $make()->getFile('f1');
        } finally {
            chdir($cwd);
            exec('rm -rf ' . escapeshellarg($root));
        }
        self::assertSame('Bearer ' . $want['apiKey'], $history[0]['request']->getHeaderLine('Authorization'));
        if (isset($want['baseUrl'])) {
            self::assertSame($want['baseUrl'] . '/v1/files/f1', (string) $history[0]['request']->getUri());
        }
    }

    private function config(array $given, array $want): void
    {
        if (isset($given['redact'])) {
            self::assertSame($want['redacted'], (new ApiKey($given['redact']))->masked());
            return;
        }
        foreach (self::ENV as $name) {
            putenv(isset($given['env'][$name]) ? "$name={$given['env'][$name]}" : $name);
        }
        $envFile = tempnam(sys_get_temp_dir(), 'dilnaka-env');
        file_put_contents($envFile, implode('', array_map(static fn ($k, $v) => "$k=$v\n", array_keys($given['dotenv']), $given['dotenv'])));
        $history = [];
        $stack = HandlerStack::create(new MockHandler([MockApi::json(200, MockApi::file('f1'))]));
        $stack->push(Middleware::history($history));
        $explicit = $given['explicit'];
        try {
            $client = self::caught(fn () => new Dilnaka($explicit['apiKey'] ?? null, $explicit['baseUrl'] ?? null, $explicit['timeout'] ?? null, handler: $stack, envFile: $envFile));
            if (isset($want['class'])) {
                self::assertSame([$want['class']['php'], []], [self::shortName($client), $history]);
                return;
            }
            (new Dilnaka($explicit['apiKey'] ?? null, $explicit['baseUrl'] ?? null, $explicit['timeout'] ?? null, handler: $stack, envFile: $envFile))->getFile('f1');
        } finally {
            unlink($envFile);
        }
        $sent = $history[0];
        self::assertSame(
            ['Bearer ' . $want['apiKey'], $want['baseUrl'] . '/v1/files/f1', (float) $want['timeout']],
            [$sent['request']->getHeaderLine('Authorization'), (string) $sent['request']->getUri(), $sent['options']['timeout']],
        );
    }

    private function listPagination(array $given, array $want): void
    {
        $file = static fn (string $id): array => ['key' => "uploads/$id", 'originalName' => "$id.txt", 'size' => 1] + MockApi::file($id);
        $pages = array_map(static fn (array $p) => MockApi::json(200, array_is_list($p) ? array_map($file, $p) : ['files' => array_map($file, $p['files'])] + $p), $given['pages']);
        $api = new MockApi($pages);
        $ids = [];
        $e = self::caught(function () use ($api, $given, &$ids): void {
            foreach ($api->client->listFiles($given['limit'] ?? null) as $f) {
                $ids[] = $f->id;
            }
        });
        self::assertSame([$want['ids'], $want['queries']], [$ids, array_map(fn ($i) => self::query($api, $i), array_keys($api->history))]);
        self::assertSame($want['class']['php'] ?? null, self::shortName($e));
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Types\UploadedFile;

/**
 * The shared end-to-end fault suite (spec/faults/faults.json, issue #17) against the real dev
 * server: each case arms its faults, makes one SDK call and checks the outcome (success with the
 * bytes stored, or the exception's class, code, status and fileId), the requests the server saw of
 * each kind, that no orphan object or part is left in the store, and that no API key is in the
 * exception. TypeScript (test/e2e/faults-suite.e2e.test.ts) and Python
 * (tests/e2e/test_faults_suite.py) run the same file.
 */
final class FaultsSuiteTest extends E2eTestCase
{
    /** Every field a case may have: any other is a field this runner would silently ignore. */
    private const KNOWN_GIVEN = ['kind', 'file', 'options', 'faults', 'apiKey', 'usage'];
    private const KNOWN_EXPECT = ['outcome', 'class', 'code', 'status', 'fileId', 'requests', 'orphans', 'minSeconds', 'then'];

    private static ?string $runId = null;
    private static ?string $wrongKey = null;

    /** @return array<string, mixed> */
    private static function faultSuite(): array
    {
        return json_decode((string) file_get_contents(dirname(__DIR__, 4) . '/spec/faults/faults.json'), true, flags: JSON_THROW_ON_ERROR);
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function cases(): array
    {
        $cases = [];
        foreach (self::faultSuite()['cases'] as $case) {
            $cases[$case['name']] = [$case];
        }
        return $cases;
    }

    private static function slug(string $name): string
    {
        return trim((string) preg_replace('/[^a-z0-9]+/', '-', strtolower($name)), '-');
    }

    /**
     * One runner per case kind; a kind missing here fails its case.
     *
     * @param array<string, mixed> $case
     */
    private static function runCase(array $case, Dilnaka $client, string $folder, string $path, ?string $fileId): mixed
    {
        $options = $case['given']['options'];
        return match ($case['given']['kind']) {
            'upload' => $client->upload(
                $path,
                folder: $folder,
                multipartThreshold: $options['multipartThreshold'] ?? null,
                partSize: $options['partSize'] ?? null,
                concurrency: $options['concurrency'] ?? null,
            ),
            'accessUrl' => $client->getFileAccessUrl((string) $fileId),
        };
    }

    /**
     * API calls by operationId, store PUTs as `storePut` (an object) or `storePartPut` (a part).
     *
     * @return array<string, int>
     */
    private static function countRequests(): array
    {
        $counts = [];
        foreach (self::$server->dev('GET', '/__dev/api-requests')['requests'] as $r) {
            $counts[$r['operationId']] = ($counts[$r['operationId']] ?? 0) + 1;
        }
        foreach (self::$server->dev('GET', '/__dev/store-requests')['requests'] as $r) {
            if ($r['method'] === 'PUT') {
                $kind = $r['partNumber'] === null ? 'storePut' : 'storePartPut';
                $counts[$kind] = ($counts[$kind] ?? 0) + 1;
            }
        }
        ksort($counts);
        return $counts;
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testFaultCase(array $case): void
    {
        $given = $case['given'];
        $expect = $case['expect'];
        self::assertSame([], array_values(array_diff(array_keys($given), self::KNOWN_GIVEN)), 'unknown given fields');
        self::assertSame([], array_values(array_diff(array_keys($expect), self::KNOWN_EXPECT)), 'unknown expect fields');
        if (!in_array($given['kind'], ['upload', 'accessUrl'], true)) {
            self::fail("faults.json case \"{$case['name']}\": unknown kind \"{$given['kind']}\" (this runner knows upload, accessUrl)");
        }
        self::$runId ??= bin2hex(random_bytes(4));
        self::$wrongKey ??= 'dlk_dev_' . bin2hex(random_bytes(24)); // well-formed, unknown to the server
        $server = self::$server;
        $folder = 'faults/php-' . self::$runId . '/' . self::slug($case['name']);
        $owner = new Dilnaka(apiKey: $server->apiKey, baseUrl: $server->baseUrl, timeout: 30, envFile: '/nonexistent/.env');
        $fileId = null;
        if ($given['kind'] === 'accessUrl') { // acts on a file uploaded first, without faults
            $fileId = $owner->upload(\Dilnaka\Upload\Source::bytes('access me', 'access.txt'), folder: $folder)->id;
        }
        foreach (['/__dev/faults', '/__dev/api-requests', '/__dev/store-requests'] as $log) {
            $server->dev('DELETE', $log);
        }
        $options = $given['options'];
        $client = new Dilnaka(
            apiKey: ($given['apiKey'] ?? null) === 'wrong' ? self::$wrongKey : $server->apiKey,
            baseUrl: $server->baseUrl,
            timeout: $options['timeout'],
            maxRetries: $options['maxRetries'],
            envFile: '/nonexistent/.env',
        );
        $path = self::tempDir() . '/' . self::slug($case['name']) . '.bin';
        if (isset($given['file'])) {
            file_put_contents($path, random_bytes($given['file']['size']));
        }
        try {
            if (isset($given['usage'])) {
                $server->dev('POST', '/__dev/usage', $given['usage']);
            }
            if ($given['faults'] !== []) {
                $server->dev('POST', '/__dev/faults', $given['faults']);
            }
            $started = microtime(true);
            $result = null;
            $error = null;
            try {
                $result = self::runCase($case, $client, $folder, $path, $fileId);
            } catch (DilnakaException $e) {
                $error = $e;
            }
            $seconds = microtime(true) - $started;
            if ($expect['outcome'] === 'success') {
                self::assertNull($error, 'the call failed: ' . ($error?->getMessage() ?? ''));
                if (isset($expect['minSeconds'])) {
                    self::assertGreaterThanOrEqual($expect['minSeconds'] - 0.05, $seconds);
                }
            } else {
                self::assertNotNull($error, 'the call succeeded');
                self::assertSame('Dilnaka\\Errors\\' . $expect['class']['php'], get_class($error), $error->getMessage());
                if (array_key_exists('code', $expect)) {
                    self::assertSame($expect['code'], $error->errorCode);
                }
                if (array_key_exists('status', $expect)) {
                    self::assertSame($expect['status'], $error->status);
                }
                if ($expect['fileId']) {
                    self::assertNotEmpty($error->fileId);
                    if ($fileId !== null) {
                        self::assertSame($fileId, $error->fileId);
                    }
                } else {
                    self::assertNull($error->fileId);
                }
                $shown = implode("\n", [(string) $error, $error->getMessage(), (string) $error->hint, $error->getTraceAsString()]);
                foreach ([$server->apiKey, self::$wrongKey] as $key) {
                    self::assertStringNotContainsString($key, $shown, 'an API key in the exception');
                }
                $then = $expect['then'] ?? null;
                if ($then === 'completeUpload') {
                    $result = $owner->completeUpload((string) $error->fileId);
                    self::assertSame('uploaded', $result->status);
                } elseif ($then !== null) {
                    self::fail("faults.json case \"{$case['name']}\": unknown then \"$then\"");
                }
            }
            $expected = $expect['requests'];
            ksort($expected);
            self::assertSame($expected, self::countRequests(), 'requests the dev server saw');
            if ($result instanceof UploadedFile) {
                self::assertSame('uploaded', $result->status);
                self::assertSame(hash_file('sha256', $path), self::sha256OfUrl($owner->getFileAccessUrl($result->id)->url));
            }
            $orphans = $server->dev('GET', '/__dev/orphans?prefix=' . rawurlencode($folder . '/'))['orphans'];
            self::assertCount($expect['orphans'], $orphans, (string) json_encode($orphans));
        } finally {
            if (isset($given['usage'])) {
                $server->dev('POST', '/__dev/usage', ['plan' => 'free', 'bandwidthBytes' => 0]);
            }
        }
    }
}

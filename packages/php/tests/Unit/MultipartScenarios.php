<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Upload\Multipart\Plan;
use Dilnaka\Upload\Multipart\StateFile;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\Assert;
use Psr\Http\Message\RequestInterface;

/**
 * The runners of the multipart scenario files (ScenariosTest dispatches to them): the real client,
 * its MockHandler answering by operation (RoutedApi), real files on disk.
 */
final class MultipartScenarios
{
    private const MIB = 1048576;

    /** @param array<mixed> $given @param array<mixed> $want */
    public static function plan(array $given, array $want): void
    {
        $plan = null;
        $e = self::caught(static function () use ($given, &$plan): void {
            $plan = Plan::for($given['size'], $given['options'] ?? []);
        });
        if (isset($want['error'])) {
            self::assertError($want['error'], $e);
            return;
        }
        Assert::assertNull($e);
        Assert::assertSame($want['multipart'], $plan->multipart);
        if ($want['multipart']) {
            Assert::assertSame([$want['partSize'], $want['partCount']], [$plan->partSize, $plan->partCount]);
        }
    }

    /** @param array<mixed> $given @param array<mixed> $want */
    public static function fallback(array $given, array $want): void
    {
        $path = self::file($given['size']);
        $api = new RoutedApi([
            'createMultipartUpload' => static fn () => MockApi::json($given['status'], $given['body']),
            'createPresignedUpload' => static fn () => MockApi::json(200, MockApi::presign()),
            'put' => static fn () => new Response(200),
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file()),
        ], maxRetries: 0);
        try {
            $file = null;
            $e = self::caught(static function () use ($api, $path, &$file): void {
                $file = $api->client->upload($path, multipartThreshold: 0);
            });
        } finally {
            unlink($path);
        }
        Assert::assertSame($want['requests'], $api->operations());
        isset($want['error']) ? self::assertError($want['error'], $e) : Assert::assertSame($want['result'], $file?->status);
    }

    /** @param array<mixed> $given @param array<mixed> $want */
    public static function partRetry(array $given, array $want): void
    {
        $path = self::file(10);
        $answers = $given['answers'];
        $api = new RoutedApi([
            'createMultipartUpload' => static fn () => MockApi::json(200, RoutedApi::multipart('f1')),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'listUploadParts' => static fn () => MockApi::json(200, ['fileId' => 'f1', 'uploadId' => 'u_new', 'partSize' => 5242880, 'partCount' => 1, 'size' => 10, 'parts' => []]),
            'put' => static function (RequestInterface $r) use (&$answers) {
                $a = array_shift($answers);
                return match (true) {
                    $a === null => RoutedApi::storedPart($r),
                    $a['connectionError'] ?? false => new ConnectException('Connection reset by peer', $r),
                    default => new Response($a['status'], $a['headers'] ?? [], $a['body'] ?? ''),
                };
            },
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f1', 'aborted' => true]),
        ], maxRetries: 2);
        try {
            $file = null;
            $e = self::caught(static function () use ($api, $path, &$file): void {
                $file = $api->client->upload($path, multipartThreshold: 0);
            });
        } finally {
            unlink($path);
        }
        $counts = [count($api->requests('presignUploadParts')), count($api->requests('put'))];
        Assert::assertSame([$want['presignCalls'], $want['putCalls']], $counts);
        Assert::assertSame($want['aborted'] ?? false, in_array('abortUpload', $api->operations(), true));
        if (isset($want['error'])) {
            self::assertError($want['error'], $e);
            Assert::assertSame('f1', $e->fileId);
            return;
        }
        Assert::assertNull($e, (string) $e?->getMessage());
        Assert::assertSame($want['result'], $file->status);
        Assert::assertSame([['partNumber' => 1, 'etag' => '"etag-1"']], RoutedApi::json($api->requests('completeUpload')[0])['parts']);
    }

    /** @param array<mixed> $given @param array<mixed> $want */
    public static function resume(array $given, array $want): void
    {
        $dir = sys_get_temp_dir() . '/dilnaka-resume-' . bin2hex(random_bytes(4));
        mkdir("$dir/state/uploads", 0700, true);
        $path = "$dir/a.bin";
        file_put_contents($path, str_repeat('r', 12 * self::MIB));
        touch($path, intdiv($given['mtimeMs'], 1000));
        putenv("DILNAKA_STATE_DIR=$dir/state");
        $state = StateFile::for("$dir/state", MockApi::BASE, $path, 'uploads', 'a.bin', 12 * self::MIB, intdiv($given['mtimeMs'], 1000));
        if ($given['stateLines'] !== null) {
            file_put_contents($state->path, implode('', array_map(static fn ($line) => (is_string($line) ? $line : json_encode(self::header($line, $path), JSON_UNESCAPED_SLASHES)) . "\n", $given['stateLines'])));
        }
        $api = new RoutedApi([
            'listUploadParts' => static fn () => MockApi::json($given['listParts']['status'], $given['listParts']['body']),
            'createMultipartUpload' => static fn () => MockApi::json(200, RoutedApi::multipart('f_new', 5242880, 3)),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'put' => static fn (RequestInterface $r) => RoutedApi::storedPart($r),
            'completeUpload' => static fn (RequestInterface $r) => MockApi::json(200, MockApi::file(RoutedApi::json($r)['fileId'])),
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f_old', 'aborted' => true]),
            'getFile' => static fn () => MockApi::json(200, MockApi::file('f_old')),
        ]);
        try {
            $file = $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, resume: true);
            $stateAfter = file_exists($state->path);
        } finally {
            exec('rm -rf ' . escapeshellarg($dir));
        }
        $sent = array_map(static function (RequestInterface $r): int {
            parse_str($r->getUri()->getQuery(), $q);
            return (int) $q['partNumber'];
        }, $api->requests('put'));
        sort($sent);
        $complete = $api->requests('completeUpload');
        $completeParts = $complete === [] ? null : array_column(RoutedApi::json($complete[0])['parts'], 'etag');
        Assert::assertSame(
            [$want['requests'], $want['sent'], $want['completeParts'], $want['stateFileAfter'], $want['result']],
            [array_values(array_diff($api->operations(), ['put'])), $sent, $completeParts, $stateAfter, $file->status],
        );
    }

    /**
     * A state line that says "$header": the scenario's fixed fields, then its own (which win).
     *
     * @param array<mixed> $line
     * @return array<mixed>
     */
    private static function header(array $line, string $path): array
    {
        if (!($line['$header'] ?? false)) {
            return $line;
        }
        unset($line['$header']);
        $fixed = ['fileId' => 'f_old', 'uploadId' => 'u_old', 'baseURL' => MockApi::BASE, 'folder' => 'uploads', 'filename' => basename($path)];
        $line['source'] = ['path' => $path] + ($line['source'] ?? []);
        return array_merge($fixed, $line);
    }

    /** A file of `$size` bytes (sparse: the SDK must decide before reading a 6 GiB one). */
    private static function file(int $size): string
    {
        $path = sys_get_temp_dir() . '/dilnaka-scenario-' . bin2hex(random_bytes(4)) . '.bin';
        $handle = fopen($path, 'w+b');
        ftruncate($handle, $size);
        fclose($handle);
        return $path;
    }

    /** @param array<mixed> $error */
    private static function assertError(array $error, ?DilnakaException $e): void
    {
        Assert::assertSame($error['class']['php'], $e === null ? null : (new \ReflectionClass($e))->getShortName(), (string) $e?->getMessage());
        if (isset($error['field'])) {
            Assert::assertStringContainsString($error['field'], $e->getMessage());
        }
        if (isset($error['messageContains'])) {
            Assert::assertStringContainsString($error['messageContains'], $e->getMessage());
        }
        if (isset($error['code'])) {
            Assert::assertSame($error['code'], $e->errorCode);
        }
        if (isset($error['status'])) {
            Assert::assertSame($error['status'], $e->status);
        }
        Assert::assertNotSame('', trim((string) $e->hint));
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
}

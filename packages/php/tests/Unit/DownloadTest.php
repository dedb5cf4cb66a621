<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\IntegrityException;
use Dilnaka\Errors\QuotaExceededException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Tests\Support\DownloadApi;
use Dilnaka\Tests\Support\MockApi;
use PHPUnit\Framework\TestCase;

/** download(), downloadBytes() and downloadStream() on the wire: Range continuation, verification, atomic rename. */
final class DownloadTest extends TestCase
{
    private string $dir;
    private string $bytes;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/dilnaka-dl-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        $this->bytes = random_bytes(300_000);
    }

    protected function tearDown(): void
    {
        foreach (glob("{$this->dir}/{,.}*", GLOB_BRACE) ?: [] as $f) {
            is_file($f) && unlink($f);
        }
        rmdir($this->dir);
    }

    /** @return array<string, mixed> */
    private function file(?string $checksum = 'whole', ?int $partSize = null): array
    {
        return ['size' => strlen($this->bytes), 'checksumSha256' => $checksum === 'whole' ? Sha256::ofBytes($this->bytes) : $checksum, 'partSize' => $partSize];
    }

    /** @return list<string> every name in the directory, temp files included */
    private function names(): array
    {
        return array_values(array_diff(scandir($this->dir) ?: [], ['.', '..']));
    }

    public function testDownloadsToAPathVerifiedWithoutTheKeyOnTheStoreRequest(): void
    {
        $api = new DownloadApi($this->file(), [[200, [], $this->bytes, false]]);
        $seen = [];
        $result = $api->client->download('f1', "{$this->dir}/out.bin", onProgress: function (int $loaded, int $total) use (&$seen): void {
            $seen[] = [$loaded, $total];
        });

        self::assertSame($this->bytes, file_get_contents("{$this->dir}/out.bin"));
        self::assertSame(['out.bin'], $this->names(), 'the temp file was renamed, none is left');
        self::assertSame(['f1', "{$this->dir}/out.bin", 300_000, Sha256::ofBytes($this->bytes)], [$result->fileId, $result->path, $result->size, $result->checksumSha256]);
        self::assertSame(['GET /v1/files/f1', 'GET /v1/files/f1/access-url'], array_map(static fn ($r) => $r->getMethod() . ' ' . $r->getUri()->getPath(), array_slice($api->sent, 0, 2)));
        $get = $api->storeRequests()[0];
        self::assertSame([DownloadApi::URL, false, false, 'identity'], [(string) $get->getUri(), $get->hasHeader('Authorization'), $get->hasHeader('Range'), $get->getHeaderLine('Accept-Encoding')]);
        self::assertSame([300_000, 300_000], end($seen));
        $loaded = array_column($seen, 0);
        self::assertSame($loaded, array_values(array_unique($loaded)), 'monotonic');
        self::assertSame([1, 1], [count(array_filter($seen, static fn ($s) => $s[0] === 300_000)), count($api->storeRequests())]);
    }

    public function testAResetMidBodyContinuesWithARangeRequest(): void
    {
        $cut = 131072;
        $api = new DownloadApi($this->file(), [
            [200, ['Content-Length' => '300000'], substr($this->bytes, 0, $cut), true],
            [206, ['Content-Range' => "bytes $cut-299999/300000"], substr($this->bytes, $cut), false],
        ]);
        $api->client->download('f1', "{$this->dir}/out.bin");

        self::assertSame($this->bytes, file_get_contents("{$this->dir}/out.bin"));
        self::assertSame(['', "bytes=$cut-"], array_map(static fn ($r) => $r->getHeaderLine('Range'), $api->storeRequests()));
        self::assertCount(1, $api->sleeps, 'the continuation waits the step backoff');
    }

    public function testAShortBodyContinuesAndA200ToTheRangeStartsOver(): void
    {
        // The first, short body is not even the same bytes: starting over must discard all of it.
        $api = new DownloadApi($this->file(), [
            [200, [], str_repeat('x', 70000), false],
            [200, [], $this->bytes, false],
        ]);
        self::assertSame($this->bytes, $api->client->downloadBytes('f1'));
        self::assertSame(['', 'bytes=70000-'], array_map(static fn ($r) => $r->getHeaderLine('Range'), $api->storeRequests()));
    }

    public function testACallersStreamSkipsTheRepeatedBytesOfA200(): void
    {
        $api = new DownloadApi($this->file(), [
            [200, [], substr($this->bytes, 0, 70000), true],
            [200, [], $this->bytes, false],
        ]);
        $stream = fopen('php://temp', 'w+b');
        $result = $api->client->downloadStream('f1', $stream);
        rewind($stream);
        self::assertSame([$this->bytes, null, 300_000], [stream_get_contents($stream), $result->path, $result->size]);
    }

    public function testAWrongRangeAnswerIsRefused(): void
    {
        $api = new DownloadApi($this->file(), [
            [200, [], substr($this->bytes, 0, 1000), true],
            [206, ['Content-Range' => 'bytes 0-299999/300000'], $this->bytes, false],
        ]);
        $e = self::caught(fn () => $api->client->download('f1', "{$this->dir}/out.bin"));
        self::assertInstanceOf(StorageException::class, $e);
        self::assertSame(['invalid_range', []], [$e->errorCode, $this->names()]);
    }

    public function testAChecksumMismatchLeavesNothingUnderTheNameAndKeepsTheOldFile(): void
    {
        file_put_contents("{$this->dir}/out.bin", 'old');
        $bad = $this->bytes;
        $bad[1234] = chr(ord($bad[1234]) ^ 0x20);
        $api = new DownloadApi($this->file(), [[200, [], $bad, false]]);
        $e = self::caught(fn () => $api->client->download('f1', "{$this->dir}/out.bin"));

        self::assertInstanceOf(IntegrityException::class, $e);
        self::assertInstanceOf(StorageException::class, $e);
        self::assertSame(['checksum_mismatch', 'f1'], [$e->errorCode, $e->fileId]);
        self::assertNotSame('', (string) $e->hint);
        self::assertSame(['old', ['out.bin']], [file_get_contents("{$this->dir}/out.bin"), $this->names()]);
        self::assertCount(1, $api->storeRequests(), 'a mismatch is not retried');
    }

    public function testVerifyFalseSkipsTheChecksumButNotTheSize(): void
    {
        $api = new DownloadApi($this->file(Sha256::ofBytes('other')), [[200, [], $this->bytes, false]]);
        self::assertNull($api->client->download('f1', "{$this->dir}/out.bin", verify: false)->checksumSha256);

        $api = new DownloadApi($this->file(), [[200, [], $this->bytes . 'x', false]]);
        $e = self::caught(fn () => $api->client->downloadBytes('f1', verify: false));
        self::assertSame([IntegrityException::class, 'size_mismatch'], [$e::class, $e->errorCode]);
    }

    public function testACompositeChecksumIsRecomputedFromThePartSize(): void
    {
        $partSize = 65536 * 2;
        $parts = array_map(static fn (string $p): string => Sha256::ofBytes($p), str_split($this->bytes, $partSize));
        $composite = Sha256::composite($parts);
        $api = new DownloadApi($this->file($composite, $partSize), [[200, [], $this->bytes, false]]);
        self::assertSame($composite, $api->client->download('f1', "{$this->dir}/out.bin")->checksumSha256);
        self::assertStringEndsWith('-3', $composite);
    }

    public function testACompositeWithoutAPartSizeIsCheckedBySizeOnly(): void
    {
        $composite = Sha256::composite([Sha256::ofBytes('a'), Sha256::ofBytes('b')]);
        $api = new DownloadApi($this->file($composite, null), [[200, [], $this->bytes, false]]);
        self::assertNull($api->client->download('f1', "{$this->dir}/out.bin")->checksumSha256);
        self::assertSame($this->bytes, file_get_contents("{$this->dir}/out.bin"));
    }

    public function testBandwidthErrorsAndTheOverageWarningSurfaceAsForGetFileAccessUrl(): void
    {
        $api = new DownloadApi($this->file(), [], MockApi::error(402, 'bandwidth_limit_exceeded', 'Monthly bandwidth used up'));
        $e = self::caught(fn () => $api->client->download('f1', "{$this->dir}/out.bin"));
        self::assertInstanceOf(QuotaExceededException::class, $e);
        self::assertSame(['bandwidth_limit_exceeded', [], []], [$e->errorCode, $api->storeRequests(), $this->names()]);

        $warned = MockApi::json(200, ['fileId' => 'f1', 'url' => DownloadApi::URL, 'expiresIn' => 60, 'warning' => 'bandwidth_overage_active', 'message' => 'Billed as overage']);
        $api = new DownloadApi($this->file(), [[200, [], $this->bytes, false]], $warned);
        $result = $api->client->download('f1', "{$this->dir}/out.bin", expiresIn: 60);
        self::assertSame(['bandwidth_overage_active', 'Billed as overage'], [$result->warning, $result->warningMessage]);
        self::assertSame('expiresIn=60', $api->sent[1]->getUri()->getQuery());
    }

    public function testResetsBeyondMaxRetriesFailWithNoFileLeft(): void
    {
        $api = new DownloadApi($this->file(), [
            [200, [], substr($this->bytes, 0, 65536), true],
            [206, ['Content-Range' => 'bytes 65536-299999/300000'], substr($this->bytes, 65536, 65536), true],
        ], maxRetries: 1);
        $e = self::caught(fn () => $api->client->download('f1', "{$this->dir}/out.bin"));
        self::assertInstanceOf(ConnectionException::class, $e);
        self::assertStringContainsString('after 131072 of 300000 bytes', $e->getMessage());
        self::assertSame([], $this->names());
    }

    public function testCancelFromTheProgressCallbackStopsTheTransfer(): void
    {
        $api = new DownloadApi($this->file(), [[200, [], $this->bytes, false]]);
        $e = self::caught(fn () => $api->client->download('f1', "{$this->dir}/out.bin", onProgress: static fn (int $loaded): bool => $loaded < 100_000));
        self::assertSame([AbortException::class, 'aborted', []], [$e::class, $e->errorCode, $this->names()]);
    }

    public function testStorageRefusalsAreStorageErrors(): void
    {
        $xml = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
        $api = new DownloadApi($this->file(), [[403, [], $xml, false]]);
        $e = self::caught(fn () => $api->client->downloadBytes('f1'));
        self::assertSame([StorageException::class, 403, 'AccessDenied'], [$e::class, $e->status, $e->errorCode]);
        self::assertStringContainsString('Request has expired', $e->getMessage());
    }

    public function testBadDestinationsFailBeforeAnyRequest(): void
    {
        file_put_contents("{$this->dir}/exists.bin", 'keep');
        $api = new DownloadApi($this->file(), []);
        foreach (["{$this->dir}/exists.bin" => 'file_exists', $this->dir => 'validation_error', "{$this->dir}/no/such/dir.bin" => 'validation_error'] as $path => $code) {
            $e = self::caught(fn () => $api->client->download('f1', $path, overwrite: false));
            self::assertInstanceOf(ValidationException::class, $e, $path);
            self::assertSame($code, $e->errorCode);
        }
        self::assertSame([[], 'keep'], [$api->sent, file_get_contents("{$this->dir}/exists.bin")]);
    }

    public function testOverwriteFalseWritesANewName(): void
    {
        $api = new DownloadApi($this->file(), [[200, [], $this->bytes, false]]);
        $api->client->download('f1', "{$this->dir}/new.bin", overwrite: false);
        self::assertSame([$this->bytes, ['new.bin']], [file_get_contents("{$this->dir}/new.bin"), $this->names()]);
    }

    private static function caught(callable $call): ?\Throwable
    {
        try {
            $call();
        } catch (\Throwable $e) {
            return $e;
        }
        return null;
    }
}

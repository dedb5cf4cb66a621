<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors\IntegrityException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Tests\Support\ChecksumBackend;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Response;
use GuzzleHttp\Psr7\Utils;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** The `checksum` option on the wire (spec/scenarios/README.md, "Checksum conventions"). */
final class ChecksumUploadTest extends TestCase
{
    private const MIB = 1048576;
    private const BAD_DIGEST = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>BadDigest</Code><Message>The SHA256 you specified did not match the calculated checksum.</Message></Error>';
    /** @var list<string> */
    private array $paths = [];

    protected function tearDown(): void
    {
        array_map('unlink', $this->paths);
    }

    private function file(string $bytes): string
    {
        $this->paths[] = $path = sys_get_temp_dir() . '/dilnaka-sum-' . bin2hex(random_bytes(4)) . '.bin';
        file_put_contents($path, $bytes);
        return $path;
    }

    /** @param list<Response> $puts @param list<array<string, mixed>> $list */
    private static function api(array $puts = [], bool $echo = true, array $list = []): RoutedApi
    {
        return ChecksumBackend::api($puts, $echo, $list);
    }

    public function testOnePutOfAFileSignsItsDigestOnlyWithChecksumSha256(): void
    {
        $path = $this->file('hello, dilnaka');
        $api = self::api();
        $api->client->upload($path);
        self::assertArrayNotHasKey('checksumSha256', RoutedApi::json($api->requests('createPresignedUpload')[0]), 'no pre-pass by default');

        $api = self::api();
        $api->client->upload($path, checksum: 'sha256');
        self::assertSame(Sha256::ofBytes('hello, dilnaka'), RoutedApi::json($api->requests('createPresignedUpload')[0])['checksumSha256']);
        self::assertSame(Sha256::ofBytes('hello, dilnaka'), $api->requests('put')[0]->getHeaderLine('x-amz-checksum-sha256'), 'the presigned headers, exactly');

        $api = self::api();
        $api->client->upload(Utils::streamFor('from a stream'), filename: 's.txt', checksum: 'sha256');
        self::assertSame([Sha256::ofBytes('from a stream'), 'from a stream'], [RoutedApi::json($api->requests('createPresignedUpload')[0])['checksumSha256'], (string) $api->requests('put')[0]->getBody()]);
    }

    public function testChecksumFalseSendsNoneAndABadOptionFailsFirst(): void
    {
        $api = self::api();
        $api->client->upload(Source::bytes('abc', 'a.txt'), checksum: false);
        self::assertArrayNotHasKey('checksumSha256', RoutedApi::json($api->requests('createPresignedUpload')[0]));

        $path = $this->file(str_repeat('z', 6 * self::MIB));
        $api = self::api();
        $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, checksum: false);
        self::assertArrayNotHasKey('checksumAlgorithm', RoutedApi::json($api->requests('createMultipartUpload')[0]));
        self::assertArrayNotHasKey('checksums', RoutedApi::json($api->requests('presignUploadParts')[0]));

        $this->expectException(ValidationException::class);
        try {
            $api = self::api();
            $api->client->upload($path, checksum: 'md5');
        } finally {
            self::assertSame([], $api->sent);
        }
    }

    public function testBadDigestOnBytesFailsAtOnceAndAFileIsReadAgainOnce(): void
    {
        $api = self::api([new Response(400, [], self::BAD_DIGEST)]);
        $e = self::caught(fn () => $api->client->upload(Source::bytes('abc', 'a.txt')));
        self::assertInstanceOf(IntegrityException::class, $e);
        self::assertInstanceOf(StorageException::class, $e);
        self::assertSame([400, 'checksum_mismatch', 'f1', 1], [$e->status, $e->errorCode, $e->fileId, count($api->requests('put'))]);
        self::assertStringContainsString('BadDigest', $e->getMessage());
        self::assertNotSame('', (string) $e->hint);

        $path = $this->file('file bytes');
        $api = self::api([new Response(400, [], self::BAD_DIGEST)]);
        self::assertSame('f1', $api->client->upload($path, checksum: 'sha256')->id);
        self::assertCount(2, $api->requests('put'), 'the file was read and sent again once');

        $api = self::api([new Response(400, [], self::BAD_DIGEST), new Response(400, [], str_replace('BadDigest', 'XAmzContentChecksumMismatch', self::BAD_DIGEST))]);
        $e = self::caught(fn () => $api->client->upload($path, checksum: 'sha256'));
        self::assertSame([IntegrityException::class, 2], [$e::class, count($api->requests('put'))]);
        self::assertContains('abortUpload', $api->operations());
    }

    public function testMultipartPartsArePresignedWithTheirDigestAndCompletedWithThem(): void
    {
        $bytes = random_bytes(12 * self::MIB);
        $api = self::api();
        $api->client->upload($this->file($bytes), multipartThreshold: 0, partSize: 5 * self::MIB);

        $sums = array_map(static fn (string $p): string => Sha256::ofBytes($p), str_split($bytes, 5 * self::MIB));
        self::assertSame('SHA256', RoutedApi::json($api->requests('createMultipartUpload')[0])['checksumAlgorithm']);
        $presigned = array_map(static fn (RequestInterface $r): array => RoutedApi::json($r), $api->requests('presignUploadParts'));
        self::assertSame([[1], [2], [3]], array_column($presigned, 'partNumbers'), 'one part per call: presigned once hashed');
        self::assertSame([['1' => $sums[0]], ['2' => $sums[1]], ['3' => $sums[2]]], array_column($presigned, 'checksums'));
        self::assertSame($sums, array_column(RoutedApi::json($api->requests('completeUpload')[0])['parts'], 'checksumSha256'));
    }

    public function testABackendWithoutChecksumsGetsNone(): void
    {
        $api = self::api(echo: false);
        $api->client->upload($this->file(random_bytes(6 * self::MIB)), multipartThreshold: 0, partSize: 5 * self::MIB);
        self::assertSame([[1, 2]], array_map(static fn (RequestInterface $r) => RoutedApi::json($r)['partNumbers'], $api->requests('presignUploadParts')), 'batched as before');
        self::assertArrayNotHasKey('checksums', RoutedApi::json($api->requests('presignUploadParts')[0]));
        self::assertArrayNotHasKey('checksumSha256', RoutedApi::json($api->requests('completeUpload')[0])['parts'][0]);
    }

    public function testAStreamOfUnknownLengthHashesEachPartAsRead(): void
    {
        $bytes = random_bytes(11 * self::MIB);
        $api = self::api();
        $api->client->upload(new NoSeekStream(Utils::streamFor($bytes)), filename: 'pipe.bin', partSize: 5 * self::MIB);
        $sums = array_map(static fn (string $p): string => Sha256::ofBytes($p), str_split($bytes, 5 * self::MIB));
        self::assertSame($sums, array_column(RoutedApi::json($api->requests('completeUpload')[0])['parts'], 'checksumSha256'));

        $api = self::api();
        $api->client->upload(new NoSeekStream(Utils::streamFor('short')), filename: 'pipe.txt');
        self::assertSame(Sha256::ofBytes('short'), RoutedApi::json($api->requests('createPresignedUpload')[0])['checksumSha256'], 'one PUT with the digest read for free');
    }

    public function testAPartRefusedForItsDigestIsReadAgainFromAFileButNotFromAStream(): void
    {
        $bytes = random_bytes(6 * self::MIB);
        $api = self::api([new Response(400, [], self::BAD_DIGEST)]);
        $api->client->upload($this->file($bytes), multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1);
        self::assertCount(3, $api->requests('put'));

        $api = self::api([new Response(400, [], self::BAD_DIGEST)]);
        $e = self::caught(fn () => $api->client->upload(new NoSeekStream(Utils::streamFor($bytes)), filename: 'p.bin', partSize: 5 * self::MIB, concurrency: 1));
        self::assertSame([IntegrityException::class, 'checksum_mismatch', 1], [$e::class, $e->errorCode, count($api->requests('put'))]);
        self::assertStringContainsString('part 1', $e->getMessage());
        self::assertContains('abortUpload', $api->operations());
    }

    public function testResumeTakesStoredPartsChecksumsFromListUploadParts(): void
    {
        $bytes = random_bytes(12 * self::MIB);
        $stored = Sha256::ofBytes(substr($bytes, 0, 5 * self::MIB));
        $api = self::api(list: [['partNumber' => 1, 'etag' => '"s1"', 'size' => 5 * self::MIB, 'checksumSha256' => $stored]]);
        $api->client->resumeUpload('f1', $this->file($bytes));
        $sums = array_map(static fn (string $p): string => Sha256::ofBytes($p), str_split($bytes, 5 * self::MIB));
        self::assertSame([['2' => $sums[1]], ['3' => $sums[2]]], array_map(static fn (RequestInterface $r) => RoutedApi::json($r)['checksums'], $api->requests('presignUploadParts')));
        self::assertSame($sums, array_column(RoutedApi::json($api->requests('completeUpload')[0])['parts'], 'checksumSha256'));
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

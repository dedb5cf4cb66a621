<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Response;
use GuzzleHttp\Psr7\Utils;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** upload() in parts, as it goes on the wire (MockHandler answering by operation). */
final class MultipartUploadTest extends TestCase
{
    private const MIB = 1048576;
    /** @var list<string> */
    private array $paths = [];

    protected function tearDown(): void
    {
        array_map('unlink', $this->paths);
    }

    private function file(string $bytes): string
    {
        $this->paths[] = $path = sys_get_temp_dir() . '/dilnaka-mp-' . bin2hex(random_bytes(4)) . '.bin';
        file_put_contents($path, $bytes);
        return $path;
    }

    /** @param array<string, callable> $routes overrides */
    private static function api(array $routes = [], ?int $partCount = null, array &$bodies = []): RoutedApi
    {
        return new RoutedApi($routes + [
            'createMultipartUpload' => static fn (RequestInterface $r) => MockApi::json(200, RoutedApi::multipart('f1', 5 * self::MIB, $partCount ?? (isset(RoutedApi::json($r)['size']) ? (int) ceil(RoutedApi::json($r)['size'] / (5 * self::MIB)) : null))),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'put' => static function (RequestInterface $r) use (&$bodies) {
                parse_str($r->getUri()->getQuery(), $q);
                $bodies[(int) ($q['partNumber'] ?? 0)] = (string) $r->getBody();
                return RoutedApi::storedPart($r);
            },
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f1', 'aborted' => true]),
            'createPresignedUpload' => static fn () => MockApi::json(200, MockApi::presign('f1')),
        ]);
    }

    public function testAPathIsSentAsRangesOfItselfAndCompletedWithEveryETag(): void
    {
        $bytes = random_bytes(12 * self::MIB + 3);
        $path = $this->file($bytes);
        $bodies = [];
        $api = self::api(bodies: $bodies);
        $file = $api->client->upload($path, folder: 'videos', contentType: 'video/mp4', metadata: ['k' => 'v'], multipartThreshold: 0, partSize: 5 * self::MIB);

        self::assertSame('uploaded', $file->status);
        self::assertSame(['createMultipartUpload', 'presignUploadParts', 'put', 'put', 'put', 'completeUpload'], $api->operations());
        self::assertSame(['filename' => basename($path), 'contentType' => 'video/mp4', 'size' => 12 * self::MIB + 3, 'folder' => 'videos', 'metadata' => ['k' => 'v'], 'partSize' => 5 * self::MIB, 'checksumAlgorithm' => 'SHA256'], RoutedApi::json($api->requests('createMultipartUpload')[0]));
        self::assertSame(['partNumbers' => [1, 2, 3]], RoutedApi::json($api->requests('presignUploadParts')[0]));
        self::assertSame([1 => substr($bytes, 0, 5 * self::MIB), 2 => substr($bytes, 5 * self::MIB, 5 * self::MIB), 3 => substr($bytes, 10 * self::MIB)], $bodies);
        foreach ($api->requests('put') as $put) {
            self::assertFalse($put->hasHeader('Authorization'), 'the API key never goes to storage');
            self::assertSame((string) strlen($bodies[(int) substr((string) strstr($put->getUri()->getQuery(), 'partNumber='), 11)]), $put->getHeaderLine('Content-Length'));
        }
        $parts = array_map(static fn (int $n) => ['partNumber' => $n, 'etag' => "\"etag-$n\""], [1, 2, 3]);
        self::assertSame(['fileId' => 'f1', 'parts' => $parts], RoutedApi::json($api->requests('completeUpload')[0]));
    }

    public function testPartsArePresignedInBatchesOfAHundred(): void
    {
        $path = $this->file('');
        $handle = fopen($path, 'r+b');
        ftruncate($handle, 101 * 5 * self::MIB); // sparse: the MockHandler never reads the bodies
        fclose($handle);
        $api = new RoutedApi([
            'createMultipartUpload' => static fn () => MockApi::json(200, RoutedApi::multipart('f1', 5 * self::MIB, 101)),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'put' => static fn (RequestInterface $r) => RoutedApi::storedPart($r),
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
        ]);
        $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 8);
        $batches = array_map(static fn ($r) => RoutedApi::json($r)['partNumbers'], $api->requests('presignUploadParts'));
        self::assertSame([range(1, 100), [101]], $batches);
        self::assertCount(101, $api->requests('put'));
    }

    public function testAStreamOfUnknownLengthIsCutAsItArrives(): void
    {
        $bytes = random_bytes(12 * self::MIB);
        $bodies = [];
        $api = self::api(bodies: $bodies);
        $calls = [];
        $api->client->upload(new NoSeekStream(Utils::streamFor($bytes)), filename: 'pipe.bin', partSize: 5 * self::MIB, progress: function (int $sent, ?int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });

        self::assertArrayNotHasKey('size', RoutedApi::json($api->requests('createMultipartUpload')[0]), 'size unknown: left out');
        self::assertSame([1 => 5 * self::MIB, 2 => 5 * self::MIB, 3 => 2 * self::MIB], array_map('strlen', $bodies));
        self::assertSame($bytes, implode('', $bodies));
        self::assertSame(range(1, 100), RoutedApi::json($api->requests('presignUploadParts')[0])['partNumbers'], 'the next 100 part numbers');
        self::assertSame([[5 * self::MIB, null], [10 * self::MIB, null], [12 * self::MIB, null], [12 * self::MIB, 12 * self::MIB]], $calls, 'the total is known at the end only');
    }

    /** @return iterable<string, array{int}> */
    public static function shortStreams(): iterable
    {
        yield 'empty' => [0];
        yield 'a few bytes' => [3];
        yield 'exactly one part' => [5 * self::MIB];
    }

    /** @dataProvider shortStreams */
    public function testAStreamThatEndsWithinThePartSizeIsOnePut(int $size): void
    {
        $bytes = random_bytes(max(1, $size));
        $bytes = substr($bytes, 0, $size);
        $bodies = [];
        $api = self::api(bodies: $bodies);
        $api->client->upload(new NoSeekStream(Utils::streamFor($bytes)), filename: 'short.bin', partSize: 5 * self::MIB);
        self::assertSame(['createPresignedUpload', 'put', 'completeUpload'], $api->operations());
        self::assertSame($size, RoutedApi::json($api->requests('createPresignedUpload')[0])['size']);
        self::assertSame([0 => $bytes], $bodies);
    }

    public function testProgressIsOneMonotonicCountEndingWithTheTotal(): void
    {
        $path = $this->file(random_bytes(11 * self::MIB));
        $calls = [];
        self::api()->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, progress: function (int $sent, ?int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });
        self::assertSame([[5 * self::MIB, 11 * self::MIB], [10 * self::MIB, 11 * self::MIB], [11 * self::MIB - 1, 11 * self::MIB], [11 * self::MIB, 11 * self::MIB]], $calls);
    }

    public function testAProgressCallbackReturningFalseCancelsAndAbortsTheUpload(): void
    {
        $path = $this->file(random_bytes(16 * self::MIB));
        $api = self::api();
        try {
            $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, progress: static fn (int $sent): bool => $sent < 5 * self::MIB);
            self::fail('expected an AbortException');
        } catch (Errors\AbortException $e) {
            self::assertSame(['f1', 'aborted'], [$e->fileId, $e->errorCode]);
        }
        self::assertSame(['createMultipartUpload', 'presignUploadParts', 'put', 'abortUpload'], $api->operations(), 'no part after the cancel, then abortUpload');
    }

    public function testAFailedPartAbortsTheUploadAndNamesTheFile(): void
    {
        $path = $this->file(random_bytes(11 * self::MIB));
        $api = self::api(['put' => static fn (RequestInterface $r) => str_contains((string) $r->getUri(), 'partNumber=2') ? new Response(400, [], '<Error><Code>InvalidArgument</Code><Message>Bad part.</Message></Error>') : RoutedApi::storedPart($r)]);
        try {
            $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1);
            self::fail('expected a StorageException');
        } catch (Errors\StorageException $e) {
            self::assertSame([400, 'InvalidArgument', 'f1'], [$e->status, $e->errorCode, $e->fileId]);
            self::assertStringContainsString('part 2', $e->getMessage());
            self::assertStringNotContainsString('X-Amz-Signature', print_r($e, true), 'no presigned URL in the exception or its trace');
        }
        self::assertSame(['createMultipartUpload', 'presignUploadParts', 'put', 'put', 'abortUpload'], $api->operations());
    }

    public function testAFailedCompleteKeepsThePartsAndTheFileId(): void
    {
        $path = $this->file(random_bytes(6 * self::MIB));
        $api = self::api(['completeUpload' => static fn () => MockApi::error(409, 'invalid_part', 'A part is missing.')]);
        try {
            $api->client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB);
            self::fail('expected a ConflictException');
        } catch (Errors\ConflictException $e) {
            self::assertSame(['f1', 'invalid_part'], [$e->fileId, $e->errorCode]);
        }
        self::assertNotContains('abortUpload', $api->operations(), 'every byte is stored: completeUpload can still finish it');
    }

    public function testPartRetriesWaitTheBackoffOrRetryAfter(): void
    {
        $path = $this->file(random_bytes(10));
        $answers = [new Response(503, ['Retry-After' => '2']), new Response(500)];
        $api = self::api(['put' => static function (RequestInterface $r) use (&$answers) {
            return array_shift($answers) ?? RoutedApi::storedPart($r);
        }]);
        $api->client->upload($path, multipartThreshold: 0);
        self::assertSame(2.0, $api->sleeps[0], 'Retry-After honoured');
        self::assertGreaterThanOrEqual(0.75, $api->sleeps[1], 'then the second backoff step');
        self::assertLessThanOrEqual(1.0, $api->sleeps[1]);
    }

    /** @return iterable<string, array{\Closure(RoutedApi, string): mixed, string}> */
    public static function badCalls(): iterable
    {
        yield 'resume with bytes' => [fn (RoutedApi $a) => $a->client->upload(Source::bytes('x', 'x.bin'), multipartThreshold: 0, resume: true), 'resume works for file paths only'];
        yield 'resume with a pipe' => [fn (RoutedApi $a) => $a->client->upload(new NoSeekStream(Utils::streamFor('x')), filename: 'x.bin', resume: true), 'resume works for file paths only'];
        yield 'a small part size' => [fn (RoutedApi $a, string $p) => $a->client->upload($p, partSize: 1024), 'partSize must be'];
        yield 'too many in flight' => [fn (RoutedApi $a, string $p) => $a->client->upload($p, concurrency: 65), 'concurrency must be'];
        yield 'a pipe with a bad folder' => [fn (RoutedApi $a) => $a->client->upload(new NoSeekStream(Utils::streamFor('x')), filename: 'x.bin', folder: '../x'), '".." segment'];
        yield 'presign part 0' => [fn (RoutedApi $a) => $a->client->presignUploadParts('f1', [0]), 'partNumbers must be'];
        yield 'presign a part twice' => [fn (RoutedApi $a) => $a->client->presignUploadParts('f1', [1, 1]), 'partNumbers must be'];
        yield 'presign 1001 parts' => [fn (RoutedApi $a) => $a->client->presignUploadParts('f1', range(1, 1001)), 'partNumbers must be'];
        yield 'complete without ETag' => [fn (RoutedApi $a) => $a->client->completeUpload('f1', [['partNumber' => 1]]), 'parts must list'];
        yield 'complete with no part' => [fn (RoutedApi $a) => $a->client->completeUpload('f1', []), 'parts must hold'];
        yield 'create with a 1 MiB part' => [fn (RoutedApi $a) => $a->client->createMultipartUpload('a.bin', 'application/octet-stream', 10, partSize: self::MIB), "'partSize'"];
        yield 'list a bad id' => [fn (RoutedApi $a) => $a->client->listUploadParts('a/b'), 'not a Dilnaka file id'];
        yield 'list a bad status' => [fn (RoutedApi $a) => iterator_to_array($a->client->listFiles(status: 'gone')), 'status must be'];
    }

    /** @dataProvider badCalls */
    public function testBadInputFailsBeforeAnyRequest(\Closure $call, string $expected): void
    {
        $api = self::api();
        try {
            $call($api, $this->file('data'));
            self::fail('expected a ValidationException');
        } catch (Errors\ValidationException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
            self::assertNotEmpty($e->hint);
        }
        self::assertSame([], $api->operations());
    }
}

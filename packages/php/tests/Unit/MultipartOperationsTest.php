<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Types\PresignedPart;
use Dilnaka\Types\UploadedPart;
use Dilnaka\Upload\Multipart\PartUrls;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** The lower-level multipart calls, resumeUpload(), and when a part URL counts as expired. */
final class MultipartOperationsTest extends TestCase
{
    private const MIB = 1048576;

    /** @return array<string, mixed> */
    private static function list(array $parts, ?int $size = 11 * self::MIB): array
    {
        return ['fileId' => 'f1', 'uploadId' => 'u1', 'partSize' => 5 * self::MIB, 'partCount' => $size === null ? null : 3, 'size' => $size, 'parts' => $parts];
    }

    public function testEachCallSendsItsRequestAndReturnsItsType(): void
    {
        $api = new RoutedApi([
            'createMultipartUpload' => static fn () => MockApi::json(200, RoutedApi::multipart('f1', 16 * self::MIB, null)),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r, 900),
            'listUploadParts' => static fn () => MockApi::json(200, self::list([['partNumber' => 2, 'etag' => '"b"', 'size' => 5 * self::MIB], ['partNumber' => 1, 'etag' => '"a"', 'size' => 5 * self::MIB]])),
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f1', 'aborted' => true]),
        ]);
        $c = $api->client;

        $upload = $c->createMultipartUpload('backup.tar', 'application/x-tar', folder: 'backups', partSize: 16 * self::MIB);
        self::assertSame(['filename' => 'backup.tar', 'contentType' => 'application/x-tar', 'folder' => 'backups', 'partSize' => 16 * self::MIB], RoutedApi::json($api->sent[0][1]));
        self::assertSame(['f1', 'u_new', 16 * self::MIB, null, 86400], [$upload->fileId, $upload->uploadId, $upload->partSize, $upload->partCount, $upload->expiresIn]);

        $parts = $c->presignUploadParts('f1', [2, 1]);
        self::assertSame('http://api.test/v1/uploads/f1/parts', (string) $api->sent[1][1]->getUri());
        self::assertSame([2, 1], array_map(static fn (PresignedPart $p) => $p->partNumber, $parts));
        self::assertSame(['PUT', [], 900], [$parts[0]->method, $parts[0]->headers, $parts[0]->expiresIn]);

        $list = $c->listUploadParts('f1');
        self::assertSame('GET', $api->sent[2][1]->getMethod());
        self::assertSame([1, 2], array_map(static fn (UploadedPart $p) => $p->partNumber, $list->parts), 'ascending');
        self::assertSame([3, 11 * self::MIB, 'u1'], [$list->partCount, $list->size, $list->uploadId]);

        $c->completeUpload('f1', parts: $list->parts);
        self::assertSame(['fileId' => 'f1', 'parts' => [['partNumber' => 1, 'etag' => '"a"'], ['partNumber' => 2, 'etag' => '"b"']]], RoutedApi::json($api->sent[3][1]));

        $aborted = $c->abortUpload('f1');
        self::assertSame(['DELETE', 'http://api.test/v1/uploads/f1'], [$api->sent[4][1]->getMethod(), (string) $api->sent[4][1]->getUri()]);
        self::assertSame([true, 'f1', true], [$aborted->success, $aborted->fileId, $aborted->aborted]);
    }

    public function testResumeUploadSendsOnlyWhatStorageLacks(): void
    {
        $path = tempnam(sys_get_temp_dir(), 'dilnaka-resume');
        file_put_contents($path, str_repeat('r', 11 * self::MIB));
        $stored = [['partNumber' => 1, 'etag' => '"s1"', 'size' => 5 * self::MIB], ['partNumber' => 3, 'etag' => '"short"', 'size' => 10]];
        $api = new RoutedApi([
            'listUploadParts' => static fn () => MockApi::json(200, self::list($stored)),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'put' => static fn (RequestInterface $r) => RoutedApi::storedPart($r),
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
        ]);
        try {
            $api->client->resumeUpload('f1', $path);
        } finally {
            unlink($path);
        }
        self::assertSame(['listUploadParts', 'presignUploadParts', 'put', 'put', 'completeUpload'], $api->operations());
        self::assertSame([2, 3], RoutedApi::json($api->requests('presignUploadParts')[0])['partNumbers'], 'part 3 is too short: sent again');
        self::assertSame(['"s1"', '"etag-2"', '"etag-3"'], array_column(RoutedApi::json($api->requests('completeUpload')[0])['parts'], 'etag'));
    }

    public function testResumeUploadOfAnotherFileOrAGoneUploadIsRefused(): void
    {
        $api = new RoutedApi(['listUploadParts' => static fn () => MockApi::json(200, self::list([], 999))]);
        $this->expectException(Errors\ValidationException::class);
        $this->expectExceptionMessage('announced 999');
        $api->client->resumeUpload('f1', \Dilnaka\Upload\Source::bytes('abc', 'a.bin'));
    }

    public function testResumeUploadOfACompletedUploadReturnsTheFile(): void
    {
        $api = new RoutedApi([
            'listUploadParts' => static fn () => MockApi::error(409, 'upload_already_completed', 'This upload is complete.'),
            'getFile' => static fn () => MockApi::json(200, MockApi::file('f1')),
        ]);
        self::assertSame('f1', $api->client->resumeUpload('f1', \Dilnaka\Upload\Source::bytes('abc', 'a.bin'))->id);
        self::assertSame(['listUploadParts', 'getFile'], $api->operations());
    }

    public function testAPartUrlIsPresignedAgainSixtySecondsBeforeItExpires(): void
    {
        $now = 1000.0;
        $calls = [];
        $urls = new PartUrls(static function (string $id, array $numbers) use (&$calls): array {
            $calls[] = $numbers;
            return array_map(static fn (int $n) => new PresignedPart($n, "http://store.test/$n", 'PUT', [], 300), $numbers);
        }, 'f1', [1, 2, 3], static function () use (&$now): float {
            return $now;
        });
        $urls->get(1);
        $now += 239; // 300 s lifetime less the 60 s margin: still fresh
        $urls->get(2);
        $urls->done(1);
        $now += 2;
        $urls->get(3);
        $urls->get(3, renew: true); // storage answered 403
        self::assertSame([[1, 2, 3], [3], [3]], $calls, 'a stale URL is presigned again, and so is one storage refused');
    }
}

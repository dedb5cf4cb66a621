<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Contract;

use Dilnaka\Upload\Source;
use GuzzleHttp\Handler\CurlMultiHandler;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/** The multipart operations against the spec's mock: Prism rejects any request that breaks the contract. */
final class MultipartTest extends PrismTestCase
{
    public function testCreateMultipartUploadReturnsTheUpload(): void
    {
        $sent = [];
        $upload = self::client(null, $sent)->createMultipartUpload('video.mp4', 'video/mp4', 6442450944, 'videos');
        self::assertSame(['clx_file_id', 'videos/2026/05/clx_file_id-video.mp4', '2~kQ9fJx3sZ0', 16777216, 384, 86400], [$upload->fileId, $upload->fileKey, $upload->uploadId, $upload->partSize, $upload->partCount, $upload->expiresIn]);
        self::assertSame(['filename' => 'video.mp4', 'contentType' => 'video/mp4', 'size' => 6442450944, 'folder' => 'videos'], json_decode((string) $sent[0]->getBody(), true));
    }

    public function testCreateWithoutSizeForAStream(): void
    {
        $upload = self::client()->createMultipartUpload('backup.tar', 'application/x-tar', folder: 'backups', partSize: 67108864);
        self::assertSame('clx_file_id', $upload->fileId);
    }

    public function testPresignUploadPartsReturnsTheParts(): void
    {
        $parts = self::client()->presignUploadParts('clx_file_id', [1, 2, 3, 4]);
        self::assertSame(1, $parts[0]->partNumber);
        self::assertSame('https://s3-presigned-url?partNumber=1&uploadId=2~kQ9fJx3sZ0', $parts[0]->url);
        self::assertSame(['PUT', [], 3600], [$parts[0]->method, $parts[0]->headers, $parts[0]->expiresIn]);
    }

    public function testListUploadPartsReturnsTheStoredParts(): void
    {
        $list = self::client()->listUploadParts('clx_file_id');
        self::assertSame(['clx_file_id', '2~kQ9fJx3sZ0', 16777216, 384, 6442450944], [$list->fileId, $list->uploadId, $list->partSize, $list->partCount, $list->size]);
        self::assertSame([1, '"5d41402abc4b2a76b9719d911017c592"', 16777216], [$list->parts[0]->partNumber, $list->parts[0]->etag, $list->parts[0]->size]);
    }

    public function testAbortUploadAndCompleteWithParts(): void
    {
        $aborted = self::client()->abortUpload('clx_file_id');
        self::assertSame([true, 'clx_file_id', true], [$aborted->success, $aborted->fileId, $aborted->aborted]);
        $file = self::client()->completeUpload('clx_file_id', [['partNumber' => 2, 'etag' => '"b"'], ['partNumber' => 1, 'etag' => '"a"']]);
        self::assertSame('uploaded', $file->status);
    }

    public function testListFilesWithAStatus(): void
    {
        $sent = [];
        iterator_to_array(self::client(null, $sent)->listFiles(status: 'pending'), false);
        self::assertSame('status=pending', $sent[0]->getUri()->getQuery());
    }

    public function testAMultipartUploadSpeaksTheContractOnEveryApiStep(): void
    {
        // Prism's part URL is not a real store: answer that PUT here, everything else goes to Prism.
        $curl = new CurlMultiHandler();
        $puts = [];
        $handler = static function (RequestInterface $request, array $options) use ($curl, &$puts) {
            if ($request->getUri()->getHost() === 's3-presigned-url') {
                $puts[] = $request;
                return Create::promiseFor(new Response(200, ['ETag' => '"e1"']));
            }
            return $curl($request, $options);
        };
        $sent = [];
        $file = self::client(null, $sent, $handler)->upload(Source::bytes(str_repeat('x', 94), 'test.txt'), multipartThreshold: 0);

        self::assertSame('uploaded', $file->status);
        self::assertSame(['/v1/uploads/multipart', '/v1/uploads/clx_file_id/parts', '/v1/uploads/complete'], array_map(static fn ($r) => $r->getUri()->getPath(), array_values(array_filter($sent, static fn ($r) => $r->getUri()->getHost() !== 's3-presigned-url'))));
        self::assertCount(1, $puts);
        self::assertFalse($puts[0]->hasHeader('Authorization'));
        self::assertSame(['fileId' => 'clx_file_id', 'parts' => [['partNumber' => 1, 'etag' => '"e1"']]], json_decode((string) end($sent)->getBody(), true));
    }
}

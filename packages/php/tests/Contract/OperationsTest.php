<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Contract;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\ErrorFactory;
use Dilnaka\Tests\Support\SpecResponses;
use Dilnaka\Upload\Source;
use GuzzleHttp\Handler\CurlHandler;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/** Every operation against the spec's mock: Prism rejects a request that breaks the contract. */
final class OperationsTest extends PrismTestCase
{
    /** @return array<string, \Closure(Dilnaka): mixed> one valid call per operationId */
    private static function calls(): array
    {
        return [
            'createPresignedUpload' => fn (Dilnaka $c) => $c->createPresignedUpload('test.txt', 'text/plain', 94, 'uploads', ['owner' => 'u1']),
            'completeUpload' => fn (Dilnaka $c) => $c->completeUpload('clx_file_id'),
            'listFiles' => fn (Dilnaka $c) => iterator_to_array($c->listFiles(limit: 10), false),
            'getFile' => fn (Dilnaka $c) => $c->getFile('clx_file_id'),
            'deleteFile' => fn (Dilnaka $c) => $c->deleteFile('clx_file_id'),
            'getFileAccessUrl' => fn (Dilnaka $c) => $c->getFileAccessUrl('clx_file_id', expiresIn: 600),
            'createMultipartUpload' => fn (Dilnaka $c) => $c->createMultipartUpload('video.mp4', 'video/mp4', 6442450944, 'videos'),
            'presignUploadParts' => fn (Dilnaka $c) => $c->presignUploadParts('clx_file_id', [1, 2, 3, 4]),
            'listUploadParts' => fn (Dilnaka $c) => $c->listUploadParts('clx_file_id'),
            'abortUpload' => fn (Dilnaka $c) => $c->abortUpload('clx_file_id'),
        ];
    }

    public function testTheTestsCoverEveryOperationOfTheSpec(): void
    {
        self::assertEqualsCanonicalizing(array_keys(SpecResponses::errorStatuses()), array_keys(self::calls()));
    }

    public function testCreatePresignedUpload(): void
    {
        $presigned = self::calls()['createPresignedUpload'](self::client());
        self::assertSame('clx_file_id', $presigned->fileId);
        self::assertSame('uploads/2026/05/clx_file_id-test.txt', $presigned->fileKey);
        self::assertSame('https://s3-presigned-url', $presigned->uploadUrl);
        self::assertSame(300, $presigned->expiresIn);
        self::assertSame('PUT', $presigned->method);
        self::assertSame(['Content-Type' => 'text/plain'], $presigned->headers);
    }

    public function testCompleteUploadAndGetFileReturnTheFile(): void
    {
        foreach (['completeUpload', 'getFile'] as $operation) {
            $file = self::calls()[$operation](self::client());
            self::assertSame('clx_file_id', $file->id, $operation);
            self::assertSame('uploaded', $file->status);
            self::assertSame('uploads/2026/05/clx_file_id-test.txt', $file->key);
            self::assertSame('test.txt', $file->originalName);
            self::assertSame('text/plain', $file->contentType);
            self::assertSame(94, $file->size);
            self::assertNull($file->publicUrl);
        }
    }

    public function testListFilesSendsLimitAndStopsOnANullCursor(): void
    {
        $sent = [];
        $files = self::calls()['listFiles'](self::client(null, $sent));
        self::assertCount(1, $files);
        self::assertSame('clx_file_id', $files[0]->id);
        self::assertCount(1, $sent);
        self::assertSame('limit=10', $sent[0]->getUri()->getQuery());
    }

    public function testAccessUrlTemporaryAndWithTheOverageWarning(): void
    {
        $access = self::calls()['getFileAccessUrl'](self::client());
        self::assertSame('https://s3-presigned-url', $access->url);
        self::assertSame(600, $access->expiresIn);
        self::assertTrue($access->isTemporary);
        self::assertNull($access->warning);

        $billed = self::client('example=bandwidth_overage_active')->getFileAccessUrl('clx_file_id', expiresIn: 1200);
        self::assertSame('bandwidth_overage_active', $billed->warning);
        self::assertStringContainsString('billed', (string) $billed->warningMessage);
        self::assertSame(1200, $billed->expiresIn);
    }

    public function testDeleteFile(): void
    {
        $deleted = self::calls()['deleteFile'](self::client());
        self::assertSame('clx_file_id', $deleted->fileId);
        self::assertTrue($deleted->deleted);
        self::assertTrue($deleted->success);
    }

    public function testUploadSpeaksTheContractOnBothApiSteps(): void
    {
        // Prism's presigned URL (https://s3-presigned-url) is not a real store: answer that one PUT
        // here and send everything else to Prism with curl.
        $curl = new CurlHandler();
        $puts = [];
        $handler = static function (RequestInterface $request, array $options) use ($curl, &$puts) {
            if ($request->getUri()->getHost() === 's3-presigned-url') {
                $puts[] = $request;
                return Create::promiseFor(new Response(200));
            }
            return $curl($request, $options);
        };
        $sent = [];
        $file = self::client(null, $sent, $handler)->upload(Source::bytes(str_repeat('x', 94), 'test.txt'));

        self::assertSame('uploaded', $file->status);
        self::assertCount(3, $sent);
        self::assertCount(1, $puts);
        self::assertFalse($puts[0]->hasHeader('Authorization'));
        self::assertSame('text/plain', $puts[0]->getHeaderLine('Content-Type'));
    }

    /** @return iterable<string, array{string, int}> every (operation, error status) of the spec */
    public static function errorCases(): iterable
    {
        foreach (SpecResponses::errorStatuses() as $operation => $statuses) {
            foreach ($statuses as $status) {
                yield "$operation $status" => [$operation, $status];
            }
        }
    }

    /** @dataProvider errorCases */
    public function testEveryErrorStatusBecomesItsException(string $operation, int $status): void
    {
        try {
            self::calls()[$operation](self::client("code=$status"));
            self::fail("$operation with Prefer: code=$status did not throw");
        } catch (ApiException $e) {
            self::assertSame(ErrorFactory::classFor($status), $e::class);
            self::assertSame($status, $e->status);
            self::assertNotNull($e->errorCode, 'the spec example carries an error code');
            self::assertNotEmpty($e->hint);
            self::assertSame('string', $e->requestId, 'Prism fills X-Request-Id from the schema');
        }
    }

    public function testNamedQuotaExamplesKeepTheirCodes(): void
    {
        foreach (['bandwidth_limit_exceeded', 'bandwidth_hard_cap_reached'] as $code) {
            try {
                self::client("code=402, example=$code")->getFileAccessUrl('clx_file_id');
                self::fail('expected a QuotaExceededException');
            } catch (\Dilnaka\Errors\QuotaExceededException $e) {
                self::assertSame($code, $e->errorCode);
            }
        }
    }
}

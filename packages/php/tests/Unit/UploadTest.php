<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use Dilnaka\Errors;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\Response;
use GuzzleHttp\Psr7\Utils;
use PHPUnit\Framework\TestCase;

/** The three upload steps as they go on the wire, for every kind of source. */
final class UploadTest extends TestCase
{
    private string $path;

    protected function setUp(): void
    {
        $this->path = sys_get_temp_dir() . '/dilnaka-unit-' . bin2hex(random_bytes(4)) . '.txt';
        file_put_contents($this->path, 'hello dilnaka');
    }

    protected function tearDown(): void
    {
        @unlink($this->path);
    }

    private static function happy(string $type = 'text/plain'): MockApi
    {
        return new MockApi([MockApi::json(200, MockApi::presign('file_1', $type)), new Response(200), MockApi::json(200, MockApi::file('file_1'))]);
    }

    public function testPresignPutCompleteExactRequests(): void
    {
        $api = self::happy();
        $file = $api->client->upload($this->path, folder: 'avatars', metadata: ['owner' => 'u1']);

        self::assertCount(3, $api->history);
        $presign = $api->request(0);
        self::assertSame('POST', $presign->getMethod());
        self::assertSame('http://api.test/v1/uploads/presign', (string) $presign->getUri());
        self::assertSame('application/json', $presign->getHeaderLine('Content-Type'));
        self::assertSame(
            ['filename' => basename($this->path), 'contentType' => 'text/plain', 'size' => 13, 'folder' => 'avatars', 'metadata' => ['owner' => 'u1']],
            $api->jsonBody(0),
        );

        $put = $api->request(1);
        self::assertSame('PUT', $put->getMethod());
        self::assertSame('http://store.test/bucket/key?X-Amz-Signature=abc', (string) $put->getUri());
        self::assertFalse($put->hasHeader('Authorization'), 'the API key never goes to storage');
        self::assertFalse($put->hasHeader('Expect'));
        self::assertSame('text/plain', $put->getHeaderLine('Content-Type'));
        self::assertSame('13', $put->getHeaderLine('Content-Length'));
        self::assertSame('hello dilnaka', (string) $put->getBody());

        $complete = $api->request(2);
        self::assertSame('http://api.test/v1/uploads/complete', (string) $complete->getUri());
        self::assertSame(['fileId' => 'file_1'], $api->jsonBody(2));
        self::assertSame('file_1', $file->id);
        self::assertSame('uploaded', $file->status);
    }

    public function testFolderDefaultsToUploadsAndUnknownExtensionsToOctetStream(): void
    {
        $api = self::happy('application/octet-stream');
        $api->client->upload(Source::bytes("\x00\x01", 'blob.zzz'));
        // Bytes in memory always carry their SHA-256 (it costs no extra read).
        self::assertSame(['filename' => 'blob.zzz', 'contentType' => 'application/octet-stream', 'size' => 2, 'folder' => 'uploads', 'checksumSha256' => base64_encode(hash('sha256', "\x00\x01", true))], $api->jsonBody(0));
    }

    public function testEverySourceKindSendsItsBytes(): void
    {
        $resource = fopen('php://temp', 'w+b');
        fwrite($resource, 'skip:the rest');
        fseek($resource, 5);
        $pipe = Utils::streamFor(Utils::tryFopen('php://temp', 'w+b'));
        $pipe->write('from a pipe');
        $pipe->rewind();
        $unseekable = new \GuzzleHttp\Psr7\NoSeekStream($pipe);

        $cases = [
            'path' => [$this->path, null, 'hello dilnaka', basename($this->path)],
            'bytes' => [Source::bytes('raw bytes', 'raw.bin'), null, 'raw bytes', 'raw.bin'],
            'resource from its position' => [$resource, 'tail.txt', 'the rest', 'tail.txt'],
            'file resource names itself' => [fopen($this->path, 'rb'), null, 'hello dilnaka', basename($this->path)],
            'psr-7 stream' => [Utils::streamFor('psr seven'), 'p.txt', 'psr seven', 'p.txt'],
            'unseekable stream, size unknown' => [$unseekable, 'pipe.txt', 'from a pipe', 'pipe.txt'],
        ];
        foreach ($cases as $name => [$source, $filename, $bytes, $expectedName]) {
            $api = self::happy();
            $api->client->upload($source, filename: $filename);
            self::assertSame($expectedName, $api->jsonBody(0)['filename'], $name);
            self::assertSame(strlen($bytes), $api->jsonBody(0)['size'], $name);
            self::assertSame($bytes, (string) $api->request(1)->getBody(), $name);
        }
    }

    public function testProgressIsMonotonicAndEndsWithTheTotal(): void
    {
        $api = self::happy();
        $calls = [];
        $api->client->upload($this->path, progress: function (int $sent, int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });
        self::assertSame([13, 13], end($calls));
        self::assertCount(1, array_filter($calls, static fn ($c) => $c[0] === 13), 'the total is reported once');
    }

    public function testAnEmptyFileReportsZeroOfZero(): void
    {
        $api = self::happy();
        $calls = [];
        $api->client->upload(Source::bytes('', 'empty.txt'), progress: function (int $sent, int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });
        self::assertSame([[0, 0]], $calls);
        self::assertSame(0, $api->jsonBody(0)['size']);
        self::assertSame('0', $api->request(1)->getHeaderLine('Content-Length'));
    }

    public function testAFailedPutIsRetriedWithTheWholeBodyAgain(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::presign()), new Response(503, [], '<Error><Code>SlowDown</Code></Error>'), new Response(200), MockApi::json(200, MockApi::file())]);
        $api->client->upload($this->path);
        self::assertCount(4, $api->history);
        self::assertSame('hello dilnaka', (string) $api->request(2)->getBody());
        self::assertCount(1, $api->sleeps);
    }

    public function testAStorageRefusalIsAStorageExceptionWithTheFileId(): void
    {
        $xml = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
        $api = new MockApi([MockApi::json(200, MockApi::presign()), new Response(403, [], $xml), MockApi::json(200, ['success' => true, 'fileId' => 'file_1', 'aborted' => true])]);
        try {
            $api->client->upload($this->path);
            self::fail('expected a StorageException');
        } catch (Errors\StorageException $e) {
            self::assertSame(403, $e->status);
            self::assertSame('AccessDenied', $e->errorCode);
            self::assertSame('file_1', $e->fileId);
            self::assertStringContainsString('Request has expired', $e->getMessage());
            self::assertStringContainsString('upload the file again', (string) $e->hint);
            self::assertCount(3, $api->history, 'a 403 from storage is not retried');
            // The failed upload is abandoned, so no pending file lingers.
            self::assertSame('DELETE http://api.test/v1/uploads/file_1', $api->request(2)->getMethod() . ' ' . $api->request(2)->getUri());
        }
    }

    public function testAProgressCallbackReturningFalseCancelsAndAbortsTheUpload(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::presign()), new Response(200), MockApi::json(200, ['success' => true, 'fileId' => 'file_1', 'aborted' => true])]);
        try {
            $api->client->upload($this->path, progress: static fn (): bool => false);
            self::fail('expected an AbortException');
        } catch (Errors\AbortException $e) {
            self::assertSame(['file_1', 'aborted'], [$e->fileId, $e->errorCode]);
        }
        self::assertSame(['POST', 'PUT', 'DELETE'], array_map(static fn (array $s) => $s['request']->getMethod(), $api->history), 'aborted, never completed');
    }

    public function testAFailedCompleteCarriesTheFileIdForALaterCompleteUpload(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::presign()), new Response(200), ...array_fill(0, 3, MockApi::error(503, 'service_unavailable')), MockApi::json(200, MockApi::file())]);
        try {
            $api->client->upload($this->path);
            self::fail('expected a ServerException');
        } catch (Errors\ServerException $e) {
            self::assertSame('file_1', $e->fileId);
            self::assertStringContainsString("completeUpload('file_1')", $e->hint);
            self::assertSame('uploaded', $api->client->completeUpload($e->fileId)->status);
        }
    }

    /** @return iterable<string, array{\Closure(Dilnaka, string): mixed, string}> */
    public static function badUploads(): iterable
    {
        yield 'missing file' => [fn (Dilnaka $c) => $c->upload('/nonexistent/x.txt'), 'File not found'];
        yield 'directory' => [fn (Dilnaka $c) => $c->upload(sys_get_temp_dir()), 'Path is not a file'];
        yield 'empty path' => [fn (Dilnaka $c) => $c->upload(''), 'path is empty'];
        yield 'bytes passed as path' => [fn (Dilnaka $c) => $c->upload("PNG\0\0data"), 'looks like file contents'];
        yield 'integer source' => [fn (Dilnaka $c) => $c->upload(42), 'Cannot upload a int'];
        yield 'unnamed stream' => [fn (Dilnaka $c) => $c->upload(Utils::streamFor('x')), 'needs a filename'];
        yield 'filename with slash' => [fn (Dilnaka $c, string $p) => $c->upload($p, filename: 'a/b.txt'), 'Invalid filename'];
        yield 'folder with ..' => [fn (Dilnaka $c, string $p) => $c->upload($p, folder: 'a/../b'), '".." segment'];
        yield 'folder with leading /' => [fn (Dilnaka $c, string $p) => $c->upload($p, folder: '/etc'), 'starts with "/"'];
        yield 'folder with control char' => [fn (Dilnaka $c, string $p) => $c->upload($p, folder: "a\nb"), 'control character'];
        yield 'empty folder' => [fn (Dilnaka $c, string $p) => $c->upload($p, folder: ''), 'it is empty'];
        yield 'long folder' => [fn (Dilnaka $c, string $p) => $c->upload($p, folder: str_repeat('a', 513)), 'longer than 512'];
        yield 'bad content type' => [fn (Dilnaka $c, string $p) => $c->upload($p, contentType: 'text'), 'contentType must be a MIME type'];
        yield 'non-string metadata' => [fn (Dilnaka $c, string $p) => $c->upload($p, metadata: ['n' => 1]), 'metadata must map'];
        yield 'negative presign size' => [fn (Dilnaka $c) => $c->createPresignedUpload('a.txt', 'text/plain', -1), 'size must be 0 or more'];
        yield 'long presign filename' => [fn (Dilnaka $c) => $c->createPresignedUpload(str_repeat('a', 256), 'text/plain', 1), 'filename must be 1 to 255 characters'];
    }

    /** @dataProvider badUploads */
    public function testBadUploadInputFailsBeforeAnyRequest(\Closure $call, string $expected): void
    {
        $api = new MockApi();
        try {
            $call($api->client, $this->path);
            self::fail('expected a ValidationException');
        } catch (Errors\ValidationException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
            self::assertNotEmpty($e->hint);
        }
        self::assertCount(0, $api->history);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Tests\Support\MockApi;
use PHPUnit\Framework\TestCase;

/** The files operations: exact requests out, typed results in. */
final class FilesTest extends TestCase
{
    public function testGetFileSendsAnAuthenticatedGetAndReturnsTheTypedFile(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::file('file_1') + ['metadata' => ['owner' => 'u1']])]);
        $file = $api->client->getFile('file_1');

        $request = $api->request(0);
        self::assertSame('GET', $request->getMethod());
        self::assertSame('http://api.test/v1/files/file_1', (string) $request->getUri());
        self::assertSame('Bearer ' . MockApi::KEY, $request->getHeaderLine('Authorization'));
        self::assertSame('application/json', $request->getHeaderLine('Accept'));
        self::assertStringStartsWith('dilnaka-php/' . Dilnaka::VERSION, $request->getHeaderLine('User-Agent'));

        self::assertSame('file_1', $file->id);
        self::assertSame('uploads/2026/05/file_1-test.txt', $file->key);
        self::assertSame('uploaded', $file->status);
        self::assertSame('test.txt', $file->originalName);
        self::assertSame('text/plain', $file->contentType);
        self::assertSame(94, $file->size);
        self::assertNull($file->publicUrl);
        self::assertSame(['owner' => 'u1'], $file->metadata);
    }

    public function testListFilesFollowsNextCursorLazily(): void
    {
        $api = new MockApi([
            MockApi::json(200, ['files' => [MockApi::file('a'), MockApi::file('b')], 'nextCursor' => 'c2']),
            MockApi::json(200, ['files' => [MockApi::file('c')], 'nextCursor' => null]),
        ]);
        $files = $api->client->listFiles(limit: 2);
        self::assertCount(0, $api->history, 'nothing is fetched before the loop starts');

        $ids = [];
        foreach ($files as $file) {
            $ids[] = $file->id;
        }
        self::assertSame(['a', 'b', 'c'], $ids);
        self::assertSame('limit=2', $api->request(0)->getUri()->getQuery());
        self::assertSame('limit=2&cursor=c2', $api->request(1)->getUri()->getQuery());
    }

    public function testListFilesAcceptsTheBareArrayOfOlderBackends(): void
    {
        $api = new MockApi([MockApi::json(200, [MockApi::file('a'), ['id' => 'b', 'key' => 'k', 'status' => 'pending']])]);
        $ids = array_map(static fn ($f) => $f->id, iterator_to_array($api->client->listFiles(), false));
        self::assertSame(['a', 'b'], $ids);
        self::assertSame('', $api->request(0)->getUri()->getQuery());
    }

    public function testListFilesStopsOnACursorGivenTwice(): void
    {
        $page = MockApi::json(200, ['files' => [], 'nextCursor' => 'same']);
        $api = new MockApi([$page, MockApi::json(200, ['files' => [], 'nextCursor' => 'same'])]);
        $this->expectException(DilnakaException::class);
        $this->expectExceptionMessage('twice');
        iterator_to_array($api->client->listFiles());
    }

    public function testAccessUrlWithExpiresInAsksForATemporaryUrl(): void
    {
        $api = new MockApi([MockApi::json(200, ['fileId' => 'file_1', 'url' => 'https://dl', 'expiresIn' => 600, 'isTemporary' => true])]);
        $access = $api->client->getFileAccessUrl('file_1', expiresIn: 600);

        self::assertSame('http://api.test/v1/files/file_1/access-url?expiresIn=600', (string) $api->request(0)->getUri());
        self::assertSame('file_1', $access->fileId);
        self::assertSame('https://dl', $access->url);
        self::assertSame(600, $access->expiresIn);
        self::assertTrue($access->isTemporary);
        self::assertNull($access->warning);
    }

    public function testAccessUrlDerivesIsTemporaryAndSurfacesTheOverageWarning(): void
    {
        $api = new MockApi([
            MockApi::json(200, ['fileId' => 'f', 'url' => 'https://dl']),
            MockApi::json(200, ['fileId' => 'f', 'url' => 'https://dl', 'expiresIn' => 1200, 'success' => true, 'warning' => 'bandwidth_overage_active', 'message' => 'Extra usage will be billed.']),
        ]);
        $permanent = $api->client->getFileAccessUrl('f');
        self::assertSame('http://api.test/v1/files/f/access-url', (string) $api->request(0)->getUri());
        self::assertNull($permanent->expiresIn);
        self::assertFalse($permanent->isTemporary, 'no isTemporary and no expiresIn: not temporary');

        $billed = $api->client->getFileAccessUrl('f');
        self::assertTrue($billed->isTemporary, 'no isTemporary but an expiresIn: temporary');
        self::assertSame('bandwidth_overage_active', $billed->warning);
        self::assertSame('Extra usage will be billed.', $billed->warningMessage);
    }

    public function testDeleteFileReturnsTheTypedAnswer(): void
    {
        $api = new MockApi([MockApi::json(200, ['success' => true, 'fileId' => 'file_1', 'deleted' => true])]);
        $deleted = $api->client->deleteFile('file_1');
        self::assertSame('DELETE', $api->request(0)->getMethod());
        self::assertSame('http://api.test/v1/files/file_1', (string) $api->request(0)->getUri());
        self::assertSame('file_1', $deleted->fileId);
        self::assertTrue($deleted->deleted);
        self::assertTrue($deleted->success);
    }

    public function testAResponseWithoutTheFileIdIsAnError(): void
    {
        $api = new MockApi([MockApi::json(200, ['status' => 'uploaded', 'key' => 'k'])]);
        $this->expectException(DilnakaException::class);
        $this->expectExceptionMessage('missing the file id');
        $api->client->getFile('file_1');
    }

    public function testANonJsonSuccessIsAnError(): void
    {
        $api = new MockApi([new \GuzzleHttp\Psr7\Response(200, [], '<html>login</html>')]);
        $this->expectException(DilnakaException::class);
        $this->expectExceptionMessage('non-JSON');
        $api->client->getFile('file_1');
    }

    /** @return iterable<string, array{\Closure(Dilnaka): mixed, string}> */
    public static function badInputs(): iterable
    {
        yield 'empty file id' => [fn (Dilnaka $c) => $c->getFile(''), 'fileId is required'];
        yield 'path in file id' => [fn (Dilnaka $c) => $c->getFile('../admin'), 'is not a Dilnaka file id'];
        yield 'query in file id' => [fn (Dilnaka $c) => $c->deleteFile('a?b=c'), 'is not a Dilnaka file id'];
        yield 'too long file id' => [fn (Dilnaka $c) => $c->getFileAccessUrl(str_repeat('a', 129)), 'is not a Dilnaka file id'];
        yield 'zero expiresIn' => [fn (Dilnaka $c) => $c->getFileAccessUrl('f', expiresIn: 0), 'expiresIn must be greater than 0'];
        yield 'negative expiresIn' => [fn (Dilnaka $c) => $c->getFileAccessUrl('f', expiresIn: -5), 'expiresIn must be greater than 0'];
        yield 'expiresIn over 7 days' => [fn (Dilnaka $c) => $c->getFileAccessUrl('f', expiresIn: 604801), 'at most 604800'];
        yield 'zero page size' => [fn (Dilnaka $c) => $c->listFiles(limit: 0), 'limit must be between 1 and 1000'];
        yield 'huge page size' => [fn (Dilnaka $c) => $c->listFiles(limit: 1001), 'limit must be between 1 and 1000'];
        yield 'empty complete id' => [fn (Dilnaka $c) => $c->completeUpload(' '), 'fileId is required'];
    }

    /** @dataProvider badInputs */
    public function testBadInputFailsBeforeAnyRequest(\Closure $call, string $expected): void
    {
        $api = new MockApi();
        try {
            $call($api->client);
            self::fail('expected a ValidationException');
        } catch (ValidationException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
            self::assertNotEmpty($e->hint);
        }
        self::assertCount(0, $api->history);
    }
}

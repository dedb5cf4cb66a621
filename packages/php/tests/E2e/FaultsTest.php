<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\ServerException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Retry;
use Dilnaka\Upload\Source;

/**
 * Faults injected by the dev server: the SDK recovers from what is transient and reports the rest.
 * Header faults count per exact value, so each test tags its value with a unique `id=`.
 */
final class FaultsTest extends E2eTestCase
{
    private static function tag(string $fault): string
    {
        return $fault . ';id=' . bin2hex(random_bytes(4));
    }

    public function testTwo503sOnEveryApiStepAreRecovered(): void
    {
        $sent = [];
        $file = self::client(self::tag('status=503;times=2'), $sent)->upload(Source::bytes('survives 503s', 'a.txt'));
        self::assertSame('uploaded', $file->status);
        // presign 3 tries (2 × 503), PUT 1, complete 1 (the header's two failures are used up)
        self::assertCount(5, $sent);
    }

    public function testA429WithRetryAfterIsWaitedOutAndRecovered(): void
    {
        $sleeps = [];
        $retry = new Retry(2, sleep: function (float $s) use (&$sleeps): void {
            $sleeps[] = $s;
            usleep((int) ($s * 1e6));
        });
        $file = self::client(self::tag('status=429;retry-after=1;times=1'), retry: $retry)->getFile(
            self::client()->upload(Source::bytes('x', 'x.txt'))->id,
        );
        self::assertSame('uploaded', $file->status);
        self::assertSame([1.0], $sleeps, 'Retry-After: 1 is waited exactly');
    }

    public function testAResetConnectionIsRecovered(): void
    {
        $sent = [];
        $file = self::client(self::tag('reset;times=1'), $sent)->upload(Source::bytes('after a reset', 'r.txt'));
        self::assertSame('uploaded', $file->status);
        self::assertCount(4, $sent, 'presign twice, PUT, complete');
    }

    public function testASlowAnswerTimesOutAndTheRetryRecovers(): void
    {
        $sent = [];
        $id = self::client()->upload(Source::bytes('slow', 'slow.txt'))->id;
        $file = self::client(self::tag('delay=3000;times=1'), $sent, timeout: 1)->getFile($id);
        self::assertSame($id, $file->id);
        self::assertCount(2, $sent, 'the first try timed out after 1 s, the second answered');
    }

    public function testStorageFaultsOnThePutAreRecovered(): void
    {
        $sent = [];
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'status' => 503, 'times' => 2]);
        $file = self::client(null, $sent)->upload(Source::bytes('store 503s', 's.txt'));
        self::assertSame('uploaded', $file->status);
        self::assertSame(['POST', 'PUT', 'PUT', 'PUT', 'POST'], array_map(static fn ($r) => $r->getMethod(), $sent));

        $sent = [];
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'reset' => true, 'times' => 1]);
        $path = self::tempFile(str_repeat('r', 3 << 20), 'reset.bin');
        $file = self::client(null, $sent)->upload($path);
        self::assertSame(3 << 20, $file->size);
        self::assertSame(['POST', 'PUT', 'PUT', 'POST'], array_map(static fn ($r) => $r->getMethod(), $sent));
        self::assertSame(hash_file('sha256', $path), self::sha256OfUrl(self::client()->getFileAccessUrl($file->id)->url));
    }

    public function testACompleteThatKeepsFailingCarriesTheFileIdToFinishLater(): void
    {
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'completeUpload', 'status' => 503, 'times' => 3]);
        $client = self::client();
        try {
            $client->upload(Source::bytes('complete me later', 'later.txt'));
            self::fail('expected a ServerException');
        } catch (ServerException $e) {
            self::assertNotNull($e->fileId);
            self::assertSame('pending', $client->getFile($e->fileId)->status);
            self::assertSame('uploaded', $client->completeUpload($e->fileId)->status);
        }
    }

    public function testAnExpiredUploadUrlIsAStorageExceptionWithAHint(): void
    {
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'createPresignedUpload', 'expireUrl' => true, 'times' => 1]);
        try {
            self::client()->upload(Source::bytes('too late', 'late.txt'));
            self::fail('expected a StorageException');
        } catch (StorageException $e) {
            self::assertSame(403, $e->status);
            self::assertNotNull($e->fileId);
            self::assertStringContainsString('upload the file again', (string) $e->hint);
            self::assertStringNotContainsString('X-Amz-Signature=', $e->getMessage());
        }
    }

    public function testAnUnreachableServerIsAConnectionException(): void
    {
        $client = new \Dilnaka\Dilnaka(apiKey: self::$server->apiKey, baseUrl: 'http://127.0.0.1:9', timeout: 2, retry: new Retry(1, sleep: static fn () => null), envFile: '/nonexistent/.env');
        $this->expectException(ConnectionException::class);
        $client->getFile('file_1');
    }
}

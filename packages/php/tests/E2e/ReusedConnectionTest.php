<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\ConnectionException;
use Dilnaka\Retry;
use Dilnaka\Upload\Source;

/**
 * A reset on a kept-alive connection must cost exactly one attempt of the retry budget. curl re-sends
 * a request whose reused connection died before an answer ("Connection died, retrying a fresh
 * connect"), and Guzzle re-sends once more when curl cannot rewind the body: without the transport's
 * fix the dev server saw `maxRetries + 2` requests (issue 17: complete 4 times for 3 resets).
 * Armed faults are consumed one per request the server receives, so any extra request shows up as a
 * fault used too many (or a call that should fail succeeding).
 */
final class ReusedConnectionTest extends E2eTestCase
{
    private static function noRetrySleep(int $maxRetries): Retry
    {
        return new Retry($maxRetries, sleep: static fn () => null);
    }

    public function testThreeResetsOfCompleteWithTwoRetriesFailAfterThreeRequests(): void
    {
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'completeUpload', 'reset' => true, 'times' => 3]);
        // The same client for presign and complete: complete goes out on presign's kept-alive connection.
        $client = self::client(retry: self::noRetrySleep(2));
        try {
            $client->upload(Source::bytes('complete is reset three times', 'reset3.txt'));
            self::fail('a fourth complete reached the server: curl re-sent a request on a reused connection');
        } catch (ConnectionException $e) {
            self::assertNotNull($e->fileId);
            self::assertSame('pending', $client->getFile($e->fileId)->status);
        }
        self::assertSame([], self::$server->dev('GET', '/__dev/faults')['armed'] ?? null, 'all three resets used, no fourth request');
    }

    public function testAResetGetWithoutRetriesIsOneRequest(): void
    {
        $client = self::client(retry: self::noRetrySleep(0));
        $id = $client->upload(Source::bytes('read me', 'get.txt'))->id;
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'getFile', 'reset' => true, 'times' => 2]);
        try {
            $client->getFile($id);
            self::fail('getFile succeeded: its request was sent more than once');
        } catch (ConnectionException) {
        }
        $left = self::$server->dev('GET', '/__dev/faults')['armed'] ?? [];
        self::assertSame([1], array_column($left, 'times'), 'one of the two resets used');
        self::$server->dev('DELETE', '/__dev/faults');
    }

    public function testAResetPartPutWithoutRetriesIsOnePut(): void
    {
        $dir = self::tempDir();
        file_put_contents("$dir/parts.bin", str_repeat('p', (10 << 20) + 500_000));
        // Parts 1 and 2 go first: part 3 goes out on one of their connections. Part 3, the last,
        // is under 1 MB: Guzzle hands curl such a body as a string, which curl can send again.
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'part' => 3, 'reset' => true, 'times' => 1]);
        self::$server->dev('DELETE', '/__dev/store-requests');
        try {
            self::client(retry: self::noRetrySleep(0))->upload("$dir/parts.bin", multipartThreshold: 0, partSize: 5 << 20, concurrency: 2);
            self::fail('the upload succeeded: part 3 was sent again behind the retry policy');
        } catch (ConnectionException $e) {
            self::assertNotNull($e->fileId);
        }
        $part3 = array_filter(self::$server->dev('GET', '/__dev/store-requests')['requests'], static fn (array $r): bool => $r['method'] === 'PUT' && $r['partNumber'] === 3);
        self::assertCount(1, $part3, 'part 3 reached storage once');
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors;
use Dilnaka\Retry;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\RequestException;
use GuzzleHttp\Psr7\Request;
use PHPUnit\Framework\TestCase;

/** Retries per step: transient failures are retried with backoff or Retry-After, others are not. */
final class RetryTest extends TestCase
{
    public function testTwo503sThenSuccessIsRecoveredWithGrowingBackoff(): void
    {
        $api = new MockApi([MockApi::error(503, 'service_unavailable'), MockApi::error(503, 'service_unavailable'), MockApi::json(200, MockApi::file())]);
        self::assertSame('file_1', $api->client->getFile('file_1')->id);
        self::assertCount(3, $api->history);
        self::assertCount(2, $api->sleeps);
        self::assertGreaterThanOrEqual(0.375, $api->sleeps[0]);
        self::assertLessThanOrEqual(0.5, $api->sleeps[0]);
        self::assertGreaterThanOrEqual(0.75, $api->sleeps[1]);
        self::assertLessThanOrEqual(1.0, $api->sleeps[1]);
    }

    public function testRetryAfterIsWaitedExactly(): void
    {
        $api = new MockApi([MockApi::error(429, 'rate_limited', 'wait', ['Retry-After' => '3']), MockApi::json(200, MockApi::file())]);
        $api->client->getFile('file_1');
        self::assertSame([3.0], $api->sleeps);
    }

    public function testARetryAfterBeyondTheCapWaitsTheCapAndIsKeptOnTheError(): void
    {
        $api = new MockApi(array_fill(0, 3, MockApi::error(429, 'rate_limited', 'wait', ['Retry-After' => '3600'])));
        try {
            $api->client->getFile('file_1');
            self::fail('expected a RateLimitException');
        } catch (Errors\RateLimitException $e) {
            self::assertSame(3600.0, $e->retryAfter);
            self::assertSame([60.0, 60.0], $api->sleeps);
        }
    }

    public function testGivesUpAfterMaxRetriesWithTheLastError(): void
    {
        $api = new MockApi(array_fill(0, 3, MockApi::error(500, 'internal_error')));
        $this->expectException(Errors\ServerException::class);
        try {
            $api->client->getFile('file_1');
        } finally {
            self::assertCount(3, $api->history, '1 try + 2 retries');
        }
    }

    public function testResetAndRefusedConnectionsAreRetried(): void
    {
        $request = new Request('GET', 'http://api.test/v1/files/file_1');
        $api = new MockApi([
            new RequestException('cURL error 56: Connection reset by peer', $request),
            new ConnectException('cURL error 7: Failed to connect', $request),
            MockApi::json(200, MockApi::file()),
        ]);
        self::assertSame('file_1', $api->client->getFile('file_1')->id);
        self::assertCount(2, $api->sleeps);
    }

    public function testACurlTimeoutBecomesATimeoutException(): void
    {
        $request = new Request('GET', 'http://api.test/v1/files/file_1');
        $api = new MockApi([new ConnectException('cURL error 28: Operation timed out', $request, null, ['errno' => 28])], maxRetries: 0);
        $this->expectException(Errors\TimeoutException::class);
        $api->client->getFile('file_1');
    }

    public function testBackoffDoublesFromHalfASecondUpToEight(): void
    {
        $retry = new Retry(10);
        foreach ([0 => 0.5, 1 => 1.0, 2 => 2.0, 3 => 4.0, 4 => 8.0, 5 => 8.0, 9 => 8.0] as $n => $ceiling) {
            $delay = (float) $retry->delay($n);
            self::assertLessThanOrEqual($ceiling, $delay, "retry $n");
            self::assertGreaterThanOrEqual($ceiling * 0.75, $delay, "retry $n");
        }
    }
}

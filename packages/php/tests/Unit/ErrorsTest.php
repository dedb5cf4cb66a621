<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors;
use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\RetryAfter;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\TestCase;

/** Error responses become the exception of their status, with code, request id, retryAfter and hint. */
final class ErrorsTest extends TestCase
{
    // Every status → class, code, request id, retryAfter, hint: spec/scenarios/error-classification.json
    // (ScenariosTest). Here: the PHP message composition (detail(), "HTTP <status>", request id).
    /** @return iterable<string, array{int, string, class-string<ApiException>}> */
    public static function statuses(): iterable
    {
        yield '404' => [404, 'not_found', Errors\NotFoundException::class];
        yield '418 unknown' => [418, 'teapot', ApiException::class];
    }

    /**
     * @dataProvider statuses
     * @param class-string<ApiException> $class
     */
    public function testStatusBecomesItsException(int $status, string $code, string $class): void
    {
        $api = new MockApi([MockApi::error($status, $code, 'The reason.', ['X-Request-Id' => 'req_42'])], maxRetries: 0);
        try {
            $api->client->getFile('file_1');
            self::fail('expected an exception');
        } catch (ApiException $e) {
            self::assertSame($class, $e::class);
            self::assertSame($status, $e->status);
            self::assertSame($status, $e->getCode());
            self::assertSame($code, $e->errorCode);
            self::assertSame('req_42', $e->requestId);
            // The message rule (spec/scenarios/error-messages.json): operation, method, path, status, code, the server's words.
            self::assertSame("getFile GET /v1/files/file_1 failed: $status $code: The reason.", $e->detail());
            self::assertSame("getFile GET /v1/files/file_1 failed: $status $code: The reason (request id req_42). Hint: {$e->hint}", $e->getMessage());
        }
    }

    public function testEveryKnownCodeHasAHint(): void
    {
        foreach (['invalid_request', 'unauthorized', 'storage_limit_exceeded', 'bandwidth_limit_exceeded', 'bandwidth_hard_cap_reached', 'forbidden', 'not_found', 'upload_incomplete', 'size_mismatch', 'file_not_uploaded', 'file_too_large', 'validation_error', 'rate_limited', 'internal_error', 'service_unavailable'] as $code) {
            self::assertNotEmpty(Errors\ErrorFactory::hint(400, $code), $code);
        }
        self::assertStringContainsString('support', (string) Errors\ErrorFactory::hint(402, 'bandwidth_hard_cap_reached'));
    }

    public function testRequestIdFromTheBodyAndRetryAfterFromTheHeader(): void
    {
        $api = new MockApi([MockApi::json(429, ['success' => false, 'error' => 'rate_limited', 'message' => 'Slow down.', 'requestId' => 'req_body'], ['Retry-After' => '120'])], maxRetries: 0);
        try {
            $api->client->getFile('file_1');
            self::fail('expected an exception');
        } catch (Errors\RateLimitException $e) {
            self::assertSame('req_body', $e->requestId);
            self::assertSame(120.0, $e->retryAfter);
        }
    }

    public function testANonJsonErrorPageStillGivesTheStatusException(): void
    {
        $api = new MockApi([new Response(502, ['Content-Type' => 'text/html'], '<html><body>Bad gateway</body></html>')], maxRetries: 0);
        try {
            $api->client->getFile('file_1');
            self::fail('expected an exception');
        } catch (Errors\ServerException $e) {
            // No code in the body: the status's; the page itself never in the message.
            self::assertSame('http_502', $e->errorCode);
            self::assertStringStartsWith('getFile GET /v1/files/file_1 failed: 502 http_502: ', $e->getMessage());
            self::assertStringNotContainsString('<html>', $e->getMessage());
        }
    }

    public function testRetryAfterAcceptsSecondsAndHttpDates(): void
    {
        self::assertSame(3.0, RetryAfter::parse('3'));
        self::assertSame(30.0, RetryAfter::parse(gmdate('D, d M Y H:i:s', 1_000_030) . ' GMT', 1_000_000));
        self::assertNull(RetryAfter::parse(''));
        self::assertNull(RetryAfter::parse('soon'));
    }

    public function testHierarchy(): void
    {
        self::assertInstanceOf(DilnakaException::class, new Errors\ConfigException('x'));
        self::assertInstanceOf(Errors\ConnectionException::class, new Errors\TimeoutException('x'));
        self::assertInstanceOf(ApiException::class, new Errors\QuotaExceededException('x'));
        self::assertInstanceOf(DilnakaException::class, new Errors\StorageException('x'));
    }
}

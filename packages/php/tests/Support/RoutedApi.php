<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

use Dilnaka\Dilnaka;
use Dilnaka\Retry;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/**
 * A Dilnaka client whose MockHandler answers by operation instead of by queue position: parts go
 * out in parallel, so their order on the wire is not fixed. Each request is named by its operationId
 * (`put` for storage) and recorded; a route answers a Response, or an exception for no answer.
 */
final class RoutedApi
{
    public const STORE = 'http://store.test';

    public Dilnaka $client;
    /** @var list<array{string, RequestInterface}> operation and request, in the order sent */
    public array $sent = [];
    /** @var list<float> */
    public array $sleeps = [];

    /** @param array<string, callable(RequestInterface): (Response|\Throwable)> $routes operationId => answer */
    public function __construct(private array $routes, int $maxRetries = 2)
    {
        $route = function (RequestInterface $request): Response|\Throwable {
            $operation = self::operation($request);
            $this->sent[] = [$operation, $request];
            $answer = $this->routes[$operation] ?? throw new \LogicException("no route for $operation");
            return $answer($request);
        };
        $this->client = new Dilnaka(
            apiKey: MockApi::KEY,
            baseUrl: MockApi::BASE,
            timeout: 5,
            handler: HandlerStack::create(new MockHandler(array_fill(0, 2000, $route))),
            retry: new Retry($maxRetries, sleep: function (float $s): void {
                $this->sleeps[] = $s;
            }),
            envFile: '/nonexistent/.env',
        );
    }

    public static function operation(RequestInterface $request): string
    {
        if (str_starts_with((string) $request->getUri(), self::STORE)) {
            return 'put';
        }
        $path = $request->getUri()->getPath();
        return match (true) {
            $path === '/v1/uploads/multipart' => 'createMultipartUpload',
            $path === '/v1/uploads/presign' => 'createPresignedUpload',
            $path === '/v1/uploads/complete' => 'completeUpload',
            (bool) preg_match('~^/v1/uploads/[^/]+/parts$~', $path) => $request->getMethod() === 'GET' ? 'listUploadParts' : 'presignUploadParts',
            (bool) preg_match('~^/v1/uploads/[^/]+$~', $path) => 'abortUpload',
            (bool) preg_match('~^/v1/files/[^/]+$~', $path) => $request->getMethod() === 'GET' ? 'getFile' : 'deleteFile',
            default => "{$request->getMethod()} $path",
        };
    }

    /** @return list<string> the operations sent, in order */
    public function operations(): array
    {
        return array_map(static fn (array $s): string => $s[0], $this->sent);
    }

    /** @return list<RequestInterface> */
    public function requests(string $operation): array
    {
        return array_values(array_map(static fn (array $s) => $s[1], array_filter($this->sent, static fn (array $s): bool => $s[0] === $operation)));
    }

    /** @return array<mixed> */
    public static function json(RequestInterface $request): array
    {
        return json_decode((string) $request->getBody(), true, 512, JSON_THROW_ON_ERROR);
    }

    /** A presignUploadParts answer: one store URL per part asked for. */
    public static function presignedParts(RequestInterface $request, int $expiresIn = 3600): Response
    {
        $parts = array_map(static fn (int $n): array => [
            'partNumber' => $n,
            'url' => self::STORE . "/bucket/key?partNumber=$n&uploadId=u1&X-Amz-Signature=s" . bin2hex(random_bytes(2)),
            'method' => 'PUT',
            'headers' => [],
            'expiresIn' => $expiresIn,
        ], self::json($request)['partNumbers']);
        return MockApi::json(200, ['parts' => $parts]);
    }

    /** A stored part: 200 with ETag "etag-<n>". */
    public static function storedPart(RequestInterface $request): Response
    {
        parse_str($request->getUri()->getQuery(), $query);
        return new Response(200, ['ETag' => '"etag-' . ($query['partNumber'] ?? '1') . '"']);
    }

    /** @return array<string, mixed> a createMultipartUpload answer */
    public static function multipart(string $fileId = 'f_new', int $partSize = 5242880, ?int $partCount = 1): array
    {
        return ['fileId' => $fileId, 'fileKey' => "uploads/2026/12/$fileId-a.bin", 'uploadId' => 'u_new', 'partSize' => $partSize, 'partCount' => $partCount, 'expiresIn' => 86400];
    }
}

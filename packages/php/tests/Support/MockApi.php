<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

use Dilnaka\Dilnaka;
use Dilnaka\Retry;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/**
 * A Dilnaka client whose transport is Guzzle's MockHandler: queued responses in, recorded requests
 * out (history middleware), and retry waits recorded instead of slept.
 */
final class MockApi
{
    public const KEY = 'dlk_dev_unitTestSecretKey1234';
    public const BASE = 'http://api.test';

    public MockHandler $mock;
    /** @var list<array{request: RequestInterface, options: array<string, mixed>}> */
    public array $history = [];
    /** @var list<float> */
    public array $sleeps = [];
    public Dilnaka $client;

    /** @param list<mixed> $responses Response objects or exceptions, in order */
    public function __construct(array $responses = [], int $maxRetries = 2)
    {
        $this->mock = new MockHandler($responses);
        $stack = HandlerStack::create($this->mock);
        $stack->push(Middleware::history($this->history));
        $this->client = new Dilnaka(
            apiKey: self::KEY,
            baseUrl: self::BASE,
            timeout: 5,
            handler: $stack,
            retry: new Retry($maxRetries, sleep: function (float $s): void {
                $this->sleeps[] = $s;
            }),
            envFile: '/nonexistent/.env',
        );
    }

    /** @param array<mixed> $body */
    public static function json(int $status, array $body, array $headers = []): Response
    {
        return new Response($status, ['Content-Type' => 'application/json'] + $headers, json_encode($body, JSON_THROW_ON_ERROR));
    }

    public static function error(int $status, string $code, string $message = 'failed', array $headers = []): Response
    {
        return self::json($status, ['success' => false, 'error' => $code, 'message' => $message], $headers);
    }

    public function request(int $i): RequestInterface
    {
        return $this->history[$i]['request'];
    }

    /** @return array<mixed> */
    public function jsonBody(int $i): array
    {
        return json_decode((string) $this->request($i)->getBody(), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> */
    public static function file(string $id = 'file_1', string $status = 'uploaded'): array
    {
        return ['fileId' => $id, 'status' => $status, 'key' => "uploads/2026/05/$id-test.txt", 'originalName' => 'test.txt', 'contentType' => 'text/plain', 'size' => 94, 'publicUrl' => null];
    }

    /** @return array<string, mixed> */
    public static function presign(string $id = 'file_1', string $type = 'text/plain'): array
    {
        return ['fileId' => $id, 'fileKey' => "uploads/2026/05/$id-test.txt", 'uploadUrl' => 'http://store.test/bucket/key?X-Amz-Signature=abc', 'expiresIn' => 300, 'method' => 'PUT', 'headers' => ['Content-Type' => $type]];
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

use Dilnaka\Dilnaka;
use Dilnaka\Retry;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Promise\PromiseInterface;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/**
 * A Dilnaka client whose handler plays the API (getFile, getFileAccessUrl) and a store that answers
 * GETs as curl delivers them: on_headers with the status line first, then the body into the sink in
 * 64 KiB chunks (stopping when the sink refuses one, as curl does), then, for a scripted reset, a
 * ConnectException after the bytes already written. Each store answer is [status, headers, body,
 * reset?]; requests are recorded.
 */
final class DownloadApi
{
    public const URL = 'http://store.test/bucket/uploads/f1-data.bin?X-Amz-Signature=abc';

    public Dilnaka $client;
    /** @var list<RequestInterface> */
    public array $sent = [];
    /** @var list<float> */
    public array $sleeps = [];

    /**
     * @param array<string, mixed> $file the getFile answer (fileId, size, checksumSha256, partSize...)
     * @param list<array{int, array<string, string>, string, bool}> $store
     * @param Response|null $access the getFileAccessUrl answer (default: 200 with URL)
     */
    public function __construct(array $file, private array $store, private ?Response $access = null, int $maxRetries = 2)
    {
        $file += MockApi::file('f1');
        $handler = function (RequestInterface $request, array $options) use ($file): PromiseInterface {
            $this->sent[] = $request;
            $path = $request->getUri()->getPath();
            return match (true) {
                str_ends_with($path, '/access-url') => Create::promiseFor($this->access ?? MockApi::json(200, ['fileId' => 'f1', 'url' => self::URL, 'expiresIn' => 3600, 'isTemporary' => true])),
                str_starts_with($path, '/v1/files/') => Create::promiseFor(MockApi::json(200, $file)),
                default => $this->storeGet($request, $options),
            };
        };
        $this->client = new Dilnaka(
            apiKey: MockApi::KEY,
            baseUrl: MockApi::BASE,
            timeout: 5,
            handler: HandlerStack::create($handler),
            retry: new Retry($maxRetries, sleep: function (float $s): void {
                $this->sleeps[] = $s;
            }),
            envFile: '/nonexistent/.env',
        );
    }

    /** @return list<RequestInterface> the store GETs */
    public function storeRequests(): array
    {
        return array_values(array_filter($this->sent, static fn (RequestInterface $r): bool => $r->getUri()->getHost() === 'store.test'));
    }

    /** @param array<string, mixed> $options */
    private function storeGet(RequestInterface $request, array $options): PromiseInterface
    {
        [$status, $headers, $body, $reset] = array_shift($this->store) ?? throw new \LogicException('no store answer left');
        $response = new Response($status, $headers);
        $options['on_headers']($response);
        foreach ($body === '' ? [] : str_split($body, 65536) as $chunk) {
            if ($options['sink']->write($chunk) !== strlen($chunk)) {
                return Create::rejectionFor(new ConnectException('cURL error 23: Failure writing output to destination', $request));
            }
        }
        if ($reset) {
            return Create::rejectionFor(new ConnectException('cURL error 56: Recv failure: Connection reset by peer', $request, null, ['errno' => 56]));
        }
        return Create::promiseFor($response);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\ErrorFactory;
use Dilnaka\Errors\Message;
use Dilnaka\Errors\TimeoutException;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\GuzzleException;
use GuzzleHttp\Pool;
use GuzzleHttp\Promise\PromiseInterface;
use Psr\Http\Message\ResponseInterface;

/**
 * The one Guzzle client of a Dilnaka instance. `api()` sends an authenticated JSON request to the
 * Dilnaka API with retries; `send()` sends any request (the storage PUT uses it, without the key)
 * and turns transport failures into SDK exceptions whose messages hide the key and URL signatures.
 */
final class Transport
{
    private const CURLE_OPERATION_TIMEDOUT = 28;

    public function __construct(
        private readonly ClientInterface $http,
        public readonly Config $config,
        public readonly Retry $retry,
    ) {
    }

    /**
     * @param array<string, scalar> $query
     * @param array<mixed>|null $json
     * @return array<mixed> the decoded JSON body ([] for an empty body)
     */
    public function api(string $operation, string $method, string $path, array $query = [], ?array $json = null): array
    {
        $options = [
            'http_errors' => false,
            'timeout' => $this->config->timeout,
            'connect_timeout' => $this->config->timeout,
            'headers' => [
                'Accept' => 'application/json',
                'User-Agent' => 'dilnaka-php/' . Dilnaka::VERSION . ' PHP/' . PHP_VERSION,
            ],
        ];
        if ($query !== []) {
            $options['query'] = $query;
        }
        if ($json !== null) {
            $options['json'] = $json;
        }
        $url = $this->config->baseUrl . $path;

        return $this->retry->run(function (int $n) use ($operation, $method, $url, $options): array {
            $response = $this->send($operation, $method, $url, $options, withApiKey: true, attempt: $n + 1);
            if ($response->getStatusCode() >= 300) { // a redirect too: never followed (allow_redirects off)
                throw ErrorFactory::fromResponse($response, self::what($operation, $method, $url, true), $n + 1);
            }
            return $this->decode($response, $operation);
        });
    }

    /**
     * Sends one request. The Authorization header is added here, into a local variable, and no
     * argument ever holds the key: exception traces (which may list arguments) cannot show it.
     *
     * @param array<string, mixed> $options Guzzle request options
     */
    public function send(string $operation, string $method, string $url, array $options, bool $withApiKey = false, int $attempt = 1): ResponseInterface
    {
        $request = self::withoutConnectionReuse($options);
        if ($withApiKey) {
            $request['headers']['Authorization'] = 'Bearer ' . $this->config->apiKey->reveal();
        }
        try {
            // Inside uploadDirectory()'s fibers the request goes on curl's multi handle and the
            // fiber waits there, so other files move meanwhile; everywhere else it is synchronous.
            return Cooperative::active()
                ? Cooperative::await($this->http->requestAsync($method, $url, $request))
                : $this->http->request($method, $url, $request);
        } catch (GuzzleException $e) {
            // Guzzle's exception holds the request, Authorization header included: chain only a
            // scrubbed copy of its message, so getPrevious() cannot leak the key either.
            $timedOut = self::timedOut($e);
            $detail = $this->scrub($e->getMessage());
            $cause = new \RuntimeException($e::class . ': ' . $detail);
        }
        // Thrown outside the catch block, with nothing but strings passed along. The message says
        // how many attempts were made, the hint whether retries happened at all (never a claim).
        $failed = Message::failed(self::what($operation, $method, $url, $withApiKey), $attempt);
        $note = $withApiKey ? ' ' . Message::retryNote($attempt, $this->retry->maxRetries) : '';
        if ($timedOut) {
            throw new TimeoutException(
                "$failed: no answer in time ($detail)",
                hint: TimeoutException::DEFAULT_HINT . $note,
                previous: $cause,
            );
        }
        // http_errors is off, so any other failure had no usable response: refused, reset, closed early.
        throw new ConnectionException(
            "$failed: $detail",
            hint: 'Check the network and the base URL (' . $this->config->baseUrl . ').' . $note,
            previous: $cause,
        );
    }

    /** What failed, by the message rule: "getFile GET /v1/files/f1", or "storage PUT host" for storage. */
    private static function what(string $operation, string $method, string $url, bool $api): string
    {
        $parts = parse_url($url);
        return $api ? "$operation $method " . ($parts['path'] ?? '/') : "storage $method " . ($parts['host'] ?? 'host');
    }

    /**
     * Sends a request to storage without waiting (a part PUT in the pool), never with the API key.
     * The promise resolves with any answer (http_errors off) and rejects with Guzzle's exception when
     * there is none; the caller turns that into a StorageFailure of plain strings.
     *
     * @param array<string, mixed> $options Guzzle request options
     */
    public function sendAsync(string $method, string $url, array $options): PromiseInterface
    {
        return $this->http->requestAsync($method, $url, ['http_errors' => false] + self::withoutConnectionReuse($options));
    }

    /**
     * Runs the promises the tasks return, at most `$concurrency` at once (Guzzle's Pool), and waits
     * until all have settled. A task rejected with an exception the caller did not handle, or an
     * exception thrown while the tasks are produced, is thrown here.
     *
     * @param iterable<int, callable(): PromiseInterface> $tasks
     */
    public function pool(iterable $tasks, int $concurrency): void
    {
        $unexpected = null;
        $pool = new Pool($this->http, $tasks, [
            'concurrency' => $concurrency,
            'rejected' => static function (mixed $reason) use (&$unexpected): void {
                $unexpected ??= $reason instanceof \Throwable ? $reason : new \RuntimeException('a part failed: ' . get_debug_type($reason));
            },
        ]);
        $pool->promise()->wait();
        if ($unexpected !== null) {
            throw $unexpected;
        }
    }

    /** Whether a Guzzle failure was curl's timeout (no byte for `timeout` seconds). */
    public static function timedOut(\Throwable $e): bool
    {
        return $e instanceof ConnectException && ($e->getHandlerContext()['errno'] ?? null) === self::CURLE_OPERATION_TIMEDOUT;
    }

    /**
     * Every request on a connection of its own, closed after the answer. When a kept-alive
     * connection dies before an answer, curl silently sends the request again on a fresh one
     * ("Connection died, retrying a fresh connect"), and Guzzle once more when curl cannot rewind
     * the body: the server then receives more attempts than `maxRetries` allows (issue 17: complete
     * 4 times for 3 resets; a part PUT twice). Without reuse curl never does that, and every attempt
     * the server sees is one the retry policy counted. The price is a new TCP (and TLS) handshake
     * per request, small next to an upload step.
     *
     * @param array<string, mixed> $options
     * @return array<string, mixed>
     */
    public static function withoutConnectionReuse(array $options): array
    {
        $options['curl'] = (is_array($options['curl'] ?? null) ? $options['curl'] : []) + [CURLOPT_FORBID_REUSE => true];
        return $options;
    }

    /** Removes the API key and the query strings of URLs (presigned signatures) from a text. */
    public function scrub(string $text): string
    {
        $text = $this->config->apiKey->redact($text);
        return (string) preg_replace('~(https?://[^\s?#"\']+)\?[^\s"\']*~', '$1?…', $text);
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['config' => $this->config->__debugInfo(), 'maxRetries' => $this->retry->maxRetries];
    }

    /** @return array<mixed> */
    private function decode(ResponseInterface $response, string $operation): array
    {
        $raw = (string) $response->getBody();
        if (trim($raw) === '') {
            return [];
        }
        $data = json_decode($raw, true);
        if (!is_array($data)) {
            throw new DilnakaException(
                "$operation: the Dilnaka API returned a non-JSON response.",
                status: $response->getStatusCode(),
                requestId: $response->getHeaderLine('X-Request-Id') ?: null,
                hint: 'Check that the base URL (' . $this->config->baseUrl . ') points at the Dilnaka API.',
            );
        }
        return $data;
    }
}

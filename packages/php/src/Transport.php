<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\ErrorFactory;
use Dilnaka\Errors\TimeoutException;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\GuzzleException;
use GuzzleHttp\Exception\RequestException;
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
                'Authorization' => 'Bearer ' . $this->config->apiKey->reveal(),
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

        return $this->retry->run(function () use ($operation, $method, $url, $options): array {
            $response = $this->send($operation, $method, $url, $options);
            if ($response->getStatusCode() >= 400) {
                throw ErrorFactory::fromResponse($response, $operation);
            }
            return $this->decode($response, $operation);
        });
    }

    /**
     * @param array<string, mixed> $options Guzzle request options; sensitive because they may hold
     *                                      the Authorization header, so traces show them as redacted
     */
    public function send(string $operation, string $method, string $url, #[\SensitiveParameter] array $options): ResponseInterface
    {
        try {
            return $this->http->request($method, $url, $options);
        } catch (ConnectException $e) {
            $context = $e->getHandlerContext();
            if (($context['errno'] ?? null) === self::CURLE_OPERATION_TIMEDOUT) {
                throw new TimeoutException(
                    "$operation timed out: " . $this->scrub($e->getMessage()),
                    hint: 'Raise the timeout (DILNAKA_TIMEOUT or timeout:) or check the network.',
                    previous: $this->scrubbed($e),
                );
            }
            throw $this->connectionError($operation, $e);
        } catch (RequestException $e) {
            // http_errors is off, so this is a failure without a usable response (reset, early close).
            throw $this->connectionError($operation, $e);
        } catch (GuzzleException $e) {
            throw $this->connectionError($operation, $e);
        }
    }

    /** Removes the API key and the query strings of URLs (presigned signatures) from a text. */
    public function scrub(string $text): string
    {
        $text = $this->config->apiKey->redact($text);
        return (string) preg_replace('~(https?://[^\s?#"\']+)\?[^\s"\']*~', '$1?…', $text);
    }

    private function connectionError(string $operation, \Throwable $e): ConnectionException
    {
        return new ConnectionException(
            "$operation failed without an answer: " . $this->scrub($e->getMessage()),
            hint: 'Check the network and the base URL (' . $this->config->baseUrl . '); the SDK retried ' . $this->retry->maxRetries . ' times.',
            previous: $this->scrubbed($e),
        );
    }

    /**
     * Guzzle's exceptions hold the request, Authorization header included: a `var_dump` of ours
     * would show the key through `getPrevious()`. Chain a copy with only the scrubbed message.
     */
    private function scrubbed(\Throwable $e): \RuntimeException
    {
        return new \RuntimeException($e::class . ': ' . $this->scrub($e->getMessage()));
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

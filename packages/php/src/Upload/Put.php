<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\StorageException;
use Dilnaka\Transport;
use Dilnaka\Types\PresignedUpload;
use Psr\Http\Message\ResponseInterface;

/**
 * Step 2 of an upload: send the bytes to the presigned storage URL. The body is streamed from the
 * source (curl reads it chunk by chunk), with exactly the presigned headers and never the API key.
 * Retried on transient failures; every attempt rewinds the source and sends it whole.
 */
final class Put
{
    private const ACCEPTED = [200, 201, 204];

    public function __construct(private readonly Transport $transport)
    {
    }

    /** @param (callable(int, int): void)|null $progress */
    public function __invoke(PresignedUpload $presigned, Source $source, ?callable $progress = null): void
    {
        $tracker = new Progress($progress, $source->size);
        $timeout = $this->transport->config->timeout;
        $options = [
            'http_errors' => false,
            'body' => $source->stream,
            // Only the presigned headers (they are what the URL was signed for), the length, and no
            // Authorization: the storage host must never see the API key.
            'headers' => $presigned->headers + ['Content-Length' => (string) $source->size],
            // No `Expect: 100-continue` round trip: the URL is already authorised.
            'expect' => false,
            'connect_timeout' => $timeout,
            // A large file may take longer than `timeout` in total: fail only when the transfer
            // stalls (under 1 byte/s for `timeout` seconds) instead of capping its duration.
            'curl' => [CURLOPT_LOW_SPEED_LIMIT => 1, CURLOPT_LOW_SPEED_TIME => (int) ceil($timeout)],
        ];
        if ($progress !== null) {
            // Only then: curl's progress hook runs PHP code for every packet.
            $options['progress'] = $tracker->guzzleOption();
        }

        $this->transport->retry->run(function () use ($presigned, $source, $options): void {
            $source->stream->rewind();
            $response = $this->transport->send('upload to storage', $presigned->method, $presigned->uploadUrl, $options);
            if (!in_array($response->getStatusCode(), self::ACCEPTED, true)) {
                throw $this->storageError($response, $presigned);
            }
        });
        $tracker->complete();
    }

    private function storageError(ResponseInterface $response, PresignedUpload $presigned): StorageException
    {
        $status = $response->getStatusCode();
        // S3-compatible stores answer with an XML <Error><Code>…</Code><Message>…</Message></Error>.
        $body = substr((string) $response->getBody(), 0, 4096);
        $code = preg_match('~<Code>([^<]+)</Code>~', $body, $m) ? $m[1] : null;
        $detail = preg_match('~<Message>([^<]+)</Message>~', $body, $m) ? $m[1] : "HTTP $status";
        $hint = match (true) {
            $status === 403 => 'The presigned URL expired or its signature did not match: upload the file again to get a new URL.',
            $status >= 500 || $status === 429 => 'Storage is temporarily unavailable; the SDK retried ' . $this->transport->retry->maxRetries . ' times. Try again later.',
            default => 'Storage refused the bytes; upload the file again, and report the error if it persists.',
        };
        return new StorageException(
            "Storage refused the upload: $detail",
            $status,
            $code,
            $response->getHeaderLine('x-amz-request-id') ?: null,
            \Dilnaka\Errors\RetryAfter::fromResponse($response),
            $hint,
            $presigned->fileId,
        );
    }
}

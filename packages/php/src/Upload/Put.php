<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\ConnectionException;
use Dilnaka\Transport;
use Dilnaka\Types\PresignedUpload;

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

    public function __invoke(PresignedUpload $presigned, Source $source, Progress $progress): void
    {
        $options = self::options($this->transport->config->timeout, $presigned->headers, $source->size) + [
            'body' => $source->stream,
        ];
        $options['curl'] += $progress->curlOptions(1);

        $this->transport->retry->run(function () use ($presigned, $source, $options, $progress): void {
            $failure = $this->attempt($presigned, $source, $options, $progress);
            // Bytes storage refused for their checksum are never sent again as they are: a file is
            // read again once (the first read may have been the bad one), bytes in memory fail at once.
            if ($failure !== null && $failure->checksumRefused() && $source->path !== null) {
                $failure = $this->attempt($presigned, $source, $options, $progress);
            }
            if ($failure !== null) {
                throw $failure->toException('the upload', $presigned->fileId, $this->transport->retry->maxRetries);
            }
        });
        $progress->stored(1, $source->size);
    }

    /**
     * One PUT of the whole source; null when storage took it.
     *
     * @param array<string, mixed> $options
     */
    private function attempt(PresignedUpload $presigned, Source $source, array $options, Progress $progress): ?StorageFailure
    {
        $source->stream->rewind();
        try {
            $response = $this->transport->send('upload to storage', $presigned->method, $presigned->uploadUrl, $options);
        } catch (ConnectionException $e) {
            throw $progress->cancelled() ? self::cancelled($presigned->fileId) : $e;
        }
        return in_array($response->getStatusCode(), self::ACCEPTED, true) ? null : StorageFailure::fromResponse($response);
    }

    /**
     * The options of every PUT to storage, a single upload's or a part's.
     *
     * @param array<string, string> $headers the presigned headers
     * @return array<string, mixed>
     */
    public static function options(float $timeout, array $headers, int $size): array
    {
        return [
            'http_errors' => false,
            // Only the presigned headers (they are what the URL was signed for), the length, and no
            // Authorization: the storage host must never see the API key.
            'headers' => $headers + ['Content-Length' => (string) $size],
            // No `Expect: 100-continue` round trip: the URL is already authorised.
            'expect' => false,
            'connect_timeout' => $timeout,
            // A large file may take longer than `timeout` in total: fail only when the transfer
            // stalls (under 1 byte/s for `timeout` seconds) instead of capping its duration.
            'curl' => [CURLOPT_LOW_SPEED_LIMIT => 1, CURLOPT_LOW_SPEED_TIME => (int) ceil($timeout)],
        ];
    }

    public static function cancelled(string $fileId): AbortException
    {
        return new AbortException('The upload was cancelled: the progress callback returned false.', errorCode: 'aborted', hint: 'Nothing was kept: upload the file again when you want it stored.', fileId: $fileId);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Transport;
use Dilnaka\Upload\Progress;
use Dilnaka\Upload\Put;
use Dilnaka\Upload\StorageFailure;
use GuzzleHttp\Exception\GuzzleException;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Promise\PromiseInterface;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\StreamInterface;

/**
 * PUTs parts with at most `concurrency` in flight (Guzzle's Pool over curl's multi handle), each
 * with the step retry policy: connection errors, timeouts, 408, 429 and 5xx are retried with
 * backoff or Retry-After (a non-blocking `delay`, so the other parts keep moving), and a 403 gets
 * the part presigned again, within the same budget. The first failure stops the rest: parts in
 * flight are cancelled and no new part starts. A cancel from the progress callback does the same.
 * A part storage refuses for its checksum (S3's BadDigest) is never sent again as it is: read again
 * once from a file, failed at once from a stream's buffer (an IntegrityException).
 */
final class PartPool
{
    /** @var array<int, PromiseInterface> part number => the PUT in flight */
    private array $inFlight = [];
    /** @var (\Closure(): DilnakaException)|null builds the failure once the pool has settled */
    private ?\Closure $failure = null;
    /** @var array<int, true> parts already read again after a checksum refusal */
    private array $reread = [];

    /** @param \Closure(int, string, int): void $stored called with part number, ETag and size once storage holds a part */
    public function __construct(
        private readonly Transport $transport,
        private readonly PartUrls $urls,
        private readonly Progress $progress,
        private readonly string $fileId,
        private readonly \Closure $stored,
        /** Whether a part's bytes can be read again from their source (a file range). */
        private readonly bool $rereadable = false,
    ) {
    }

    /**
     * Sends every part the iterable yields (part number => its bytes, of known size) and returns
     * when all are stored; throws the first failure, with the fileId, once nothing is in flight.
     *
     * @param iterable<int, StreamInterface> $bodies read lazily: the next part is taken only when a slot frees
     */
    public function send(iterable $bodies, int $concurrency): void
    {
        $tasks = (function () use ($bodies): \Generator {
            foreach ($bodies as $n => $body) {
                if ($this->stopped()) {
                    return;
                }
                yield $n => fn (): PromiseInterface => $this->attempt($n, $body, 0, 0);
            }
        })();
        try {
            $this->transport->pool($tasks, $concurrency);
        } catch (\Throwable $e) {
            // Reading the next part failed (or a bug): stop the parts still in flight before leaving.
            $this->stop(fn () => $e instanceof DilnakaException ? $e->withFileId($this->fileId) : throw $e);
        }
        if ($this->failure === null && $this->progress->cancelled()) {
            $this->failure = fn () => Put::cancelled($this->fileId);
        }
        if ($this->failure !== null) {
            throw ($this->failure)();
        }
    }

    private function attempt(int $n, StreamInterface $body, int $try, int $delayMs, bool $renewUrl = false): PromiseInterface
    {
        if ($this->stopped()) {
            return Create::promiseFor(null);
        }
        try {
            $part = $this->urls->get($n, $renewUrl);
        } catch (DilnakaException $e) {
            $this->stop(fn () => $e->withFileId($this->fileId));
            return Create::promiseFor(null);
        }
        $body->rewind();
        $size = (int) $body->getSize();
        $options = Put::options($this->transport->config->timeout, $part->headers, $size) + ['body' => $body, 'delay' => $delayMs];
        $options['curl'] += $this->progress->curlOptions($n);
        $put = $this->transport->sendAsync($part->method, $part->url, $options);
        $this->inFlight[$n] = $put;
        return $put->then(
            fn (ResponseInterface $response) => $this->answered($n, $body, $try, $size, $response),
            fn (mixed $reason) => $this->noAnswer($n, $body, $try, $reason),
        );
    }

    private function answered(int $n, StreamInterface $body, int $try, int $size, ResponseInterface $response): ?PromiseInterface
    {
        unset($this->inFlight[$n]);
        $status = $response->getStatusCode();
        if ($status < 200 || $status > 299) {
            return $this->retryOrFail($n, $body, $try, StorageFailure::fromResponse($response));
        }
        $etag = $response->getHeaderLine('ETag');
        if ($etag === '') {
            $this->stop(fn () => new StorageException("Storage stored part $n but sent no ETag.", $status, 'missing_etag', hint: 'Let the storage CORS rules expose the ETag header (ExposeHeaders: ETag).', fileId: $this->fileId));
            return null;
        }
        $body->close();
        $this->urls->done($n);
        ($this->stored)($n, $etag, $size);
        $this->progress->stored($n, $size);
        if ($this->progress->cancelled()) {
            $this->stop(fn () => Put::cancelled($this->fileId));
        }
        return null;
    }

    private function noAnswer(int $n, StreamInterface $body, int $try, mixed $reason): ?PromiseInterface
    {
        unset($this->inFlight[$n]);
        if ($this->stopped() || !$reason instanceof GuzzleException) {
            // Cancelled by stop(), or not a transfer failure at all: nothing to retry.
            return $this->stopped() ? null : throw $reason;
        }
        // Strings only from here on (see StorageFailure): the reason holds the presigned URL.
        $failure = StorageFailure::noAnswer($this->transport->scrub($reason->getMessage()), Transport::timedOut($reason));
        $reason = null;
        return $this->retryOrFail($n, $body, $try, $failure);
    }

    private function retryOrFail(int $n, StreamInterface $body, int $try, StorageFailure $failure): ?PromiseInterface
    {
        $retry = $this->transport->retry;
        if ($this->stopped()) {
            return null;
        }
        if ($failure->checksumRefused() && $this->rereadable && !isset($this->reread[$n])) {
            $this->reread[$n] = true;
            return $this->attempt($n, $body, $try, 0);
        }
        if ($try < $retry->maxRetries && $failure->status === 403) {
            return $this->attempt($n, $body, $try + 1, 0, renewUrl: true);
        }
        if ($try < $retry->maxRetries && $failure->retryable()) {
            return $this->attempt($n, $body, $try + 1, $retry->pause($retry->delay($try, $failure->retryAfter)));
        }
        $this->stop(fn () => $failure->toException("part $n", $this->fileId, $retry->maxRetries));
        return null;
    }

    private function stopped(): bool
    {
        return $this->failure !== null || $this->progress->cancelled();
    }

    /** Records the first failure and cancels every part still in flight. */
    private function stop(\Closure $failure): void
    {
        $this->failure ??= $failure;
        $inFlight = $this->inFlight;
        $this->inFlight = [];
        foreach ($inFlight as $put) {
            $put->cancel();
        }
    }
}

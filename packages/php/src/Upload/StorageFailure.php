<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\IntegrityException;
use Dilnaka\Errors\Message;
use Dilnaka\Errors\RetryAfter;
use Dilnaka\Errors\StorageException;
use Dilnaka\Errors\TimeoutException;
use Dilnaka\Retry;
use Psr\Http\Message\ResponseInterface;

/**
 * Why storage did not take a PUT, as plain values: the retry decision reads them, and the exception
 * is built from them only once the upload gives up. Part PUTs fail inside promise callbacks, whose
 * frames hold Guzzle's request (and its presigned URL): an exception created there would carry
 * those frames in its trace, one built later from these strings does not.
 */
final class StorageFailure
{
    private const CHECKSUM_CODES = ['BadDigest', 'XAmzContentChecksumMismatch'];

    private function __construct(
        /** Storage's status; null when there was no answer. */
        public readonly ?int $status,
        public readonly ?string $code,
        public readonly string $detail,
        public readonly ?string $requestId = null,
        public readonly ?float $retryAfter = null,
        public readonly bool $timedOut = false,
    ) {
    }

    /** S3-compatible stores answer with an XML <Error><Code>…</Code><Message>…</Message></Error>. */
    public static function fromResponse(ResponseInterface $response): self
    {
        $status = $response->getStatusCode();
        $body = substr((string) $response->getBody(), 0, 4096);
        return new self(
            $status,
            preg_match('~<Code>([^<]+)</Code>~', $body, $m) ? $m[1] : null,
            preg_match('~<Message>([^<]+)</Message>~', $body, $m) ? $m[1] : "storage's answer has no message",
            $response->getHeaderLine('x-amz-request-id') ?: null,
            RetryAfter::fromResponse($response),
        );
    }

    /** @param string $detail the transport's message, already scrubbed of URL signatures */
    public static function noAnswer(string $detail, bool $timedOut): self
    {
        return new self(null, null, $detail, timedOut: $timedOut);
    }

    /** Storage refused the bytes because their SHA-256 is not the signed one (S3's BadDigest / XAmzContentChecksumMismatch). */
    public function checksumRefused(): bool
    {
        return $this->status === 400 && in_array($this->code, self::CHECKSUM_CODES, true);
    }

    public function retryable(): bool
    {
        return $this->status === null || Retry::isRetryableStatus($this->status);
    }

    /**
     * The exception, by the message rule: "storage PUT of <what> failed[ after N attempts]: <status>
     * <Code>: <Message>". A retryable failure that ends the upload was tried maxRetries + 1 times;
     * the hint says so, or that retries are off, never a retry that did not happen.
     *
     * @param string $what "the upload" or "part 3"
     */
    public function toException(string $what, ?string $fileId, int $maxRetries): DilnakaException
    {
        $attempts = $this->retryable() ? $maxRetries + 1 : 1;
        $failed = Message::failed('storage ' . ($what === 'the download' ? 'GET' : 'PUT') . " of $what", $attempts);
        $note = $this->retryable() ? ' ' . Message::retryNote($attempts, $maxRetries) : '';
        if ($this->status === null) {
            $class = $this->timedOut ? TimeoutException::class : ConnectionException::class;
            return new $class(
                "$failed: " . ($this->timedOut ? 'no progress in time' : 'no answer') . " ({$this->detail})",
                fileId: $fileId,
                hint: "Check the network, then upload again.$note",
            );
        }
        $code = $this->code ?? "http_{$this->status}";
        if ($this->checksumRefused()) {
            return new IntegrityException(
                "$failed: {$this->status} {$this->code}: storage refused the bytes, their SHA-256 is not the one the upload was signed for",
                $this->status,
                'checksum_mismatch',
                $this->requestId,
                hint: 'The bytes changed between reading and storage (the network, a proxy, or the source changing while read): upload again; if it persists, check the source.',
                fileId: $fileId,
            );
        }
        $hint = match (true) {
            $this->status === 403 => 'The presigned URL expired or its signature did not match: upload the file again to get a new URL.',
            $this->retryable() => "Storage is temporarily unavailable: try again later.$note",
            default => 'Storage refused the bytes; upload the file again, and report the error if it persists.',
        };
        return new StorageException("$failed: {$this->status} $code: {$this->detail}", $this->status, $code, $this->requestId, $this->retryAfter, $hint, $fileId);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/**
 * Base of every exception the SDK throws: catch this one to handle them all.
 *
 * `errorCode` is the API's stable machine-readable code (`not_found`, `rate_limited`, ...): branch on it
 * or on the class, never on the message. PHP's own `getCode()` returns the HTTP status (0 when there
 * was no response). Messages never contain the API key.
 */
class DilnakaException extends \RuntimeException
{
    /** The code and the hint of an exception thrown without its own: every error has both. */
    public const DEFAULT_CODE = 'dilnaka_error';
    public const DEFAULT_HINT = 'See the message; quote the request id to Dilnaka support if it persists.';

    public readonly ?string $errorCode;
    public readonly string $hint;

    public function __construct(
        string $message,
        public readonly ?int $status = null,
        ?string $errorCode = null,
        public readonly ?string $requestId = null,
        public readonly ?float $retryAfter = null,
        ?string $hint = null,
        public readonly ?string $fileId = null,
        ?\Throwable $previous = null,
    ) {
        $this->detail = $message;
        $this->errorCode = $errorCode !== null && $errorCode !== '' ? $errorCode : static::DEFAULT_CODE;
        $this->hint = $hint !== null && $hint !== '' ? $hint : static::DEFAULT_HINT;
        // The one message rule (Message.php): what failed, why, the request id, then the hint.
        parent::__construct(Message::compose($message, $requestId, $this->hint), $status ?? 0, $previous);
    }

    /**
     * The same error, now naming the file it concerns: a failed complete carries the `fileId`, so
     * `completeUpload($e->fileId)` can finish the upload later.
     */
    public function withFileId(string $fileId, ?string $hint = null): static
    {
        return new static($this->detail(), $this->status, $this->errorCode, $this->requestId, $this->retryAfter, $hint ?? $this->hint, $fileId, $this);
    }

    /** The message before the rule added the request id and the hint: what failed and why. */
    public function detail(): string
    {
        return $this->detail;
    }

    private string $detail;
}

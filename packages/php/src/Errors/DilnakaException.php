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
    public function __construct(
        string $message,
        public readonly ?int $status = null,
        public readonly ?string $errorCode = null,
        public readonly ?string $requestId = null,
        public readonly ?float $retryAfter = null,
        public readonly ?string $hint = null,
        public readonly ?string $fileId = null,
        ?\Throwable $previous = null,
    ) {
        $this->detail = $message;
        parent::__construct(self::compose($message, $status, $errorCode, $requestId, $hint, $fileId), $status ?? 0, $previous);
    }

    /**
     * The same error, now naming the file it concerns: a failed complete carries the `fileId`, so
     * `completeUpload($e->fileId)` can finish the upload later.
     */
    public function withFileId(string $fileId): static
    {
        return new static($this->detail(), $this->status, $this->errorCode, $this->requestId, $this->retryAfter, $this->hint, $fileId, $this);
    }

    /** The message without the status/code/hint decorations added by the constructor. */
    public function detail(): string
    {
        return $this->detail;
    }

    private string $detail;

    private static function compose(string $message, ?int $status, ?string $code, ?string $requestId, ?string $hint, ?string $fileId): string
    {
        $facts = array_filter([
            $status !== null ? "HTTP $status" : null,
            $code,
            $fileId !== null ? "file $fileId" : null,
            $requestId !== null ? "request $requestId" : null,
        ]);
        $text = $message;
        if ($facts !== []) {
            $text .= ' (' . implode(', ', $facts) . ')';
        }
        if ($hint !== null && $hint !== '') {
            $text .= ' Hint: ' . $hint;
        }
        return $text;
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Download;

/**
 * The caller's `onProgress(int $loaded, int $total)` for a download: monotonic (a body sent again
 * from byte 0 after a Range request was refused does not count down), ending with exactly one
 * ($total, $total) once the bytes are verified. Returning false cancels the download.
 */
final class Progress
{
    private int $reported = -1;
    private bool $cancelled = false;

    /** @param (callable(int, int): mixed)|null $callback */
    public function __construct(private readonly mixed $callback, private readonly int $total)
    {
    }

    /** `$loaded` bytes are in; false once the caller cancelled. */
    public function loaded(int $loaded): bool
    {
        // Below the total until the bytes are verified: ($total, $total) means done.
        $this->report(min($loaded, max(0, $this->total - 1)));
        return !$this->cancelled;
    }

    public function finish(): void
    {
        $this->report($this->total);
    }

    public function cancelled(): bool
    {
        return $this->cancelled;
    }

    private function report(int $loaded): void
    {
        if ($this->callback === null || $this->cancelled || $loaded <= $this->reported) {
            return;
        }
        $this->reported = $loaded;
        if (($this->callback)($loaded, $this->total) === false) {
            $this->cancelled = true;
        }
    }
}

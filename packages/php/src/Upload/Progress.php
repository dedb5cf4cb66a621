<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

/**
 * Adapts Guzzle's `progress` request option to the SDK's `progress(int $sent, int $total)` callback:
 * reports only growth (a retried PUT starts its count over; the caller never sees it go back) and
 * always ends with exactly one `($total, $total)` call, also for an empty file.
 */
final class Progress
{
    private int $reported = -1;

    /** @param (callable(int, int): void)|null $callback */
    public function __construct(private readonly mixed $callback, private readonly int $total)
    {
    }

    /** The Guzzle `progress` option: fn($downloadTotal, $downloaded, $uploadTotal, $uploaded). */
    public function guzzleOption(): \Closure
    {
        return function (int $downloadTotal, int $downloaded, int $uploadTotal, int $uploaded): void {
            // The last bytes are reported by complete(), after storage accepted them.
            $this->report(min($uploaded, $this->total - 1));
        };
    }

    public function complete(): void
    {
        $this->report($this->total);
    }

    private function report(int $sent): void
    {
        if ($this->callback !== null && $sent > $this->reported) {
            $this->reported = $sent;
            ($this->callback)($sent, $this->total);
        }
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

/**
 * The SDK's `progress(int $sent, ?int $total)` callback for a whole upload, fed by curl's progress
 * hook of every PUT in flight (one for a single PUT, up to `concurrency` parts). One aggregated,
 * monotonic count: the bytes of stored parts plus the current attempt of each part in flight, so a
 * retried part's bytes are not counted twice. Until every byte is stored it stays below the total;
 * it ends with exactly one `($total, $total)` call, also for an empty file. `$total` is null for a
 * stream of unknown length until that last call. A callback that returns `false` cancels the
 * upload: the hook then tells curl to stop every transfer.
 */
final class Progress
{
    private int $reported = -1;
    private ?int $reportedTotal = null;
    private bool $cancelled = false;
    /** @var array<int, int> part number => bytes of its current attempt */
    private array $inFlight = [];

    /** @param (callable(int, ?int): mixed)|null $callback */
    public function __construct(private readonly mixed $callback, private readonly ?int $total, private int $stored = 0)
    {
    }

    /**
     * Guzzle `curl` options that feed this count from part `$part`'s transfer; none without a
     * callback (curl's progress hook runs PHP code for every packet).
     *
     * @return array<int, mixed>
     */
    public function curlOptions(int $part): array
    {
        if ($this->callback === null) {
            return [];
        }
        return [
            CURLOPT_NOPROGRESS => false,
            // Non-zero stops the transfer (CURLE_ABORTED_BY_CALLBACK): how a cancel reaches curl.
            CURLOPT_PROGRESSFUNCTION => fn (mixed $curl, int $downloadTotal, int $downloaded, int $uploadTotal, int $uploaded): int => $this->sending($part, $uploaded) ? 0 : 1,
        ];
    }

    /** Part `$part`'s current attempt has sent `$bytes`; false once the caller cancelled. */
    public function sending(int $part, int $bytes): bool
    {
        if (!$this->cancelled && $bytes !== ($this->inFlight[$part] ?? 0)) {
            $this->inFlight[$part] = $bytes;
            $this->report($this->stored + array_sum($this->inFlight));
        }
        return !$this->cancelled;
    }

    /** Storage holds part `$part`, `$bytes` long. */
    public function stored(int $part, int $bytes): void
    {
        unset($this->inFlight[$part]);
        $this->stored += $bytes;
        $this->report($this->stored + array_sum($this->inFlight));
    }

    /** Every byte is stored: the last call, ($total, $total). */
    public function finish(int $total): void
    {
        // A stream of unknown length may have counted every byte already, with a null total.
        if ($total > $this->reported || $this->reportedTotal !== $total) {
            $this->call($total, $total);
        }
    }

    public function cancelled(): bool
    {
        return $this->cancelled;
    }

    private function report(int $sent): void
    {
        $sent = $this->total === null ? $sent : min($sent, $this->total - 1);
        if ($sent > $this->reported) {
            $this->call($sent, $this->total);
        }
    }

    private function call(int $sent, ?int $total): void
    {
        $this->reported = $sent;
        $this->reportedTotal = $total;
        if ($this->callback !== null && !$this->cancelled && ($this->callback)($sent, $total) === false) {
            $this->cancelled = true;
        }
    }
}

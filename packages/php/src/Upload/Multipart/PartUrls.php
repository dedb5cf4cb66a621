<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Types\PresignedPart;

/**
 * Presigned part URLs, fetched lazily in batches so a 10,000-part upload never holds 10,000 URLs:
 * the part asked for and the next parts to send, min(100, parts left) in one presignUploadParts
 * call. A URL older than its expiresIn minus 60 s is presigned again, and so is one storage refused
 * (403: expired, or a stale signature). With checksums a part is presigned only once it is hashed
 * (its digest is signed into the URL), and parts are read only as a slot frees: each presign call
 * then carries the one part just read.
 */
final class PartUrls
{
    private const BATCH = 100;
    private const MARGIN_SECONDS = 60;

    /** @var array<int, array{PresignedPart, float}> part number => [part, fresh until] */
    private array $cache = [];
    /** @var array<int, true> */
    private array $stored = [];
    /** @var \Closure(): float */
    private \Closure $now;

    /**
     * @param \Closure(string, list<int>, array<int, string>): list<PresignedPart> $presign presignUploadParts (file id, part numbers, checksums)
     * @param list<int>|null $order the part numbers this upload sends, ascending; null when unknown
     *                              (a stream of unknown length: batches are the next 100 numbers)
     * @param (\Closure(): float)|null $now seconds, for tests
     */
    public function __construct(private readonly \Closure $presign, private readonly string $fileId, private readonly ?array $order, ?\Closure $now = null, private readonly ?PartChecksums $checksums = null)
    {
        $this->now = $now ?? static fn (): float => microtime(true);
    }

    /** Part `$n`'s URL; with `$renew` after storage refused the last one. */
    public function get(int $n, bool $renew = false): PresignedPart
    {
        if ($renew) {
            unset($this->cache[$n]);
        }
        if (!$this->fresh($n)) {
            $at = ($this->now)();
            $batch = $this->batch($n);
            foreach (($this->presign)($this->fileId, $batch, $this->checksums?->of($batch) ?? []) as $part) {
                // A URL that lives less than the margin is still used once, right away.
                $this->cache[$part->partNumber] = [$part, max($at + $part->expiresIn - self::MARGIN_SECONDS, $at + 0.001)];
            }
        }
        if (!isset($this->cache[$n])) {
            throw new DilnakaException("presignUploadParts did not answer part $n.", errorCode: 'invalid_response', fileId: $this->fileId, hint: 'Report this to Dilnaka support.');
        }
        return $this->cache[$n][0];
    }

    /** Part `$n` is stored: its URL is dropped and never presigned again. */
    public function done(int $n): void
    {
        unset($this->cache[$n]);
        $this->stored[$n] = true;
    }

    private function fresh(int $n): bool
    {
        return ($this->cache[$n][1] ?? 0.0) > ($this->now)();
    }

    /** @return list<int> `$n` and the next parts that need a URL, at most 100 in all */
    private function batch(int $n): array
    {
        if ($this->checksums !== null) {
            return [$n];
        }
        $next = $this->order === null
            ? range($n + 1, $n + self::BATCH - 1)
            : array_slice($this->order, (int) array_search($n, $this->order, true) + 1);
        $batch = [$n];
        foreach ($next as $m) {
            if (count($batch) === self::BATCH) {
                break;
            }
            if ($m <= Plan::MAX_PARTS && !$this->fresh($m) && !isset($this->stored[$m])) {
                $batch[] = $m;
            }
        }
        return $batch;
    }
}

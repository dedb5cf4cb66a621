<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Upload\Complete;
use Dilnaka\Upload\Progress;
use Dilnaka\Upload\Put;
use Psr\Http\Message\StreamInterface;

/**
 * Sends the parts of a started (or resumed) multipart upload and completes it with every part's
 * ETag. On failure the exception names the file and the upload is abandoned (abortUpload: no part
 * lingers), except when a resume state is kept: then the parts stay for the next run, unless the
 * caller cancelled, which always abandons. A failed complete keeps the parts: every byte is stored,
 * and completeUpload($fileId, parts: $client->listUploadParts($fileId)->parts) can finish it.
 */
final class SendParts
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param iterable<int, StreamInterface> $bodies part number => bytes, ascending, for the parts to send
     * @param list<int>|null $order the part numbers in `$bodies`; null when unknown (a stream of unknown length)
     * @param array<int, array{0: string, 1: int, 2?: string|null}> $done parts storage already holds: number => [ETag, size, checksum]
     * @param int|null $total the file's size; null when unknown
     * @param (callable(int, ?int): mixed)|null $progress
     * @param PartChecksums|null $checksums the parts' SHA-256 (filled as `$bodies` reads them) for an upload with checksums
     * @param bool $rereadable whether `$bodies` are file ranges, read again once after a checksum refusal
     */
    public function __invoke(string $fileId, iterable $bodies, ?array $order, array $done, ?int $total, int $concurrency, ?callable $progress, ?StateFile $state, ?PartChecksums $checksums = null, bool $rereadable = false): UploadedFile
    {
        foreach ($done as $n => $part) {
            if ($checksums !== null && is_string($part[2] ?? null)) {
                $checksums->set($n, $part[2]);
            }
        }
        $etags = array_map(static fn (array $part): string => $part[0], $done);
        $storedBytes = array_sum(array_map(static fn (array $part): int => $part[1], $done));
        $tracker = new Progress($progress, $total, $storedBytes);
        $presign = fn (string $id, array $numbers, array $sums): array => (new PresignParts($this->transport))($id, $numbers, $sums);
        $pool = new PartPool($this->transport, new PartUrls($presign, $fileId, $order, checksums: $checksums), $tracker, $fileId, static function (int $n, string $etag, int $size) use (&$etags, &$storedBytes, $state): void {
            $etags[$n] = $etag;
            $storedBytes += $size;
            $state?->add($n, $etag, $size);
        }, $rereadable);
        try {
            $pool->send($bodies, $concurrency);
            $tracker->finish($storedBytes);
            if ($tracker->cancelled()) {
                throw Put::cancelled($fileId);
            }
        } catch (DilnakaException $e) {
            if ($state === null || $e instanceof AbortException) {
                (new Abort($this->transport))->abandon($fileId);
                $state?->remove();
            }
            throw $e->fileId === null ? $e->withFileId($fileId) : $e;
        }
        ksort($etags);
        $parts = array_map(
            static fn (int $n, string $etag): array => ['partNumber' => $n, 'etag' => $etag] + (($sum = $checksums?->get($n)) !== null ? ['checksumSha256' => $sum] : []),
            array_keys($etags),
            $etags,
        );
        $file = (new Complete($this->transport))($fileId, $parts);
        $state?->remove();
        return $file;
    }
}

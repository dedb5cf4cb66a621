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
     * @param array<int, array{string, int}> $done parts storage already holds: number => [ETag, size]
     * @param int|null $total the file's size; null when unknown
     * @param (callable(int, ?int): mixed)|null $progress
     */
    public function __invoke(string $fileId, iterable $bodies, ?array $order, array $done, ?int $total, int $concurrency, ?callable $progress, ?StateFile $state): UploadedFile
    {
        $etags = array_map(static fn (array $part): string => $part[0], $done);
        $storedBytes = array_sum(array_map(static fn (array $part): int => $part[1], $done));
        $tracker = new Progress($progress, $total, $storedBytes);
        $presign = fn (string $id, array $numbers): array => (new PresignParts($this->transport))($id, $numbers);
        $pool = new PartPool($this->transport, new PartUrls($presign, $fileId, $order), $tracker, $fileId, static function (int $n, string $etag, int $size) use (&$etags, &$storedBytes, $state): void {
            $etags[$n] = $etag;
            $storedBytes += $size;
            $state?->add($n, $etag, $size);
        });
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
        $parts = array_map(static fn (int $n, string $etag): array => ['partNumber' => $n, 'etag' => $etag], array_keys($etags), $etags);
        $file = (new Complete($this->transport))($fileId, $parts);
        $state?->remove();
        return $file;
    }
}

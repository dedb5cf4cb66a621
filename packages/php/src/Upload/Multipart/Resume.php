<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ConflictException;
use Dilnaka\Errors\NotFoundException;
use Dilnaka\Files;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Types\UploadPartList;

/**
 * What a state file left by an earlier run means (spec/upload-state.md, scenarios/resume-state.json):
 * nothing (none, unreadable, another version or source: a new upload replaces it), an upload to
 * abandon (the file changed since), the finished file (the crash came after complete), or an upload
 * to continue, with the parts storage holds. Storage is the truth: the file's part lines are hints.
 */
final class Resume
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @return UploadedFile|array{fileId: string, partSize: int, partCount: int, done: array<int, array{string, int, string|null}>}|null
     *         the finished file, the upload to continue, or null for a new upload
     */
    public function __invoke(StateFile $state, int $size): UploadedFile|array|null
    {
        $header = $state->read();
        if ($header === null) {
            return null;
        }
        if (!$state->sourceUnchanged($header)) {
            (new Abort($this->transport))->abandon($header['fileId']);
            return null;
        }
        $found = $this->stored($header['fileId']);
        if ($found instanceof UploadedFile) {
            $state->remove();
            return $found;
        }
        if ($found === null) {
            return null;
        }
        return ['fileId' => $header['fileId'], 'partSize' => $header['partSize'], 'partCount' => $header['partCount'], 'done' => self::done($found, $size, $header['partSize'], $header['partCount'])];
    }

    /**
     * What storage holds for an upload: its parts, the file when the upload was completed, or null
     * when it is gone (expired or aborted: 404).
     */
    public function stored(string $fileId): UploadPartList|UploadedFile|null
    {
        try {
            return (new ListParts($this->transport))($fileId);
        } catch (NotFoundException) {
            return null;
        } catch (ConflictException $e) {
            if ($e->errorCode !== 'upload_already_completed') {
                throw $e;
            }
        }
        return (new Files($this->transport))->get($fileId);
    }

    /**
     * The parts that count as done: listed by storage with the size they must have (partSize, or
     * the remainder for the last part). Every other part is sent again.
     *
     * @return array<int, array{string, int, string|null}> part number => [ETag, size, checksum]
     */
    public static function done(UploadPartList $list, int $size, int $partSize, int $partCount): array
    {
        $done = [];
        foreach ($list->parts as $part) {
            if ($part->partNumber <= $partCount && $part->size === FileParts::expectedSize($part->partNumber, $size, $partSize)) {
                $done[$part->partNumber] = [$part->etag, $part->size, $part->checksumSha256];
            }
        }
        return $done;
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Transport;
use Dilnaka\Types\MultipartUpload;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Upload\SingleUpload;
use Dilnaka\Upload\Source;
use Psr\Http\Message\StreamInterface;

/**
 * A multipart upload from start to end: resume what a state file left, or create the upload
 * (falling back to one PUT on a backend without multipart: 404, 405 or 501), cut the source into
 * parts (ranges of a file, or buffers of a stream as it arrives) and hand them to SendParts.
 * Unless `checksum` is false the upload is created with `checksumAlgorithm: SHA256`, and when the
 * backend echoes it every part is hashed as it is read and presigned with its digest.
 */
final class MultipartUploader
{
    private const NO_MULTIPART = [404, 405, 501];

    /** @var (callable(int, ?int): mixed)|null */
    private $progress;

    /**
     * @param array<string, string> $metadata
     * @param (callable(int, ?int): mixed)|null $progress
     */
    public function __construct(
        private readonly Transport $transport,
        private readonly Plan $plan,
        private readonly string $contentType,
        private readonly string $folder = 'uploads',
        private readonly array $metadata = [],
        ?callable $progress = null,
        private readonly string|false|null $checksum = null,
    ) {
        $this->progress = $progress;
    }

    /** A source of known size: a path (parts are file ranges; resumable with a state file) or a stream read once. */
    public function sized(Source $source, ?StateFile $state): UploadedFile
    {
        $resumed = $state === null ? null : (new Resume($this->transport))($state, $source->size);
        if ($resumed instanceof UploadedFile) {
            return $resumed;
        }
        if ($resumed !== null) {
            return $this->continue($resumed['fileId'], $source, $resumed['partSize'], $resumed['partCount'], $resumed['done'], $state, $this->resumedChecksums($resumed['done']));
        }
        $upload = $this->create($source->filename, $source->size);
        if ($upload === null) {
            if ($source->size > Plan::MAX_SINGLE_PUT) {
                throw new ValidationException(
                    "This backend does not offer multipart uploads, and one PUT carries at most 5 GiB: size is {$source->size} bytes.",
                    hint: 'Upload to a backend with the multipart extension, or split the file into parts of at most 5 GiB.',
                );
            }
            return $this->single($source);
        }
        // The parts are cut from the bytes at hand: their count follows from the size and the
        // backend's part size, whatever partCount it answered.
        $partCount = max(1, (int) ceil($source->size / $upload->partSize));
        $upload = new MultipartUpload($upload->fileId, $upload->fileKey, $upload->uploadId, $upload->partSize, $partCount, $upload->expiresIn, $upload->checksumAlgorithm);
        try {
            $state?->start($upload, $this->contentType);
        } catch (DilnakaException $e) {
            (new Abort($this->transport))->abandon($upload->fileId);
            throw $e->withFileId($upload->fileId);
        }
        return $this->continue($upload->fileId, $source, $upload->partSize, $partCount, [], $state, self::checksumsFor($upload));
    }

    /** A stream of unknown length, sent as it arrives; one PUT when it ends within the first part. */
    public function stream(StreamInterface $stream, string $filename): UploadedFile
    {
        // Hashed as read unless checksum is false: the first part is read before the backend says
        // whether it takes checksums, and a stream that ends there goes in one PUT with its digest.
        $sums = $this->checksum === false ? null : new PartChecksums();
        $parts = new StreamParts($stream, $this->plan->partSize, checksums: $sums);
        $first = $parts->next();
        if ($parts->ended()) {
            return $this->single(Source::sized($first, $parts->bytesRead(), $filename, $sums?->get(1)));
        }
        $upload = $this->create($filename, null);
        if ($upload === null) {
            $spool = $parts->spool($first);
            return $this->single(Source::sized($spool, (int) $spool->getSize(), $filename));
        }
        if ($upload->partSize !== $this->plan->partSize) {
            (new Abort($this->transport))->abandon($upload->fileId);
            throw new DilnakaException("createMultipartUpload answered partSize {$upload->partSize} for a stream cut into parts of {$this->plan->partSize}.", errorCode: 'invalid_response', fileId: $upload->fileId, hint: 'Report this to Dilnaka support.');
        }
        return (new SendParts($this->transport))($upload->fileId, $parts->bodies($first), null, [], null, $this->plan->concurrency, $this->progress, null, self::checksumsFor($upload) === null ? null : $sums);
    }

    /** resumeUpload(): continue a pending upload with the parts storage lists, without a state file. */
    public function resume(string $fileId, Source $source): UploadedFile
    {
        $list = (new Resume($this->transport))->stored($fileId);
        if ($list instanceof UploadedFile) {
            return $list;
        }
        if ($list === null) {
            throw new ValidationException("No pending upload $fileId: it expired, was aborted, or never existed.", hint: 'Upload the file again with upload().');
        }
        if ($list->size !== null && $list->size !== $source->size) {
            throw new ValidationException("The source has {$source->size} bytes but upload $fileId announced {$list->size}.", hint: 'Pass the same file the upload was started with.', fileId: $fileId);
        }
        $partCount = $list->partCount ?? max(1, (int) ceil($source->size / $list->partSize));
        $done = Resume::done($list, $source->size, $list->partSize, $partCount);
        return $this->continue($fileId, $source, $list->partSize, $partCount, $done, null, $this->resumedChecksums($done));
    }

    /** @param array<int, array{string, int, string|null}> $done */
    private function continue(string $fileId, Source $source, int $partSize, int $partCount, array $done, ?StateFile $state, ?PartChecksums $sums): UploadedFile
    {
        $missing = array_values(array_diff(range(1, $partCount), array_keys($done)));
        $bodies = $source->path !== null
            ? (new FileParts($source->path, $source->size, $partSize))->bodies($missing, $sums)
            : self::skipping(new StreamParts($source->stream, $partSize, $source->size, $sums), $done);
        $source->stream->rewind();
        return (new SendParts($this->transport))($fileId, $bodies, $missing, $done, $source->size, $this->plan->concurrency, $this->progress, $state, $sums, rereadable: $source->path !== null);
    }

    private static function checksumsFor(MultipartUpload $upload): ?PartChecksums
    {
        return $upload->checksumAlgorithm === 'SHA256' ? new PartChecksums() : null;
    }

    /**
     * Whether a resumed upload carries checksums: the parts storage lists say so (listUploadParts
     * has no checksumAlgorithm); with none stored yet, as a new upload would be created.
     *
     * @param array<int, array{string, int, string|null}> $done
     */
    private function resumedChecksums(array $done): ?PartChecksums
    {
        if ($this->checksum === false) {
            return null;
        }
        $listed = array_filter($done, static fn (array $part): bool => ($part[2] ?? null) !== null);
        return $done === [] || $listed !== [] ? new PartChecksums() : null;
    }

    /**
     * A stream's parts, less those storage holds (read and dropped: a stream has no ranges).
     *
     * @param array<int, array{string, int, string|null}> $done
     * @return \Generator<int, StreamInterface>
     */
    private static function skipping(StreamParts $parts, array $done): \Generator
    {
        for ($n = 1; ($body = $parts->next()) !== null; $n++) {
            if (isset($done[$n])) {
                $body->close();
            } else {
                yield $n => $body;
            }
        }
    }

    /** createMultipartUpload; null when the backend does not offer multipart. */
    private function create(string $filename, ?int $size): ?MultipartUpload
    {
        try {
            return (new Create($this->transport))($filename, $this->contentType, $size, $this->folder, $this->metadata, $this->plan->partSize, $this->checksum === false ? null : 'SHA256');
        } catch (ApiException $e) {
            if (in_array($e->status, self::NO_MULTIPART, true)) {
                return null;
            }
            throw $e;
        }
    }

    private function single(Source $source): UploadedFile
    {
        return (new SingleUpload($this->transport))($source, $this->contentType, $this->folder, $this->metadata, $this->progress, $this->checksum);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Upload\Multipart\Abort;

/**
 * One presigned PUT: presign (with the bytes' SHA-256 when there is one: storage then refuses other
 * bytes) → PUT the bytes (streamed, counted) → complete. For sources up to the
 * multipart threshold, and the fallback on backends without multipart. A PUT that fails or is
 * cancelled abandons the upload (abortUpload), so no pending file lingers; a failed complete keeps
 * it, with the fileId on the exception: the bytes are stored and completeUpload() can finish.
 */
final class SingleUpload
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param array<string, string> $metadata
     * @param (callable(int, ?int): mixed)|null $progress
     * @param string|false|null $checksum 'sha256' (pre-pass over a path or stream), false (none), null (only when known for free)
     */
    public function __invoke(Source $source, string $contentType, string $folder, array $metadata, ?callable $progress, string|false|null $checksum = null): UploadedFile
    {
        $sha256 = $checksum === false ? null : $source->sha256(prePass: $checksum === 'sha256');
        $presigned = (new Presign($this->transport))($source->filename, $contentType, $source->size, $folder, $metadata, $sha256);
        $tracker = new Progress($progress, $source->size);
        try {
            (new Put($this->transport))($presigned, $source, $tracker);
        } catch (DilnakaException $e) {
            (new Abort($this->transport))->abandon($presigned->fileId);
            // A PUT with no answer (ConnectionException) names the upload too, as storage's refusals do.
            throw $e->fileId === null ? $e->withFileId($presigned->fileId) : $e;
        }
        $tracker->finish($source->size);
        if ($tracker->cancelled()) {
            (new Abort($this->transport))->abandon($presigned->fileId);
            throw Put::cancelled($presigned->fileId);
        }
        return (new Complete($this->transport))($presigned->fileId);
    }
}

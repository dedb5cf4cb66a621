<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** A started multipart upload, from createMultipartUpload(): presign its parts next. */
final class MultipartUpload
{
    public function __construct(
        public readonly string $fileId,
        public readonly string $fileKey,
        /** Storage's id of the multipart upload. */
        public readonly string $uploadId,
        /** Bytes in every part but the last. */
        public readonly int $partSize,
        /** ceil(size / partSize); null when the size was not given (a stream of unknown length). */
        public readonly ?int $partCount,
        /** Seconds the upload may stay incomplete before the backend aborts it. */
        public readonly int $expiresIn,
        /** `SHA256` when every part must carry its checksum; null when parts carry none. */
        public readonly ?string $checksumAlgorithm = null,
    ) {
    }

    /** @param array<mixed> $data a decoded `MultipartUpload` object of the API */
    public static function fromArray(array $data): self
    {
        return new self(
            fileId: Fields::requireString($data, 'file id', 'fileId'),
            fileKey: Fields::optionalString($data, 'fileKey', 'key') ?? '',
            uploadId: Fields::requireString($data, 'upload id', 'uploadId'),
            partSize: Fields::requireInt($data, 'part size', 'partSize'),
            partCount: Fields::optionalInt($data, 'partCount'),
            expiresIn: Fields::optionalInt($data, 'expiresIn') ?? 86400,
            checksumAlgorithm: Fields::optionalString($data, 'checksumAlgorithm'),
        );
    }
}

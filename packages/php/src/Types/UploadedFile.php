<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** A file known to Dilnaka: returned by upload(), completeUpload(), getFile() and listFiles(). */
final class UploadedFile
{
    /** @param array<string, string> $metadata */
    public function __construct(
        public readonly string $id,
        public readonly string $key,
        /** `pending` until the upload is completed, then `uploaded`. */
        public readonly string $status,
        public readonly string $originalName,
        public readonly string $contentType,
        public readonly int $size,
        public readonly ?string $publicUrl = null,
        public readonly array $metadata = [],
        public readonly ?string $createdAt = null,
        /** Base64 SHA-256 of the bytes, or `<base64>-<parts>` (S3's composite) for a multipart upload; null when none was sent. */
        public readonly ?string $checksumSha256 = null,
        /** Bytes per part of a multipart upload (to recompute a composite checksum); null for one PUT. */
        public readonly ?int $partSize = null,
    ) {
    }

    /** @param array<mixed> $data a decoded `File` object of the API */
    public static function fromArray(array $data): self
    {
        return new self(
            id: Fields::requireString($data, 'file id', 'fileId', 'id'),
            key: Fields::requireString($data, 'file key', 'key', 'fileKey'),
            status: Fields::requireString($data, 'file status', 'status'),
            originalName: Fields::optionalString($data, 'originalName', 'original_name') ?? '',
            contentType: Fields::optionalString($data, 'contentType', 'content_type') ?? 'application/octet-stream',
            size: Fields::optionalInt($data, 'size') ?? 0,
            publicUrl: Fields::optionalString($data, 'publicUrl', 'public_url'),
            metadata: Fields::stringMap($data, 'metadata'),
            createdAt: Fields::optionalString($data, 'createdAt'),
            checksumSha256: Fields::optionalString($data, 'checksumSha256'),
            partSize: Fields::optionalInt($data, 'partSize'),
        );
    }
}

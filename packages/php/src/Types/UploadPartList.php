<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** A pending multipart upload and the parts storage holds, from listUploadParts(). */
final class UploadPartList
{
    /** @param list<UploadedPart> $parts ascending by partNumber */
    public function __construct(
        public readonly string $fileId,
        public readonly string $uploadId,
        public readonly int $partSize,
        /** Null when the upload was created without a size. */
        public readonly ?int $partCount,
        /** The announced size; null when it was not given. */
        public readonly ?int $size,
        public readonly array $parts,
    ) {
    }

    /** @param array<mixed> $data a decoded `UploadPartList` object of the API */
    public static function fromArray(array $data, string $requestedId): self
    {
        $parts = [];
        foreach (is_array($data['parts'] ?? null) ? $data['parts'] : [] as $part) {
            if (is_array($part)) {
                $parts[] = UploadedPart::fromArray($part);
            }
        }
        usort($parts, static fn (UploadedPart $a, UploadedPart $b): int => $a->partNumber <=> $b->partNumber);
        return new self(
            fileId: Fields::optionalString($data, 'fileId') ?? $requestedId,
            uploadId: Fields::optionalString($data, 'uploadId') ?? '',
            partSize: Fields::requireInt($data, 'part size', 'partSize'),
            partCount: Fields::optionalInt($data, 'partCount'),
            size: Fields::optionalInt($data, 'size'),
            parts: $parts,
        );
    }
}

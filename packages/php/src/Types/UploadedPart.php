<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** A part storage holds: its number, the ETag its PUT answered (quotes included) and its size. */
final class UploadedPart
{
    public function __construct(
        public readonly int $partNumber,
        public readonly string $etag,
        public readonly int $size,
        /** The part's SHA-256 (base64) when the upload carries checksums, else null. */
        public readonly ?string $checksumSha256 = null,
    ) {
    }

    /** @param array<mixed> $data a decoded `UploadedPart` object of the API */
    public static function fromArray(array $data): self
    {
        return new self(
            partNumber: Fields::requireInt($data, 'part number', 'partNumber'),
            etag: Fields::requireString($data, 'part ETag', 'etag'),
            size: Fields::optionalInt($data, 'size') ?? 0,
            checksumSha256: Fields::optionalString($data, 'checksumSha256'),
        );
    }
}

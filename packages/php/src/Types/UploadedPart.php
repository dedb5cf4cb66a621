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
    ) {
    }

    /** @param array<mixed> $data a decoded `UploadedPart` object of the API */
    public static function fromArray(array $data): self
    {
        return new self(
            partNumber: Fields::requireInt($data, 'part number', 'partNumber'),
            etag: Fields::requireString($data, 'part ETag', 'etag'),
            size: Fields::optionalInt($data, 'size') ?? 0,
        );
    }
}

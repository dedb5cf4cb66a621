<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** Where and how to PUT one part's bytes, from presignUploadParts(). */
final class PresignedPart
{
    /** @param array<string, string> $headers send exactly these (plus Content-Length) with the part */
    public function __construct(
        public readonly int $partNumber,
        public readonly string $url,
        public readonly string $method,
        public readonly array $headers,
        /** Seconds until `url` expires; presign the part again after that. */
        public readonly int $expiresIn,
    ) {
    }

    /** @param array<mixed> $data a decoded `PresignedPart` object of the API */
    public static function fromArray(array $data): self
    {
        return new self(
            partNumber: Fields::requireInt($data, 'part number', 'partNumber'),
            url: Fields::requireString($data, 'part url', 'url'),
            method: strtoupper(Fields::optionalString($data, 'method') ?? 'PUT'),
            headers: Fields::stringMap($data, 'headers'),
            expiresIn: Fields::optionalInt($data, 'expiresIn') ?? 3600,
        );
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

/**
 * The SHA-256 of each part of an upload created with `checksumAlgorithm: SHA256`, recorded as the
 * part is read (before its PUT, since the digest is signed into the part's URL) or taken from
 * listUploadParts for the parts a resume finds stored. The presign asks for URLs with these, and
 * completeUpload sends them with the ETags.
 *
 * @internal
 */
final class PartChecksums
{
    /** @var array<int, string> part number => base64 SHA-256 */
    private array $sums = [];

    public function set(int $partNumber, string $sha256): void
    {
        $this->sums[$partNumber] = $sha256;
    }

    public function get(int $partNumber): ?string
    {
        return $this->sums[$partNumber] ?? null;
    }

    /**
     * @param list<int> $partNumbers
     * @return array<int, string> the known checksums of those parts
     */
    public function of(array $partNumbers): array
    {
        return array_intersect_key($this->sums, array_flip($partNumbers));
    }
}

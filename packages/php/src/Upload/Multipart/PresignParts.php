<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Transport;
use Dilnaka\Types\PresignedPart;
use Dilnaka\Validate;

/** presignUploadParts: one URL per part number asked for (1 to 1000 per call), in the asked order. */
final class PresignParts
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param list<int> $partNumbers
     * @param array<int, string> $checksums part number => base64 SHA-256, for an upload created with checksumAlgorithm SHA256
     * @return list<PresignedPart>
     */
    public function __invoke(string $fileId, array $partNumbers, array $checksums = []): array
    {
        $id = Validate::fileId($fileId);
        $body = ['partNumbers' => Validate::partNumbers($partNumbers)];
        if ($checksums !== []) {
            foreach ($checksums as $checksum) {
                \Dilnaka\Upload\Checks::checksumSha256((string) $checksum, 'checksums');
            }
            // An object keyed by part number, even for part 1 alone.
            $body['checksums'] = (object) array_combine(array_map('strval', array_keys($checksums)), array_values($checksums));
        }
        $data = $this->transport->api('presignUploadParts', 'POST', "/v1/uploads/$id/parts", json: $body);
        $parts = [];
        foreach (is_array($data['parts'] ?? null) ? $data['parts'] : [] as $part) {
            if (is_array($part)) {
                $parts[] = PresignedPart::fromArray($part);
            }
        }
        return $parts;
    }
}

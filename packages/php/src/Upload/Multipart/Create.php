<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Generated\Model\MultipartCreateRequest;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Transport;
use Dilnaka\Types\MultipartUpload;
use Dilnaka\Upload\Checks;

/**
 * createMultipartUpload: reserve a file id and start a multipart upload in storage. The body is the
 * generated model, so the spec's limits (size ≤ 5 TiB, partSize 5 MiB to 5 GiB) are checked before
 * any request, with the same folder, type and metadata rules as a single-PUT presign.
 */
final class Create
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /** @param array<string, string> $metadata */
    public function __invoke(string $filename, string $contentType, ?int $size = null, string $folder = 'uploads', array $metadata = [], ?int $partSize = null, ?string $checksumAlgorithm = null): MultipartUpload
    {
        Checks::filename($filename);
        Checks::contentType($contentType);
        Checks::folder($folder);
        // The constructor takes values unchecked (the setters throw): listInvalidProperties() then names every problem.
        $fields = ['filename' => $filename, 'contentType' => $contentType, 'size' => $size, 'folder' => $folder, 'partSize' => $partSize, 'checksumAlgorithm' => $checksumAlgorithm];
        if ($metadata !== []) {
            $fields['metadata'] = Checks::metadata($metadata);
        }
        $request = new MultipartCreateRequest(array_filter($fields, static fn ($v): bool => $v !== null));
        $problems = $request->listInvalidProperties();
        if ($problems !== []) {
            throw new ValidationException('Invalid multipart upload request: ' . implode(' ', $problems), hint: 'Fix the named field.');
        }
        $body = (array) ObjectSerializer::sanitizeForSerialization($request);
        return MultipartUpload::fromArray($this->transport->api('createMultipartUpload', 'POST', '/v1/uploads/multipart', json: $body));
    }
}

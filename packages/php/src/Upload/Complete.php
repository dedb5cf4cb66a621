<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Generated\Model\CompletedPart;
use Dilnaka\Generated\Model\CompleteRequest;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Validate;

/**
 * Step 3 of an upload: ask the API to check the stored object and mark the file uploaded.
 * Idempotent by fileId, so it is retried like a read. When it still fails, the exception carries
 * the `fileId`: the bytes are in storage and `completeUpload($e->fileId)` can finish later. A
 * multipart upload sends every part's number and ETag, in ascending order.
 */
final class Complete
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param array<mixed>|null $parts a multipart upload's parts (partNumber and ETag each, arrays or
     *                                 UploadedPart objects); null for a single-PUT upload
     */
    public function __invoke(string $fileId, ?array $parts = null): UploadedFile
    {
        $fileId = Validate::fileId($fileId);
        $request = new CompleteRequest(['fileId' => $fileId]);
        if ($parts !== null) {
            $request->setParts(array_map(static fn (array $p): CompletedPart => new CompletedPart($p), Validate::completedParts($parts)));
        }
        try {
            $body = (array) ObjectSerializer::sanitizeForSerialization($request);
            $data = $this->transport->api('completeUpload', 'POST', '/v1/uploads/complete', json: $body);
        } catch (DilnakaException $e) {
            // The bytes are stored: the hint says how to finish later (as in every SDK).
            throw $e->withFileId($fileId, $e->hint . " The bytes are stored: finish later with completeUpload('$fileId'" . ($parts !== null ? ', $parts' : '') . ').');
        }
        return UploadedFile::fromArray($data);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Generated\Model\CompleteRequest;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Validate;

/**
 * Step 3 of an upload: ask the API to check the stored object and mark the file uploaded.
 * Idempotent by fileId, so it is retried like a read. When it still fails, the exception carries
 * the `fileId`: the bytes are in storage and `completeUpload($e->fileId)` can finish later.
 */
final class Complete
{
    public function __construct(private readonly Transport $transport)
    {
    }

    public function __invoke(string $fileId): UploadedFile
    {
        $fileId = Validate::fileId($fileId);
        try {
            $body = (array) ObjectSerializer::sanitizeForSerialization(new CompleteRequest(['fileId' => $fileId]));
            $data = $this->transport->api('completeUpload', 'POST', '/v1/uploads/complete', json: $body);
        } catch (DilnakaException $e) {
            throw $e->withFileId($fileId);
        }
        return UploadedFile::fromArray($data);
    }
}

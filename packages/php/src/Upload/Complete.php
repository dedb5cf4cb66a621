<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\DilnakaException;
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
            $data = $this->transport->api('completeUpload', 'POST', '/v1/uploads/complete', json: ['fileId' => $fileId]);
        } catch (DilnakaException $e) {
            throw $e->withFileId($fileId);
        }
        return UploadedFile::fromArray($data);
    }
}

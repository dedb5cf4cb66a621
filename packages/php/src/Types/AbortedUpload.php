<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** The answer of abortUpload(): storage freed the upload's parts; the id reads 404 from now on. */
final class AbortedUpload
{
    public function __construct(
        public readonly bool $success,
        public readonly string $fileId,
        public readonly bool $aborted,
    ) {
    }

    /** @param array<mixed> $data a decoded `AbortUploadResponse` object of the API */
    public static function fromArray(array $data, string $requestedId): self
    {
        return new self(
            success: is_bool($data['success'] ?? null) ? $data['success'] : true,
            fileId: Fields::optionalString($data, 'fileId', 'id') ?? $requestedId,
            aborted: is_bool($data['aborted'] ?? null) ? $data['aborted'] : true,
        );
    }
}

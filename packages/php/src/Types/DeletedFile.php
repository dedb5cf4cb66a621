<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** The answer of deleteFile(). */
final class DeletedFile
{
    public function __construct(
        public readonly string $fileId,
        public readonly bool $deleted,
        public readonly bool $success,
    ) {
    }

    /** @param array<mixed> $data a decoded `DeleteFileResponse` object of the API */
    public static function fromArray(array $data, string $requestedId): self
    {
        return new self(
            fileId: Fields::optionalString($data, 'fileId', 'id') ?? $requestedId,
            deleted: is_bool($data['deleted'] ?? null) ? $data['deleted'] : true,
            success: is_bool($data['success'] ?? null) ? $data['success'] : true,
        );
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** Where and how to send the bytes of one upload, from createPresignedUpload(). */
final class PresignedUpload
{
    /** @param array<string, string> $headers send exactly these with the bytes */
    public function __construct(
        public readonly string $fileId,
        public readonly string $fileKey,
        public readonly string $uploadUrl,
        public readonly int $expiresIn,
        public readonly string $method,
        public readonly array $headers,
    ) {
    }

    /** @param array<mixed> $data a decoded `PresignResponse` object of the API */
    public static function fromArray(array $data, string $contentType): self
    {
        $headers = Fields::stringMap($data, 'headers');
        return new self(
            fileId: Fields::requireString($data, 'file id', 'fileId', 'id'),
            fileKey: Fields::optionalString($data, 'fileKey', 'key') ?? '',
            uploadUrl: Fields::requireString($data, 'upload url', 'uploadUrl'),
            expiresIn: Fields::optionalInt($data, 'expiresIn') ?? 300,
            method: strtoupper(Fields::optionalString($data, 'method') ?? 'PUT'),
            // Storage only accepts the bytes with the presigned Content-Type: send it even when the
            // backend left it out of `headers`, as the reference SDK does.
            headers: $headers !== [] ? $headers : ['Content-Type' => $contentType],
        );
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Generated\Model\PresignRequest;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Transport;
use Dilnaka\Types\PresignedUpload;
use Dilnaka\Validate;

/**
 * Step 1 of an upload: reserve a file id and get the presigned URL. The body is the generated
 * `PresignRequest` model, so its spec constraints (lengths, minimums) are checked here, before any
 * request, on top of the folder rules the API enforces.
 */
final class Presign
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /** @param array<string, string> $metadata */
    public function __invoke(string $filename, string $contentType, int $size, string $folder = 'uploads', array $metadata = []): PresignedUpload
    {
        $body = self::request($filename, $contentType, $size, $folder, $metadata);
        $data = $this->transport->api('createPresignedUpload', 'POST', '/v1/uploads/presign', json: (array) ObjectSerializer::sanitizeForSerialization($body));
        return PresignedUpload::fromArray($data, $contentType);
    }

    /** @param array<mixed> $metadata */
    public static function request(string $filename, string $contentType, int $size, string $folder, array $metadata): PresignRequest
    {
        if ($size < 0) {
            throw new ValidationException("size must be 0 or more; got $size.", hint: 'Pass the exact number of bytes you will upload.');
        }
        if (!preg_match('~^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$~', $contentType)) {
            throw new ValidationException(
                'Invalid contentType "' . Validate::shown($contentType) . '": it must be a MIME type such as text/plain.',
                hint: 'Pass contentType: \'application/pdf\', or omit it to guess from the file name.',
            );
        }
        self::folder($folder);
        $request = new PresignRequest([
            'filename' => $filename,
            'contentType' => $contentType,
            'size' => $size,
            'folder' => $folder,
        ]);
        if ($metadata !== []) {
            $request->setMetadata(self::metadata($metadata));
        }
        $problems = $request->listInvalidProperties();
        if ($problems !== []) {
            throw new ValidationException('Invalid upload request: ' . implode(' ', $problems), hint: 'Shorten or fix the named field.');
        }
        return $request;
    }

    private static function folder(string $folder): void
    {
        $problem = match (true) {
            $folder === '' => 'it is empty',
            mb_strlen($folder) > 512 => 'it is longer than 512 characters',
            str_starts_with($folder, '/') => 'it starts with "/"',
            (bool) preg_match('/[\x00-\x1f\x7f]/', $folder) => 'it contains a control character',
            in_array('..', explode('/', $folder), true) => 'it has a ".." segment',
            default => null,
        };
        if ($problem !== null) {
            throw new ValidationException(
                'Invalid folder "' . Validate::shown($folder) . "\": $problem.",
                hint: 'Use a relative key prefix such as \'uploads\' or \'avatars/2026\', without "..", a leading "/" or control characters.',
            );
        }
    }

    /**
     * @param array<mixed> $metadata
     * @return array<string, string>
     */
    private static function metadata(array $metadata): array
    {
        foreach ($metadata as $key => $value) {
            if (!is_string($key) || $key === '' || !is_string($value)) {
                throw new ValidationException(
                    'metadata must map non-empty string keys to string values; "' . Validate::shown((string) $key) . '" holds a ' . get_debug_type($value) . '.',
                    hint: 'Convert values to strings, e.g. [\'userId\' => (string) $id].',
                );
            }
        }
        /** @var array<string, string> $metadata */
        return $metadata;
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Validate;

/** The checks of the fields that name a new upload, shared by the single-PUT presign and multipart create. */
final class Checks
{
    public static function contentType(string $contentType): void
    {
        if (!preg_match('~^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?$~', $contentType)) {
            throw new ValidationException(
                'Invalid contentType "' . Validate::shown($contentType) . '": it must be a MIME type such as text/plain.',
                hint: 'Pass contentType: \'application/pdf\', or omit it to guess from the file name.',
            );
        }
    }

    public static function folder(string $folder): void
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
    public static function metadata(array $metadata): array
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

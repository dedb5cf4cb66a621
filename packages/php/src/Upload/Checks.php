<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Validate;

/** The checks of the fields that name a new upload, shared by the single-PUT presign and multipart create. */
final class Checks
{
    // spec/openapi.yaml's Filename, Folder, ContentType and ChecksumSha256 patterns (`u`: lengths and
    // classes in code points, as JSON Schema counts), checked here so a bad value fails before any
    // request with what is wrong and the fix, never the generated model's raw pattern.
    private const FILENAME = '~^(?![\s\S]*\n)[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$~u';
    private const FOLDER = '~^(?![\s\S]*\n)(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+(?:\x2f(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+)*\x2f*$~u';
    private const CONTENT_TYPE = '~^(?![\s\S]*\n)[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+(?: ?; ?[A-Za-z0-9_.+-]+=(?:\x22(?:[!\x23-\x7e]| (?! ))*\x22|[A-Za-z0-9_.+-]+))*$~';
    /** Canonical base64 of 32 bytes: the 43rd character carries 4 bits, so its 2 low bits are zero. */
    private const SHA256 = '~^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$~';
    public const SHA256_HINT = 'Send the 32-byte digest in standard base64 (not hex, not URL-safe), e.g. base64_encode(hash(\'sha256\', $bytes, true)).';

    public static function filename(string $filename): void
    {
        if (mb_strlen($filename) > 255 || preg_match(self::FILENAME, $filename) !== 1) {
            throw new ValidationException(
                'upload: filename must be 1 to 255 characters, not only spaces, without control characters (U+0000 to U+001F, U+007F), got "' . Validate::shown($filename) . '"',
                hint: 'Pass a plain file name such as \'report.pdf\': remove line breaks, tabs and other control characters.',
            );
        }
    }

    public static function contentType(string $contentType): void
    {
        if (strlen($contentType) > 255 || preg_match(self::CONTENT_TYPE, $contentType) !== 1) {
            throw new ValidationException(
                'upload: contentType must be a MIME type "type/subtype" with optional "; name=value" parameters (at most one space around ";"), got "' . Validate::shown($contentType) . '"',
                hint: 'Pass contentType: \'application/pdf\' or \'text/plain; charset=utf-8\', or omit it to guess from the file name.',
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
            in_array('..', explode('/', $folder), true) || in_array('.', explode('/', $folder), true) => 'it has a "." or ".." segment',
            str_contains($folder, '\\') => 'it contains "\\"',
            preg_match(self::FOLDER, $folder) !== 1 => 'it has an empty segment ("//")',
            default => null,
        };
        if ($problem !== null) {
            throw new ValidationException(
                'upload: folder "' . Validate::shown($folder) . "\" is not a valid key prefix: $problem",
                hint: 'Use a relative key prefix such as \'uploads\' or \'avatars/2026\', without "..", a leading "/", "\\" or control characters.',
            );
        }
    }

    public static function checksumSha256(string $checksum, string $field = 'checksumSha256'): void
    {
        if (preg_match(self::SHA256, $checksum) !== 1) {
            throw new ValidationException(
                "upload: $field must be the canonical base64 of a 32-byte SHA-256 (44 characters ending in one \"=\"), got \"" . Validate::shown($checksum) . '"',
                hint: self::SHA256_HINT,
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

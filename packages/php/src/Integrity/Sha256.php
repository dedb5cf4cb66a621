<?php

declare(strict_types=1);

namespace Dilnaka\Integrity;

/**
 * SHA-256 checksums in S3's form (spec/scenarios/checksums.json): base64 of the raw digest, for a
 * whole body or one part, and the composite of a multipart object: base64 of the SHA-256 of the
 * parts' raw digests concatenated in part order, then `-<part count>`. Files are hashed in chunks
 * (Sha256Context: at most its LIMIT held), never read whole into memory.
 */
final class Sha256
{
    private const CHUNK = 1 << 20;

    public static function ofBytes(string $bytes): string
    {
        $context = new Sha256Context();
        $context->update($bytes);
        return base64_encode($context->final());
    }

    /** The checksum of `$length` bytes of a file from `$offset` (a part of it, or all). */
    public static function ofRange(string $path, int $offset, int $length): ?string
    {
        $handle = @fopen($path, 'rb');
        if ($handle === false) {
            return null;
        }
        try {
            if ($offset > 0 && fseek($handle, $offset) !== 0) {
                return null;
            }
            $context = new Sha256Context();
            $read = 0;
            while ($read < $length) {
                $chunk = fread($handle, min(self::CHUNK, $length - $read));
                if ($chunk === false || $chunk === '') {
                    return null; // the file is shorter than it was: the caller's size check names that
                }
                $context->update($chunk);
                $read += strlen($chunk);
            }
            return base64_encode($context->final());
        } finally {
            fclose($handle);
        }
    }

    /** @param list<string> $parts each part's base64 checksum, in part order */
    public static function composite(array $parts): string
    {
        $raw = implode('', array_map(static fn (string $p): string => (string) base64_decode($p, true), $parts));
        return base64_encode(hash('sha256', $raw, true)) . '-' . count($parts);
    }

    /** Whether `$checksum` is a composite (`<base64>-<n>`); returns n, else null. */
    public static function compositeCount(string $checksum): ?int
    {
        return preg_match('~^[A-Za-z0-9+/]{43}=-([1-9][0-9]{0,4})$~', $checksum, $m) ? (int) $m[1] : null;
    }
}

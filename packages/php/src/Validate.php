<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ValidationException;

/** Argument checks shared by the operations; each failure names the problem and the fix. */
final class Validate
{
    public const MAX_EXPIRES_IN = 604800;
    public const MAX_PAGE_SIZE = 1000;

    public static function fileId(string $fileId): string
    {
        $id = trim($fileId);
        if ($id === '') {
            throw new ValidationException('fileId is required.', hint: 'Pass the id of an uploaded file, e.g. $file->id.');
        }
        // The id becomes a URL path segment: refuse anything that could change the path.
        if (strlen($id) > 128 || !preg_match('/^[A-Za-z0-9_-]+$/', $id)) {
            throw new ValidationException(
                'fileId "' . self::shown($id) . '" is not a Dilnaka file id.',
                hint: 'File ids are 1 to 128 letters, digits, "_" or "-": pass $file->id as returned by upload() or listFiles().',
            );
        }
        return $id;
    }

    public static function expiresIn(?int $expiresIn): ?int
    {
        if ($expiresIn !== null && ($expiresIn <= 0 || $expiresIn > self::MAX_EXPIRES_IN)) {
            throw new ValidationException(
                "expiresIn must be greater than 0 and at most " . self::MAX_EXPIRES_IN . " seconds (7 days); got $expiresIn.",
                hint: 'Pass expiresIn: 600 for a 10-minute URL, or omit it for the default lifetime.',
            );
        }
        return $expiresIn;
    }

    public static function pageSize(?int $limit): ?int
    {
        if ($limit !== null && ($limit < 1 || $limit > self::MAX_PAGE_SIZE)) {
            throw new ValidationException(
                'limit must be between 1 and ' . self::MAX_PAGE_SIZE . "; got $limit.",
                hint: 'limit is the page size: listFiles() still yields every file, page by page.',
            );
        }
        return $limit;
    }

    /** A value quoted in an error message: shortened, control characters made visible. */
    public static function shown(string $value): string
    {
        $short = mb_strlen($value) > 60 ? mb_substr($value, 0, 60) . '…' : $value;
        return (string) preg_replace_callback('/[\x00-\x1f\x7f]/', static fn (array $m): string => sprintf('\\x%02x', ord($m[0])), $short);
    }
}

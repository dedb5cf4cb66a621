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

    /** listFiles' `status` filter: uploaded (the default of backends with multipart), pending or all. */
    public static function listStatus(?string $status): ?string
    {
        if ($status !== null && !in_array($status, ['uploaded', 'pending', 'all'], true)) {
            throw new ValidationException('status must be "uploaded", "pending" or "all"; got "' . self::shown($status) . '".', hint: 'Pass status: \'pending\' to see uploads not completed yet, or leave it out.');
        }
        return $status;
    }

    /**
     * 1 to 1000 distinct part numbers, each 1 to 10,000 (one presignUploadParts call).
     *
     * @param array<mixed> $partNumbers
     * @return list<int>
     */
    public static function partNumbers(array $partNumbers): array
    {
        $ok = $partNumbers !== [] && count($partNumbers) <= 1000 && array_is_list($partNumbers)
            && count(array_unique($partNumbers, SORT_REGULAR)) === count($partNumbers);
        foreach ($partNumbers as $n) {
            $ok = $ok && self::isPartNumber($n);
        }
        if (!$ok) {
            throw new ValidationException(
                'partNumbers must be a list of 1 to 1000 distinct integers from 1 to 10000.',
                hint: 'Pass e.g. partNumbers: [1, 2, 3]; presign more parts in further calls.',
            );
        }
        /** @var list<int> $partNumbers */
        return $partNumbers;
    }

    /**
     * Every part of a multipart upload for completeUpload(): its number and the ETag its PUT
     * answered, as arrays or UploadedPart objects; sent in ascending order.
     *
     * @param array<mixed> $parts
     * @return list<array{partNumber: int, etag: string}>
     */
    public static function completedParts(array $parts): array
    {
        $list = [];
        foreach ($parts as $part) {
            $number = is_array($part) ? ($part['partNumber'] ?? null) : (is_object($part) ? ($part->partNumber ?? null) : null);
            $etag = is_array($part) ? ($part['etag'] ?? null) : (is_object($part) ? ($part->etag ?? null) : null);
            if (!self::isPartNumber($number) || !is_string($etag) || $etag === '' || isset($list[$number])) {
                throw new ValidationException(
                    'parts must list each part once as [\'partNumber\' => 1..10000, \'etag\' => \'"…"\'].',
                    hint: 'Pass the ETag every part\'s PUT answered, or $client->listUploadParts($fileId)->parts.',
                );
            }
            $checksum = is_array($part) ? ($part['checksumSha256'] ?? null) : (is_object($part) ? ($part->checksumSha256 ?? null) : null);
            $list[$number] = ['partNumber' => $number, 'etag' => $etag] + (is_string($checksum) && $checksum !== '' ? ['checksumSha256' => $checksum] : []);
        }
        if ($list === [] || count($list) > 10000) {
            throw new ValidationException('parts must hold 1 to 10000 parts.', hint: 'Pass every part of the upload, or leave parts out for a single-PUT upload.');
        }
        ksort($list);
        return array_values($list);
    }

    private static function isPartNumber(mixed $n): bool
    {
        return is_int($n) && $n >= 1 && $n <= 10000;
    }

    /** A value quoted in an error message: shortened, control characters made visible. */
    public static function shown(string $value): string
    {
        $short = mb_strlen($value) > 60 ? mb_substr($value, 0, 60) . '…' : $value;
        return (string) preg_replace_callback('/[\x00-\x1f\x7f]/', static fn (array $m): string => sprintf('\\x%02x', ord($m[0])), $short);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;

/**
 * How upload() splits a source, decided before any request (spec/scenarios/multipart-plan.json):
 * one PUT up to `multipartThreshold` bytes, else parts of `partSize`, grown to the next whole MiB
 * when the size would need more than S3's 10,000 parts. A bad option or size fails here, naming
 * the field and the fix.
 */
final class Plan
{
    public const MIB = 1_048_576;
    public const DEFAULT_THRESHOLD = 64 * self::MIB;
    public const DEFAULT_PART_SIZE = 16 * self::MIB;
    public const DEFAULT_CONCURRENCY = 4;
    public const MAX_CONCURRENCY = 64;
    /** S3: every part but the last is at least 5 MiB, at most 5 GiB. */
    public const MIN_PART_SIZE = 5 * self::MIB;
    public const MAX_PART_SIZE = 5 * 1024 * self::MIB;
    /** S3: the most one PUT can carry. */
    public const MAX_SINGLE_PUT = 5 * 1024 * self::MIB;
    /** S3: the largest object. */
    public const MAX_SIZE = 5 * 1024 * 1024 * self::MIB;
    public const MAX_PARTS = 10_000;

    private const OPTIONS = ['multipartThreshold', 'partSize', 'concurrency'];

    private function __construct(
        public readonly bool $multipart,
        /** Bytes in every part but the last. */
        public readonly int $partSize,
        /** Null for a stream of unknown length. */
        public readonly ?int $partCount,
        /** Parts in flight at once. */
        public readonly int $concurrency,
    ) {
    }

    /**
     * @param int|null $size the source's bytes; null for a stream of unknown length
     * @param array<string, int|null> $options multipartThreshold, partSize, concurrency (null: the default)
     */
    public static function for(?int $size, array $options = []): self
    {
        foreach (array_keys($options) as $name) {
            if (!in_array($name, self::OPTIONS, true)) {
                throw new ValidationException("Unknown upload option \"$name\".", hint: 'Known options: ' . implode(', ', self::OPTIONS) . '.');
            }
        }
        $threshold = self::option($options, 'multipartThreshold', self::DEFAULT_THRESHOLD, 0, self::MAX_SINGLE_PUT, '0 to 5368709120 (5 GiB, the most one PUT carries)');
        $asked = self::option($options, 'partSize', self::DEFAULT_PART_SIZE, self::MIN_PART_SIZE, self::MAX_PART_SIZE, '5242880 (5 MiB) to 5368709120 (5 GiB)');
        $concurrency = self::option($options, 'concurrency', self::DEFAULT_CONCURRENCY, 1, self::MAX_CONCURRENCY, '1 to ' . self::MAX_CONCURRENCY);
        if ($size !== null && ($size < 0 || $size > self::MAX_SIZE)) {
            throw new ValidationException(
                "size must be 0 to " . self::MAX_SIZE . " bytes (5 TiB, the largest object); got $size.",
                hint: 'Split the data into several files of at most 5 TiB.',
            );
        }
        if ($size === null) {
            return new self(true, $asked, null, $concurrency);
        }
        $partSize = $size > $asked * self::MAX_PARTS ? (int) ceil($size / self::MAX_PARTS / self::MIB) * self::MIB : $asked;
        return new self($size > $threshold, $partSize, max(1, (int) ceil($size / $partSize)), $concurrency);
    }

    /** @param array<string, int|null> $options */
    private static function option(array $options, string $name, int $default, int $min, int $max, string $range): int
    {
        $value = $options[$name] ?? $default;
        if (!is_int($value) || $value < $min || $value > $max) {
            throw new ValidationException(
                "$name must be an integer from $range; got " . var_export($value, true) . '.',
                hint: "Pass $name: $default (the default), or leave it out.",
            );
        }
        return $value;
    }
}

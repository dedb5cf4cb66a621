<?php

declare(strict_types=1);

namespace Dilnaka\Types;

use Dilnaka\Errors\DilnakaException;

/**
 * Reads fields of a decoded JSON response, accepting the alternative names the reference SDK
 * accepts (`id` for `fileId`, ...), and failing with a clear error when a required one is missing.
 */
final class Fields
{
    /** @param array<mixed> $data */
    public static function requireString(array $data, string $what, string ...$keys): string
    {
        foreach ($keys as $key) {
            if (is_string($data[$key] ?? null) && $data[$key] !== '') {
                return $data[$key];
            }
        }
        throw new DilnakaException("Dilnaka API response is missing the $what (" . implode(' or ', $keys) . ').');
    }

    /** @param array<mixed> $data */
    public static function optionalString(array $data, string ...$keys): ?string
    {
        foreach ($keys as $key) {
            if (is_string($data[$key] ?? null) && $data[$key] !== '') {
                return $data[$key];
            }
        }
        return null;
    }

    /** @param array<mixed> $data */
    public static function requireInt(array $data, string $what, string $key): int
    {
        return self::optionalInt($data, $key) ?? throw new DilnakaException("Dilnaka API response is missing the $what ($key).");
    }

    /** @param array<mixed> $data */
    public static function optionalInt(array $data, string $key): ?int
    {
        $value = $data[$key] ?? null;
        return is_int($value) || (is_numeric($value) && (string) (int) $value === (string) $value) ? (int) $value : null;
    }

    /**
     * @param array<mixed> $data
     * @return array<string, string>
     */
    public static function stringMap(array $data, string $key): array
    {
        $value = $data[$key] ?? null;
        if (!is_array($value)) {
            return [];
        }
        $map = [];
        foreach ($value as $name => $item) {
            if (is_scalar($item)) {
                $map[(string) $name] = (string) $item;
            }
        }
        return $map;
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Route;


/**
 * What `onBeforeUpload` returns (an array with these keys, or null for the defaults, works too).
 *
 * `allowedContentTypes`: exact types (`image/png`) or families (`image/*`), compared without
 * parameters and case; null allows any. `maxSize`: bytes; null leaves it to your plan's limit.
 * Above `multipartThreshold` bytes the route creates a multipart upload in `partSize` parts (null:
 * the backend's choice, 16 MiB).
 */
final class UploadPolicy
{
    public const DEFAULT_MULTIPART_THRESHOLD = 64 * 1024 * 1024;
    private const KEYS = ['allowedContentTypes', 'maxSize', 'folder', 'metadata', 'multipartThreshold', 'partSize'];

    /**
     * @param list<string>|null $allowedContentTypes
     * @param array<string, string> $metadata stored with the file
     */
    public function __construct(
        public readonly ?array $allowedContentTypes = null,
        public readonly ?int $maxSize = null,
        public readonly string $folder = 'uploads',
        public readonly array $metadata = [],
        public readonly int $multipartThreshold = self::DEFAULT_MULTIPART_THRESHOLD,
        public readonly ?int $partSize = null,
    ) {
    }

    /**
     * The callback's answer as a policy: an UploadPolicy, an array of its fields, or null (defaults).
     * Anything else is the app's bug (InvalidArgumentException), never answered as the browser's fault.
     */
    public static function from(mixed $value): self
    {
        if ($value === null) {
            return new self();
        }
        if ($value instanceof self) {
            return $value;
        }
        if (is_array($value)) {
            $unknown = array_diff(array_keys($value), self::KEYS);
            if ($unknown !== []) {
                throw new \InvalidArgumentException('onBeforeUpload returned unknown policy keys ' . implode(', ', $unknown) . '; known: ' . implode(', ', self::KEYS) . '.');
            }
            return new self(...$value);
        }
        throw new \InvalidArgumentException('onBeforeUpload must return an UploadPolicy, an array or null (or throw UploadRefused), got ' . get_debug_type($value) . '.');
    }

    /** Refuses a type this policy does not allow (415) or a size above its maximum (413). */
    public function check(UploadIntent $intent): void
    {
        $allowed = $this->allowedContentTypes;
        if ($allowed !== null && !self::anyMatches($intent->contentType, $allowed)) {
            throw new RouteRefusal(415, 'content_type_refused', "{$intent->contentType} is not accepted here; allowed are " . implode(', ', $allowed) . '.');
        }
        if ($this->maxSize !== null && $intent->size > $this->maxSize) {
            throw new RouteRefusal(413, 'file_too_large', "{$intent->filename} is " . self::formatSize($intent->size) . '; this route accepts at most ' . self::formatSize($this->maxSize) . '.');
        }
    }

    /** Sizes as the spec's messages show them: bytes, KiB, then MiB with one decimal. */
    public static function formatSize(int $size): string
    {
        if ($size < 1024) {
            return "$size bytes";
        }
        if ($size < 1024 * 1024) {
            return sprintf('%.1F KiB', $size / 1024);
        }
        return sprintf('%.1F MiB', $size / (1024 * 1024));
    }

    /** @param list<string> $patterns */
    private static function anyMatches(string $contentType, array $patterns): bool
    {
        $actual = strtolower(trim(explode(';', $contentType, 2)[0]));
        foreach ($patterns as $pattern) {
            $wanted = strtolower(trim(explode(';', $pattern, 2)[0]));
            if ($wanted === '*' || $wanted === '*/*' || $actual === $wanted) {
                return true;
            }
            if (str_ends_with($wanted, '/*') && str_starts_with($actual, substr($wanted, 0, -1)) && strlen($actual) > strlen($wanted) - 1) {
                return true;
            }
        }
        return false;
    }
}

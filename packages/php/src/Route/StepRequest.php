<?php

declare(strict_types=1);

namespace Dilnaka\Route;

/**
 * One of the four request bodies of spec/upload-route.yaml, checked field by field: anything
 * else is `400 invalid_request` naming the field.
 */
final class StepRequest
{
    public const TYPES = ['presign', 'presignParts', 'complete', 'abort'];
    private const CHECKSUM = '/^[A-Za-z0-9+\/]{42}[AEIMQUYcgkosw048]=$/'; // canonical base64 of 32 bytes

    /**
     * @param list<int> $partNumbers presignParts only
     * @param list<array{partNumber: int, etag: string}>|null $parts complete only (multipart)
     */
    private function __construct(
        public readonly string $type,
        public readonly string $filename = '',
        public readonly string $contentType = '',
        public readonly int $size = 0,
        public readonly ?string $clientPayload = null,
        public readonly ?string $checksumSha256 = null,
        public readonly string $fileId = '',
        public readonly string $token = '',
        public readonly array $partNumbers = [],
        public readonly ?array $parts = null,
    ) {
    }

    public static function parse(string $raw, mixed $parsed = null): self
    {
        if (trim($raw) === '' && is_array($parsed)) { // a framework already decoded it (and read the stream)
            $raw = (string) json_encode($parsed);
        }
        try {
            $body = json_decode($raw, false, 64, JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            throw RouteRefusal::invalidRequest('The body must be JSON.');
        }
        if (!$body instanceof \stdClass) {
            throw RouteRefusal::invalidRequest('The body must be a JSON object with a `type`.');
        }
        $fields = get_object_vars($body);
        return match ($fields['type'] ?? null) {
            'presign' => new self(
                'presign',
                filename: self::text($fields, 'filename', 255),
                contentType: self::text($fields, 'contentType', 255),
                size: self::whole($fields, 'size', 'a whole number of bytes', 0),
                clientPayload: self::optionalText($fields, 'clientPayload', 4096),
                checksumSha256: self::checksum($fields),
            ),
            'presignParts' => new self('presignParts', fileId: self::text($fields, 'fileId'), token: self::token($fields), partNumbers: self::partNumbers($fields)),
            'complete' => new self('complete', fileId: self::text($fields, 'fileId'), token: self::token($fields), parts: self::parts($fields)),
            'abort' => new self('abort', fileId: self::text($fields, 'fileId'), token: self::token($fields)),
            default => throw RouteRefusal::invalidRequest('`type` must be one of ' . implode(', ', self::TYPES) . '.'),
        };
    }

    /** @param array<mixed> $fields */
    private static function text(array $fields, string $name, int $maxLength = 1024): string
    {
        $value = $fields[$name] ?? null;
        if (!is_string($value) || $value === '' || mb_strlen($value) > $maxLength) {
            throw RouteRefusal::invalidRequest("`$name` must be a string of 1 to $maxLength characters.");
        }
        return $value;
    }

    /** @param array<mixed> $fields any string: what is wrong inside it is the token check's to say (403) */
    private static function token(array $fields): string
    {
        $value = $fields['token'] ?? null;
        if (!is_string($value)) {
            throw RouteRefusal::invalidRequest('`token` must be the completion token string the presign step answered.');
        }
        return $value;
    }

    /** @param array<mixed> $fields */
    private static function optionalText(array $fields, string $name, int $maxLength): ?string
    {
        $value = $fields[$name] ?? null;
        if ($value !== null && (!is_string($value) || mb_strlen($value) > $maxLength)) {
            throw RouteRefusal::invalidRequest("`$name` must be a string of at most $maxLength characters, or null.");
        }
        return $value;
    }

    /** @param array<mixed> $fields */
    private static function whole(array $fields, string $name, string $what, int $min, ?int $max = null): int
    {
        $value = $fields[$name] ?? null;
        if (!is_int($value) || $value < $min || ($max !== null && $value > $max)) {
            throw RouteRefusal::invalidRequest("`$name` must be $what.");
        }
        return $value;
    }

    /** @param array<mixed> $fields */
    private static function checksum(array $fields): ?string
    {
        $value = $fields['checksumSha256'] ?? null;
        if ($value !== null && (!is_string($value) || preg_match(self::CHECKSUM, $value) !== 1)) {
            throw RouteRefusal::invalidRequest('`checksumSha256` must be the base64 SHA-256 of the bytes (44 characters), or null.');
        }
        return $value;
    }

    /**
     * @param array<mixed> $fields
     * @return list<int>
     */
    private static function partNumbers(array $fields): array
    {
        $numbers = $fields['partNumbers'] ?? null;
        if (!is_array($numbers) || !array_is_list($numbers) || count($numbers) < 1 || count($numbers) > 1000) {
            throw RouteRefusal::invalidRequest('`partNumbers` must be a list of 1 to 1000 part numbers.');
        }
        $checked = array_map(static fn (mixed $n): int => self::whole(['partNumbers' => $n], 'partNumbers', 'whole numbers from 1 to 10000', 1, 10000), $numbers);
        if (count(array_unique($checked)) !== count($checked)) {
            throw RouteRefusal::invalidRequest('`partNumbers` must not repeat a number.');
        }
        return $checked;
    }

    /**
     * @param array<mixed> $fields
     * @return list<array{partNumber: int, etag: string}>|null
     */
    private static function parts(array $fields): ?array
    {
        $parts = $fields['parts'] ?? null;
        if ($parts === null) {
            return null;
        }
        if (!is_array($parts) || !array_is_list($parts)) {
            throw RouteRefusal::invalidRequest('`parts` must be a list of {partNumber, etag} objects.');
        }
        return array_map(static function (mixed $part): array {
            if (!$part instanceof \stdClass) {
                throw RouteRefusal::invalidRequest('`parts` must be a list of {partNumber, etag} objects.');
            }
            $fields = get_object_vars($part);
            return ['partNumber' => self::whole($fields, 'partNumber', 'a whole number from 1 to 10000', 1, 10000), 'etag' => self::text($fields, 'etag')];
        }, $parts);
    }
}

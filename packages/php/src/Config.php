<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ConfigException;

/**
 * The resolved settings of a client. Precedence, per setting: named argument > process environment
 * (`getenv()`, then `$_ENV`) > `.env` in the working directory > default.
 */
final class Config
{
    public const DEFAULT_BASE_URL = 'https://dilnaka.storage.tsnc.tech';
    public const DEFAULT_TIMEOUT = 60.0;
    public const DEFAULT_MAX_RETRIES = 2;

    private function __construct(
        public readonly ApiKey $apiKey,
        public readonly string $baseUrl,
        public readonly float $timeout,
        public readonly int $maxRetries,
    ) {
    }

    public static function resolve(
        #[\SensitiveParameter] ?string $apiKey = null,
        ?string $baseUrl = null,
        int|float|null $timeout = null,
        ?int $maxRetries = null,
        ?string $envFile = null,
    ): self {
        ['values' => $fromFile, 'unreadable' => $unreadable] = DotEnv::load($envFile);
        // An empty variable counts as unset at every level, so `DILNAKA_BASE_URL=` falls through to .env.
        $lookup = static function (string $name) use ($fromFile): ?string {
            foreach ([getenv($name), $_ENV[$name] ?? null, $fromFile[$name] ?? null] as $value) {
                if (is_string($value) && trim($value) !== '') {
                    return trim($value);
                }
            }
            return null;
        };

        $apiKey ??= $lookup('DILNAKA_API_KEY');
        if ($apiKey === null && $unreadable !== null) {
            throw new ConfigException(
                "Missing Dilnaka API key (the envFile $unreadable is missing or not a readable file)",
                errorCode: 'missing_api_key',
                hint: 'Fix the envFile path, or set DILNAKA_API_KEY in the environment, or pass new Dilnaka(apiKey: \'dlk_dev_…\').',
            );
        }

        return new self(
            new ApiKey($apiKey ?? ''),
            self::baseUrl($baseUrl ?? $lookup('DILNAKA_BASE_URL') ?? self::DEFAULT_BASE_URL),
            self::timeout($timeout ?? $lookup('DILNAKA_TIMEOUT') ?? self::DEFAULT_TIMEOUT),
            self::maxRetries($maxRetries ?? self::DEFAULT_MAX_RETRIES),
        );
    }

    private static function baseUrl(string $url): string
    {
        $parts = parse_url($url);
        if ($parts === false || !in_array($parts['scheme'] ?? '', ['http', 'https'], true) || ($parts['host'] ?? '') === '') {
            throw new ConfigException(
                "Invalid base URL \"$url\": not an http(s) URL",
                errorCode: 'invalid_base_url',
                hint: 'Use an absolute http(s) URL such as http://127.0.0.1:4100, or leave DILNAKA_BASE_URL unset for ' . self::DEFAULT_BASE_URL . '.',
            );
        }
        return rtrim($url, '/');
    }

    private static function timeout(string|int|float $raw): float
    {
        if (!is_numeric($raw) || (float) $raw <= 0) {
            throw new ConfigException(
                'Invalid timeout "' . $raw . '": it must be a number of seconds greater than 0',
                errorCode: 'invalid_timeout',
                hint: 'Set DILNAKA_TIMEOUT=60 or pass timeout: 60.',
            );
        }
        return (float) $raw;
    }

    private static function maxRetries(int $value): int
    {
        if ($value < 0) {
            throw new ConfigException("Invalid maxRetries $value: it must be 0 or more", errorCode: 'invalid_max_retries', hint: 'Pass maxRetries: 2 (the default) or 0 to disable retries.');
        }
        return $value;
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['apiKey' => $this->apiKey->masked(), 'baseUrl' => $this->baseUrl, 'timeout' => $this->timeout, 'maxRetries' => $this->maxRetries];
    }
}

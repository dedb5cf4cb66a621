<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

use Psr\Http\Message\ResponseInterface;

/** Reads a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter
{
    /** The server's wish in seconds: `retry-after-ms` first (as the other SDKs), else `Retry-After`; uncapped. */
    public static function fromResponse(ResponseInterface $response, ?int $now = null): ?float
    {
        $ms = trim($response->getHeaderLine('retry-after-ms'));
        if (is_numeric($ms) && (float) $ms >= 0) {
            return (float) $ms / 1000;
        }
        return self::parse($response->getHeaderLine('Retry-After'), $now);
    }

    public static function parse(string $header, ?int $now = null): ?float
    {
        $header = trim($header);
        if ($header === '') {
            return null;
        }
        if (is_numeric($header)) {
            return max(0.0, (float) $header);
        }
        $at = strtotime($header);
        if ($at === false) {
            return null;
        }
        return (float) max(0, $at - ($now ?? time()));
    }
}

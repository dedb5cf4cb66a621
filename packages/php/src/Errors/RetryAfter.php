<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** Reads a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter
{
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

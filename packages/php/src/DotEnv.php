<?php

declare(strict_types=1);

namespace Dilnaka;

/**
 * Reads `KEY=value` lines from a `.env` file into an array. Never calls `putenv()` and never writes
 * `$_ENV`/`$_SERVER`: loading the SDK must not change the application's environment.
 * Supports `export KEY=…`, `#` comments, and single- or double-quoted values.
 */
final class DotEnv
{
    /** @return array<string, string> */
    public static function read(string $path): array
    {
        if (!is_file($path) || !is_readable($path)) {
            return [];
        }
        $lines = file($path, FILE_IGNORE_NEW_LINES);
        if ($lines === false) {
            return [];
        }
        $values = [];
        foreach ($lines as $line) {
            if (!preg_match('/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/', $line, $m)) {
                continue; // blank line, comment, or not an assignment
            }
            $values[$m[1]] = self::value($m[2]);
        }
        return $values;
    }

    private static function value(string $raw): string
    {
        $raw = trim($raw);
        if ($raw !== '' && ($raw[0] === '"' || $raw[0] === "'")) {
            $quote = $raw[0];
            $end = strpos($raw, $quote, 1);
            $inner = $end === false ? substr($raw, 1) : substr($raw, 1, $end - 1);
            return $quote === '"' ? str_replace(['\\n', '\\"'], ["\n", '"'], $inner) : $inner;
        }
        // An unquoted value ends at an inline comment (` #`).
        $hash = strpos($raw, ' #');
        return rtrim($hash === false ? $raw : substr($raw, 0, $hash));
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka;

/**
 * Finds and reads the `.env` file by the rules all three SDKs share (spec/scenarios/dotenv.json).
 * Never calls `putenv()` and never writes `$_ENV`/`$_SERVER`: loading the SDK must not change the
 * application's environment.
 */
final class DotEnv
{
    private const ESCAPES = ['n' => "\n", 'r' => "\r", 't' => "\t", '"' => '"', '\\' => '\\'];

    /**
     * Without `$envFile`, the nearest regular file named `.env` in `$cwd` or its parents (one file,
     * never merged); a named file is read as named, relative to `$cwd`. A missing or unreadable
     * named file adds nothing and is returned as `unreadable`, so a missing key can name it.
     *
     * @return array{values: array<string, string>, unreadable: ?string}
     */
    public static function load(?string $envFile, ?string $cwd = null): array
    {
        $cwd ??= getcwd() ?: '.';
        if ($envFile !== null) {
            $path = str_starts_with($envFile, '/') ? $envFile : $cwd . DIRECTORY_SEPARATOR . $envFile;
            $text = self::readText($path);
            return ['values' => $text === null ? [] : self::parse($text), 'unreadable' => $text === null ? $path : null];
        }
        for ($dir = $cwd; ; $dir = dirname($dir)) {
            $text = self::readText($dir . DIRECTORY_SEPARATOR . '.env');
            if ($text !== null) {
                return ['values' => self::parse($text), 'unreadable' => null];
            }
            if (dirname($dir) === $dir) {
                return ['values' => [], 'unreadable' => null];
            }
        }
    }

    /**
     * `export `, `KEY=value`, `#` comments, single quotes literal, double quotes with backslash
     * escapes (n r t " and the backslash itself); no interpolation; the last assignment wins.
     *
     * @return array<string, string>
     */
    public static function parse(string $text): array
    {
        $values = [];
        foreach (explode("\n", str_starts_with($text, "\u{FEFF}") ? substr($text, 3) : $text) as $line) {
            if (preg_match('/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/s', str_ends_with($line, "\r") ? substr($line, 0, -1) : $line, $m)) {
                $values[$m[1]] = self::value($m[2]);
            }
        }
        return $values;
    }

    private static function value(string $raw): string
    {
        if (str_starts_with($raw, "'")) {
            $end = strpos($raw, "'", 1);
            return $end === false ? rtrim(substr($raw, 1)) : substr($raw, 1, $end - 1);
        }
        if (str_starts_with($raw, '"')) {
            $value = '';
            for ($i = 1, $n = strlen($raw); $i < $n; $i++) {
                $c = $raw[$i];
                if ($c === '"') {
                    return $value;
                }
                if ($c === '\\' && $i + 1 < $n) {
                    $next = $raw[++$i];
                    $value .= self::ESCAPES[$next] ?? '\\' . $next;
                } else {
                    $value .= $c;
                }
            }
            return rtrim($value); // unterminated: the rest of the line
        }
        return trim(preg_match('/(^|[ \t])#/', $raw, $m, PREG_OFFSET_CAPTURE) ? substr($raw, 0, $m[0][1]) : $raw);
    }

    private static function readText(string $path): ?string
    {
        if (!is_file($path) || !is_readable($path)) {
            return null;
        }
        $text = @file_get_contents($path);
        return $text === false ? null : $text;
    }
}

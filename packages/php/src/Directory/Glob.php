<?php

declare(strict_types=1);

namespace Dilnaka\Directory;

use Dilnaka\Errors\ValidationException;

/**
 * include/exclude patterns over POSIX relative paths (`photos/2026/a.jpg`), the same in every SDK:
 * `*` any characters within one segment, `?` one character within a segment, `**` any characters
 * across segments (`**\/` also matches no directory at all, so `**\/*.log` matches `a.log`), every
 * other character literally. A pattern matches the whole path: `*.log` is top-level only.
 *
 * @internal
 */
final class Glob
{
    /** @param list<string> $regexes */
    private function __construct(private readonly array $regexes)
    {
    }

    /** @param mixed $patterns a list of strings (the option as given) */
    public static function of(mixed $patterns, string $option): self
    {
        if (!is_array($patterns) || !array_is_list($patterns) || array_filter($patterns, static fn ($p): bool => !is_string($p) || $p === '') !== []) {
            throw new ValidationException("$option must be a list of non-empty glob strings.", hint: "Pass e.g. $option: ['**/*.jpg', 'docs/*'].");
        }
        return new self(array_map(self::regex(...), $patterns));
    }

    public function matches(string $path): bool
    {
        foreach ($this->regexes as $regex) {
            if (preg_match($regex, $path)) {
                return true;
            }
        }
        return false;
    }

    public function isEmpty(): bool
    {
        return $this->regexes === [];
    }

    private static function regex(string $pattern): string
    {
        $out = '';
        $length = strlen($pattern);
        for ($i = 0; $i < $length; $i++) {
            $c = $pattern[$i];
            if ($c === '*' && ($pattern[$i + 1] ?? '') === '*') {
                $i++;
                if (($pattern[$i + 1] ?? '') === '/') {
                    $i++;
                    $out .= '(?:.*/)?';
                } else {
                    $out .= '.*';
                }
            } elseif ($c === '*') {
                $out .= '[^/]*';
            } elseif ($c === '?') {
                $out .= '[^/]';
            } else {
                $out .= preg_quote($c, '~');
            }
        }
        return '~^' . $out . '$~sD';
    }
}

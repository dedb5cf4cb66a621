<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

/**
 * Where resume state files live (spec/upload-state.md): the `stateDir` option, else
 * DILNAKA_STATE_DIR from the process environment (never .env), else the OS's per-user state folder.
 * Never the working directory.
 */
final class StateDir
{
    public static function resolve(?string $option, string $os = PHP_OS_FAMILY): string
    {
        if ($option !== null && $option !== '') {
            return $option;
        }
        $env = self::env('DILNAKA_STATE_DIR');
        if ($env !== null) {
            return $env;
        }
        $home = self::env('HOME') ?? self::env('USERPROFILE') ?? (function_exists('posix_getpwuid') ? (posix_getpwuid(posix_geteuid())['dir'] ?? null) : null) ?? sys_get_temp_dir();
        return match ($os) {
            'Darwin' => "$home/Library/Application Support/dilnaka",
            'Windows' => (self::env('LOCALAPPDATA') ?? $home . '\\AppData\\Local') . '\\dilnaka',
            default => (self::env('XDG_STATE_HOME') ?? "$home/.local/state") . '/dilnaka',
        };
    }

    /**
     * The absolute form of a path, resolved against the working directory without following
     * symlinks, as Node's path.resolve and Python's os.path.abspath give it: the state file's key
     * must be the same in every SDK.
     */
    public static function absolutePath(string $path): string
    {
        if (PHP_OS_FAMILY === 'Windows') {
            return (string) (realpath($path) ?: $path);
        }
        $full = str_starts_with($path, '/') ? $path : (getcwd() ?: '.') . '/' . $path;
        $segments = [];
        foreach (explode('/', $full) as $segment) {
            if ($segment === '..') {
                array_pop($segments);
            } elseif ($segment !== '' && $segment !== '.') {
                $segments[] = $segment;
            }
        }
        return '/' . implode('/', $segments);
    }

    private static function env(string $name): ?string
    {
        foreach ([getenv($name), $_ENV[$name] ?? null] as $value) {
            if (is_string($value) && $value !== '') {
                return $value;
            }
        }
        return null;
    }
}

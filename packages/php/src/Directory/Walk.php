<?php

declare(strict_types=1);

namespace Dilnaka\Directory;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Validate;

/**
 * The files under a directory, as relative POSIX paths in sorted order, filtered by include and
 * exclude. A symlink is followed only when its real path stays inside the directory; one that
 * points outside (or nowhere) is listed as a failure naming the link, never read. A link to a
 * directory inside is walked like a copy of it (`cp -rL`), except a link to one of its own
 * ancestors, which would never end.
 *
 * @internal
 */
final class Walk
{
    /** @var array<string, string> relative path => absolute path of each file to upload */
    public array $files = [];
    /** @var array<string, ValidationException> relative path => why it is not uploaded */
    public array $refused = [];
    /** @var array<string, true> real paths of the directories being walked: the current one and its ancestors */
    private array $walking = [];
    private string $root;

    public function __construct(string $dir, private readonly Glob $include, private readonly Glob $exclude)
    {
        $root = is_dir($dir) ? realpath($dir) : false;
        if ($root === false) {
            throw new ValidationException('Not a directory: ' . Validate::shown($dir), hint: 'Pass the path of an existing directory to uploadDirectory().');
        }
        $this->root = $root;
        $this->walk($root, '');
        ksort($this->files, SORT_STRING);
        ksort($this->refused, SORT_STRING);
    }

    private function walk(string $dir, string $prefix): void
    {
        $real = realpath($dir);
        if ($real === false || isset($this->walking[$real])) {
            return;
        }
        $names = @scandir($dir);
        if ($names === false) {
            $this->refuse(rtrim($prefix, '/'), 'Directory is not readable: ' . Validate::shown($dir), 'Check the directory\'s permissions.');
            return;
        }
        $this->walking[$real] = true;
        foreach ($names as $name) {
            if ($name === '.' || $name === '..') {
                continue;
            }
            $path = "$dir/$name";
            $relative = $prefix . $name;
            if (is_link($path) && !$this->inside($path)) {
                if ($this->wanted($relative)) {
                    $this->refuse($relative, 'Symlink ' . Validate::shown($relative) . ' points outside the directory (or nowhere): not followed.', 'Copy the file into the directory, or exclude the link.');
                }
            } elseif (is_dir($path)) {
                $this->walk($path, "$relative/");
            } elseif (is_file($path)) {
                if ($this->wanted($relative)) {
                    $this->files[$relative] = $path;
                }
            } elseif ($this->wanted($relative)) {
                $this->refuse($relative, 'Not a regular file: ' . Validate::shown($relative), 'Exclude it, e.g. exclude: [\'' . $relative . '\'].');
            }
        }
        unset($this->walking[$real]);
    }

    /** Whether a link's target, fully resolved, is the root or below it. */
    private function inside(string $link): bool
    {
        $target = realpath($link);
        return $target !== false && ($target === $this->root || str_starts_with($target, rtrim($this->root, '/') . '/'));
    }

    private function wanted(string $relative): bool
    {
        return ($this->include->isEmpty() || $this->include->matches($relative)) && !$this->exclude->matches($relative);
    }

    private function refuse(string $relative, string $message, string $hint): void
    {
        $this->refused[$relative === '' ? '.' : $relative] = new ValidationException($message, hint: $hint);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Download;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Validate;

/**
 * The file a download is written to, beside its destination (`.<name>.dilnaka-part-<random>`, so
 * the rename stays on one filesystem and is atomic), moved to the destination only once every byte
 * is verified and on disk (fflush + fsync). Until then nothing exists under the destination name;
 * a failure removes the temp file.
 *
 * @internal
 */
final class TempFile
{
    /** @param resource $handle */
    private function __construct(public readonly string $path, public readonly mixed $handle)
    {
    }

    public static function beside(string $destination): self
    {
        $path = dirname($destination) . '/.' . basename($destination) . '.dilnaka-part-' . bin2hex(random_bytes(6));
        $handle = @fopen($path, 'x+b');
        if ($handle === false) {
            throw new ValidationException('Cannot create a file in ' . Validate::shown(dirname($destination)) . '.', hint: 'Download into a directory you can write to.');
        }
        return new self($path, $handle);
    }

    /** Flushes to disk and renames onto the destination (or, without overwrite, links it there only if the name is free). */
    public function commit(string $destination, bool $overwrite): void
    {
        $synced = fflush($this->handle) && (!function_exists('fsync') || fsync($this->handle));
        fclose($this->handle);
        if (!$synced) {
            throw new ValidationException('The download could not be flushed to disk at ' . Validate::shown($this->path) . '.', hint: 'Check the free space of the destination.');
        }
        if (!$overwrite) {
            // link() fails when the name exists: no window in which another file could be replaced.
            if (@link($this->path, $destination)) {
                @unlink($this->path);
                return;
            }
            if (file_exists($destination)) {
                throw self::exists($destination);
            }
        }
        if (!@rename($this->path, $destination)) {
            throw new ValidationException('Cannot move the download to ' . Validate::shown($destination) . ': ' . (error_get_last()['message'] ?? 'rename failed'), hint: 'Check the destination\'s permissions.');
        }
    }

    public function discard(): void
    {
        if (is_resource($this->handle)) {
            fclose($this->handle);
        }
        @unlink($this->path);
    }

    public static function exists(string $destination): ValidationException
    {
        return new ValidationException(Validate::shown($destination) . ' exists and overwrite is false.', errorCode: 'file_exists', hint: 'Pass overwrite: true, or another destination.');
    }
}

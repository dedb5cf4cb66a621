<?php

declare(strict_types=1);

namespace Dilnaka\Download;

use Dilnaka\Errors\DilnakaException;

/**
 * Where a download's bytes go: a stream resource (the temp file beside the destination, a
 * php://temp buffer for downloadBytes(), or the caller's stream). A target the SDK owns can start
 * over when storage answers 200 to a Range request; the caller's stream cannot be taken back, so
 * there the repeated first bytes of the new body are skipped instead.
 *
 * @internal
 */
final class Target
{
    /** @param resource $handle */
    public function __construct(public readonly mixed $handle, public readonly bool $owned)
    {
    }

    public function write(string $chunk): void
    {
        $left = $chunk;
        while ($left !== '') {
            $written = @fwrite($this->handle, $left);
            if ($written === false || $written === 0) {
                $error = error_get_last()['message'] ?? 'no bytes written';
                throw new DilnakaException("The download could not be written: $error", errorCode: 'write_failed', hint: 'Check the free space and permissions of the destination.');
            }
            $left = (string) substr($left, $written);
        }
    }

    /** Empties an owned target; false for the caller's stream. */
    public function restart(): bool
    {
        if (!$this->owned) {
            return false;
        }
        ftruncate($this->handle, 0);
        rewind($this->handle);
        return true;
    }
}

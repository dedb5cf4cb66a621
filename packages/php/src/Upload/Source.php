<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\SourceNotFoundException;
use Dilnaka\Errors\ValidationException;
use GuzzleHttp\Psr7\LimitStream;
use GuzzleHttp\Psr7\Utils;
use Psr\Http\Message\StreamInterface;

/**
 * The bytes of one upload, whatever they came from: a file path, a string of bytes, a PHP stream
 * resource or a PSR-7 stream. Always a seekable stream of known size, so the PUT can stream it and
 * a retry can start it over. A stream of unknown size (a pipe, say) is first spooled to php://temp,
 * which keeps 2 MiB in memory and the rest on disk (upload() instead sends such a stream in parts
 * as it arrives: see unknownLength()).
 */
final class Source
{
    private function __construct(
        /** Exactly the bytes to send; rewinding it starts the upload over. */
        public readonly StreamInterface $stream,
        public readonly int $size,
        public readonly string $filename,
        /** The file's path as given, for a source read from a path (parts re-open it; resume keys on it). */
        public readonly ?string $path = null,
        /** The bytes' SHA-256 when it cost nothing to know (a stream part hashed as read). */
        private ?string $sha256 = null,
        /** Bytes held in memory: hashing them costs no extra read, so they always carry a checksum. */
        private readonly bool $inMemory = false,
    ) {
    }

    /**
     * The checksum to sign for one PUT (spec/scenarios/README.md, "Checksum conventions"): the
     * one known for free, else with `$prePass` the SHA-256 read from the source first (the digest
     * must be signed before the PUT), else none.
     */
    public function sha256(bool $prePass): ?string
    {
        if ($this->sha256 !== null || (!$prePass && !$this->inMemory)) {
            return $this->sha256;
        }
        if ($this->path !== null) {
            $this->sha256 = \Dilnaka\Integrity\Sha256::ofRange($this->path, 0, $this->size);
        } else {
            $context = new \Dilnaka\Integrity\Sha256Context();
            $this->stream->rewind();
            while (($chunk = $this->stream->read(1 << 20)) !== '') {
                $context->update($chunk);
            }
            $this->stream->rewind();
            $this->sha256 = base64_encode($context->final());
        }
        return $this->sha256;
    }

    /**
     * @param string|resource|StreamInterface|Source $source a string is a path; use Source::bytes() for bytes
     */
    public static function from(mixed $source, ?string $filename = null): self
    {
        return match (true) {
            $source instanceof self => $filename === null ? $source : new self($source->stream, $source->size, self::filename($filename), $source->path, $source->sha256, $source->inMemory),
            is_string($source) => self::path($source, $filename),
            $source instanceof StreamInterface, is_resource($source) => self::stream($source, $filename),
            default => throw new ValidationException(
                'Cannot upload a ' . get_debug_type($source) . '.',
                hint: 'Pass a file path, Source::bytes($bytes, \'name.ext\'), a stream resource from fopen(), or a PSR-7 StreamInterface.',
            ),
        };
    }

    public static function path(string $path, ?string $filename = null): self
    {
        $shown = \Dilnaka\Validate::shown($path);
        if ($path === '' || str_contains($path, "\0")) {
            throw new ValidationException(
                $path === '' ? 'The file path is empty.' : 'The file path contains a NUL byte: this looks like file contents, not a path.',
                hint: 'Pass the path of a file, or upload bytes held in a string with Source::bytes($bytes, \'name.ext\').',
            );
        }
        clearstatcache(true, $path);
        if (!file_exists($path)) {
            throw new SourceNotFoundException(
                "File not found: $shown",
                hint: 'Check the path; a relative path is resolved from ' . (getcwd() ?: 'the working directory') . '. To upload bytes held in a string, use Source::bytes($bytes, \'name.ext\').',
            );
        }
        if (!is_file($path)) {
            throw new ValidationException("Path is not a file: $shown", hint: 'Pass the path of a regular file, not a directory.');
        }
        $handle = is_readable($path) ? @fopen($path, 'rb') : false;
        if ($handle === false) {
            throw new ValidationException("File is not readable: $shown", hint: 'Check the file\'s permissions.');
        }
        // PHP buffers stream reads in 8 KiB chunks: curl asks for 64 KiB at a time, which would
        // cost eight read() syscalls per chunk (26,000 for 200 MiB instead of 3,200). Our own
        // handle, so unbuffered reads change nothing else.
        stream_set_read_buffer($handle, 0);
        $size = filesize($path);
        return new self(new LimitStream(Utils::streamFor($handle), (int) $size, 0), (int) $size, self::filename($filename ?? basename($path)), $path);
    }

    public static function bytes(string $bytes, string $filename): self
    {
        return new self(Utils::streamFor($bytes), strlen($bytes), self::filename($filename), inMemory: true);
    }

    /** Bytes already in a seekable stream of known size (a part buffer that turned out to be the whole stream). */
    public static function sized(StreamInterface $stream, int $size, string $filename, ?string $sha256 = null): self
    {
        return new self($stream, $size, self::filename($filename), sha256: $sha256);
    }

    /**
     * A stream source (resource or PSR-7) as the PSR-7 stream to read, null for other sources. Pass
     * it on instead of the resource: a second wrapper would close the resource when dropped.
     */
    public static function asStream(mixed $source): ?StreamInterface
    {
        return $source instanceof StreamInterface || is_resource($source) ? self::readable($source) : null;
    }

    /** Whether the stream can say how many bytes are left: otherwise upload() sends it in parts as it arrives. */
    public static function hasKnownLength(StreamInterface $stream): bool
    {
        return $stream->isSeekable() && $stream->getSize() !== null;
    }

    /** The name to store a stream under: the one given, else a plain file path's base name. */
    public static function nameOf(StreamInterface $stream, ?string $filename): string
    {
        return self::filename($filename ?? self::nameFromUri($stream->getMetadata('uri')));
    }

    /**
     * Uploads from the stream's current position to its end.
     *
     * @param resource|StreamInterface $stream
     */
    public static function stream(mixed $stream, ?string $filename = null): self
    {
        $psr = self::readable($stream);
        $name = self::nameOf($psr, $filename);

        $size = (int) $psr->getSize();
        if (self::hasKnownLength($psr)) {
            $offset = $psr->tell();
            return new self(new LimitStream($psr, $size - $offset, $offset), $size - $offset, $name);
        }
        $spoolHandle = fopen('php://temp/maxmemory:2097152', 'w+b');
        stream_set_read_buffer($spoolHandle, 0); // as for a path: one read() per chunk curl asks for
        $spool = Utils::streamFor($spoolHandle);
        $copied = self::copy($psr, $spool);
        $spool->rewind();
        return new self($spool, $copied, $name);
    }

    /** @param resource|StreamInterface $stream */
    private static function readable(mixed $stream): StreamInterface
    {
        if (is_resource($stream) && get_resource_type($stream) !== 'stream') {
            throw new ValidationException('The resource is a ' . get_resource_type($stream) . ', not a stream.', hint: 'Pass a stream opened with fopen($path, \'rb\').');
        }
        $psr = $stream instanceof StreamInterface ? $stream : Utils::streamFor($stream);
        if (!$psr->isReadable()) {
            throw new ValidationException('The stream is not readable.', hint: 'Open it for reading, e.g. fopen($path, \'rb\').');
        }
        return $psr;
    }

    private static function copy(StreamInterface $from, StreamInterface $to): int
    {
        $copied = 0;
        while (!$from->eof()) {
            $chunk = $from->read(1 << 20);
            if ($chunk === '') {
                break;
            }
            $copied += $to->write($chunk);
        }
        return $copied;
    }

    private static function nameFromUri(mixed $uri): ?string
    {
        // Only a plain file path names the file: php://temp, data: and the like do not.
        if (!is_string($uri) || $uri === '' || preg_match('~^[a-z][a-z0-9+.-]*://|^data:~i', $uri)) {
            return null;
        }
        return basename($uri);
    }

    private static function filename(?string $name): string
    {
        $name = $name === null ? '' : trim($name);
        if ($name === '') {
            throw new ValidationException(
                'The upload needs a filename and none can be taken from this source.',
                hint: 'Pass filename: \'report.pdf\' to upload().',
            );
        }
        if (mb_strlen($name) > 255 || preg_match('/[\x00-\x1f\x7f\/\\\\]/', $name)) {
            throw new ValidationException(
                'Invalid filename "' . \Dilnaka\Validate::shown($name) . '": at most 255 characters, no "/", "\\" or control characters.',
                hint: 'Pass filename: with a plain name such as \'report.pdf\'.',
            );
        }
        return $name;
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Integrity\Sha256Context;
use GuzzleHttp\Psr7\Utils;
use Psr\Http\Message\StreamInterface;

/**
 * A stream read once, front to back, cut into parts as it arrives (a pipe of unknown length, or a
 * stream that cannot be re-read by range). Each part is copied into a buffer of its own (php://temp:
 * 2 MiB in memory, the rest on disk) that a retry rewinds; a buffer is filled only when the pool
 * takes the next part, so at most `concurrency` parts are held. One byte is read ahead, to know
 * whether a part is the last.
 */
final class StreamParts
{
    private const BUFFER_MEMORY = 2 * 1024 * 1024;
    private const CHUNK = 1024 * 1024;

    private string $carry = '';
    private bool $ended = false;
    private int $bytesRead = 0;
    private int $parts = 0;

    /**
     * @param int|null $declaredSize the bytes the source promised, checked at the end; null if unknown
     * @param PartChecksums|null $checksums where each part's SHA-256 is recorded, hashed as the part is read
     */
    public function __construct(private readonly StreamInterface $stream, private readonly int $partSize, private readonly ?int $declaredSize = null, private readonly ?PartChecksums $checksums = null)
    {
    }

    /** The next part's bytes, or null when the stream has none left (the first part is always returned, empty or not). */
    public function next(): ?StreamInterface
    {
        if ($this->ended && $this->carry === '' && $this->parts > 0) {
            $this->checkDeclaredSize();
            return null;
        }
        if ($this->parts === Plan::MAX_PARTS) {
            throw new ValidationException("The stream is longer than 10,000 parts of {$this->partSize} bytes.", hint: 'Pass a larger partSize (up to 5368709120).');
        }
        $buffer = self::buffer();
        $hash = $this->checksums === null ? null : new Sha256Context();
        $filled = self::fill($buffer, $this->carry, $hash);
        $this->carry = '';
        while ($filled < $this->partSize && !$this->ended) {
            $chunk = $this->stream->read(min(self::CHUNK, $this->partSize - $filled));
            $this->ended = $chunk === '';
            $filled += self::fill($buffer, $chunk, $hash);
        }
        if (!$this->ended) {
            $this->carry = $this->stream->read(1);
            $this->ended = $this->carry === '';
        }
        $this->parts++;
        $this->bytesRead += $filled;
        if ($hash !== null) {
            $this->checksums?->set($this->parts, base64_encode($hash->final()));
        }
        $buffer->rewind();
        return $buffer;
    }

    /** True once every byte of the stream is in the parts handed out. */
    public function ended(): bool
    {
        return $this->ended && $this->carry === '';
    }

    public function bytesRead(): int
    {
        return $this->bytesRead;
    }

    /**
     * The parts from the first (already read) to the end of the stream.
     *
     * @return \Generator<int, StreamInterface>
     */
    public function bodies(StreamInterface $first): \Generator
    {
        yield 1 => $first;
        for ($n = 2; ($body = $this->next()) !== null; $n++) {
            yield $n => $body;
        }
    }

    /** The first part and the rest of the stream in one buffer, for one PUT (a backend without multipart). */
    public function spool(StreamInterface $first): StreamInterface
    {
        $spool = self::buffer();
        $first->rewind();
        while (($chunk = $first->read(self::CHUNK)) !== '') {
            self::append($spool, $chunk);
        }
        self::append($spool, $this->carry);
        while (!$this->ended && ($chunk = $this->stream->read(self::CHUNK)) !== '') {
            self::append($spool, $chunk);
        }
        $this->carry = '';
        $this->ended = true;
        $spool->rewind();
        return $spool;
    }

    private static function append(StreamInterface $spool, string $chunk): void
    {
        $spool->write($chunk);
        if ($spool->tell() > Plan::MAX_SINGLE_PUT) {
            throw new ValidationException(
                'This backend does not offer multipart uploads and the stream is larger than 5 GiB, the most one PUT carries.',
                hint: 'Upload to a backend with the multipart extension, or split the data into files of at most 5 GiB.',
            );
        }
    }

    private function checkDeclaredSize(): void
    {
        if ($this->declaredSize !== null && $this->declaredSize !== $this->bytesRead) {
            throw new ValidationException("The source promised {$this->declaredSize} bytes but had {$this->bytesRead}.", hint: 'Do not change the stream while it is uploaded.');
        }
    }

    private static function fill(StreamInterface $buffer, string $chunk, ?Sha256Context $hash): int
    {
        $hash?->update($chunk);
        return $buffer->write($chunk);
    }

    private static function buffer(): StreamInterface
    {
        $handle = fopen('php://temp/maxmemory:' . self::BUFFER_MEMORY, 'w+b');
        stream_set_read_buffer($handle, 0);
        return Utils::streamFor($handle);
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Validate;
use GuzzleHttp\Psr7\LimitStream;
use GuzzleHttp\Psr7\Utils;
use Psr\Http\Message\StreamInterface;

/**
 * The parts of a file on disk: part n is a LimitStream over bytes [(n-1)·partSize, n·partSize) of
 * a handle of its own, so parts in flight never share a file position, a retry rewinds to the
 * part's first byte, and nothing but curl's chunk is ever in memory.
 */
final class FileParts
{
    public function __construct(private readonly string $path, private readonly int $size, private readonly int $partSize)
    {
    }

    /** The bytes part `$n` of `$count` holds: partSize, or the remainder for the last. */
    public static function expectedSize(int $n, int $size, int $partSize): int
    {
        return max(0, min($partSize, $size - ($n - 1) * $partSize));
    }

    /**
     * @param list<int> $numbers the parts to send, ascending
     * @return \Generator<int, StreamInterface>
     */
    public function bodies(array $numbers): \Generator
    {
        foreach ($numbers as $n) {
            yield $n => $this->open($n);
        }
    }

    private function open(int $n): StreamInterface
    {
        $handle = @fopen($this->path, 'rb');
        if ($handle === false) {
            throw new ValidationException('File is not readable any more: ' . Validate::shown($this->path), hint: 'Keep the file in place until the upload returns.');
        }
        stream_set_read_buffer($handle, 0); // one read() per chunk curl asks for (see Source::path)
        return new LimitStream(Utils::streamFor($handle), self::expectedSize($n, $this->size, $this->partSize), ($n - 1) * $this->partSize);
    }
}

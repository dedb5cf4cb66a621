<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Integrity\Sha256;
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
     * @param PartChecksums|null $checksums where each part's SHA-256 is recorded before it is
     *        yielded (hashed from the file range, in 1 MiB chunks), for an upload with checksums
     * @return \Generator<int, StreamInterface>
     */
    public function bodies(array $numbers, ?PartChecksums $checksums = null): \Generator
    {
        foreach ($numbers as $n) {
            $body = $this->open($n);
            if ($checksums !== null) {
                $sum = Sha256::ofRange($this->path, ($n - 1) * $this->partSize, self::expectedSize($n, $this->size, $this->partSize));
                $checksums->set($n, $sum ?? throw self::unreadable($this->path));
            }
            yield $n => $body;
        }
    }

    private static function unreadable(string $path): ValidationException
    {
        return new ValidationException('File is not readable any more (or shorter): ' . Validate::shown($path), hint: 'Keep the file in place and unchanged until the upload returns.');
    }

    private function open(int $n): StreamInterface
    {
        $handle = @fopen($this->path, 'rb');
        if ($handle === false) {
            throw self::unreadable($this->path);
        }
        stream_set_read_buffer($handle, 0); // one read() per chunk curl asks for (see Source::path)
        return new LimitStream(Utils::streamFor($handle), self::expectedSize($n, $this->size, $this->partSize), ($n - 1) * $this->partSize);
    }
}

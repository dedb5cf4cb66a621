<?php

declare(strict_types=1);

namespace Dilnaka\Download;

use Dilnaka\Errors\IntegrityException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Integrity\Sha256Context;

/**
 * Checks a download as its bytes arrive: the count against the file's size, and the SHA-256
 * against `file.checksumSha256` when there is one, hashed incrementally (Sha256Context) so nothing
 * is read twice, and at most 64 MiB (one part, or a small file) is held for OpenSSL's faster digest. A composite checksum (`<base64>-<n>`, a multipart object) is recomputed part
 * by part from the file's partSize; without a partSize a composite of several parts cannot be
 * recomputed and only the size is checked.
 */
final class Verifier
{
    private ?Sha256Context $context = null;
    /** @var list<string> base64 digests of the parts completed so far (composite only) */
    private array $parts = [];
    private int $inPart = 0;
    private int $received = 0;
    /** Bytes per part for a composite; null for a whole-object checksum. */
    private ?int $partBytes = null;
    private bool $hashing;

    public function __construct(
        private readonly string $fileId,
        private readonly int $size,
        private readonly ?string $checksum,
        ?int $partSize,
        bool $verify = true,
    ) {
        $count = $checksum === null ? null : Sha256::compositeCount($checksum);
        if ($count !== null) {
            $this->partBytes = $partSize ?? ($count === 1 ? max(1, $size) : null);
        }
        $this->hashing = $verify && $checksum !== null && ($count === null || $this->partBytes !== null);
        $this->reset();
    }

    /** Starts over (storage answered 200 to a Range request: the body is sent again from byte 0). */
    public function reset(): void
    {
        $this->context = $this->hashing ? new Sha256Context() : null;
        $this->parts = [];
        $this->inPart = 0;
        $this->received = 0;
    }

    public function received(): int
    {
        return $this->received;
    }

    public function update(string $chunk): void
    {
        $this->received += strlen($chunk);
        if ($this->context === null) {
            return;
        }
        if ($this->partBytes === null) {
            $this->context->update($chunk);
            return;
        }
        // Composite: a part boundary may fall inside a chunk.
        while ($chunk !== '') {
            $take = min(strlen($chunk), $this->partBytes - $this->inPart);
            $this->context->update(substr($chunk, 0, $take));
            $chunk = (string) substr($chunk, $take);
            $this->inPart += $take;
            if ($this->inPart === $this->partBytes) {
                $this->closePart();
            }
        }
    }

    /**
     * Every byte is in: the size, then the checksum, or an IntegrityException.
     *
     * @return string|null the verified checksum in the file's form; null when none was checked
     */
    public function finish(): ?string
    {
        if ($this->received !== $this->size) {
            throw new IntegrityException(
                "The download of file {$this->fileId} has {$this->received} bytes; the file has {$this->size}.",
                errorCode: 'size_mismatch',
                hint: 'Download it again; if it persists, the stored object differs from its record: upload the file again.',
                fileId: $this->fileId,
            );
        }
        if ($this->context === null) {
            return null;
        }
        if ($this->partBytes === null) {
            $actual = base64_encode($this->context->final());
        } else {
            if ($this->inPart > 0 || $this->parts === []) {
                $this->closePart();
            }
            $actual = Sha256::composite($this->parts);
        }
        $this->context = null;
        if ($actual !== $this->checksum) {
            throw new IntegrityException(
                "The download of file {$this->fileId} has SHA-256 $actual; the file's is {$this->checksum}.",
                errorCode: 'checksum_mismatch',
                hint: 'The bytes were changed on the way or in storage: download again; if it persists, upload the file again.',
                fileId: $this->fileId,
            );
        }
        return $actual;
    }

    private function closePart(): void
    {
        $this->parts[] = base64_encode($this->context->final());
        $this->context = new Sha256Context();
        $this->inPart = 0;
    }
}

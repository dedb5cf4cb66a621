<?php

declare(strict_types=1);

namespace Dilnaka\Integrity;

/**
 * An incremental SHA-256 that is fast where it can be. First choice: OpenSSL's streaming digest
 * through ext-ffi (OpenSslSha256), where PHP allows FFI; every byte is hashed as it passes.
 * Without it: PHP's own `hash` extension computes SHA-256
 * several times slower than OpenSSL (which uses the CPU's SHA instructions; measured 54 vs 440 MB/s
 * on this project's loaded machine), but OpenSSL is one-shot only from PHP. So up to `$limit` bytes
 * are kept (as the chunks given: appending to one string cost more than the digest) and digested by
 * openssl_digest() at the end; past that, or without ext-openssl, everything goes through
 * hash_update(). Memory stays bounded by twice the limit either way.
 */
final class Sha256Context
{
    /** The most bytes held for a one-shot digest: a default part (16 MiB) and then some. */
    public const LIMIT = 32 * 1024 * 1024;

    /** @var list<string> */
    private array $held = [];
    private int $heldBytes = 0;
    private ?\HashContext $context = null;
    private ?OpenSslSha256 $streaming = null;

    /**
     * @param int $limit bytes held for openssl_digest() at most (tests pass a small one)
     * @param bool $ffi whether to try OpenSSL's streaming digest first (tests turn it off to check the rest)
     */
    public function __construct(private readonly int $limit = self::LIMIT, bool $ffi = true)
    {
        $this->streaming = $ffi ? OpenSslSha256::create() : null;
        if ($this->streaming === null && !function_exists('openssl_digest')) {
            $this->context = hash_init('sha256');
        }
    }

    public function update(string $chunk): void
    {
        if ($this->streaming !== null) {
            $this->streaming->update($chunk);
            return;
        }
        if ($this->context !== null) {
            hash_update($this->context, $chunk);
            return;
        }
        if ($this->heldBytes + strlen($chunk) <= $this->limit) {
            $this->held[] = $chunk;
            $this->heldBytes += strlen($chunk);
            return;
        }
        $this->context = hash_init('sha256');
        foreach ($this->held as $held) {
            hash_update($this->context, $held);
        }
        hash_update($this->context, $chunk);
        [$this->held, $this->heldBytes] = [[], 0];
    }

    /** The raw 32-byte digest; the context is spent afterwards. */
    public function final(): string
    {
        if ($this->streaming !== null) {
            return $this->streaming->final();
        }
        if ($this->context !== null) {
            return hash_final($this->context, true);
        }
        $bytes = implode('', $this->held);
        [$this->held, $this->heldBytes] = [[], 0];
        $digest = openssl_digest($bytes, 'sha256', true);
        return is_string($digest) ? $digest : hash('sha256', $bytes, true);
    }
}

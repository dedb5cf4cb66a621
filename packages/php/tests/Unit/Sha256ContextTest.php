<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Integrity\OpenSslSha256;
use Dilnaka\Integrity\Sha256Context;
use PHPUnit\Framework\TestCase;

/**
 * The incremental SHA-256 equals PHP's one-shot digest: through OpenSSL's streaming digest (FFI),
 * and without it below and past the bytes it holds for openssl_digest().
 */
final class Sha256ContextTest extends TestCase
{
    /** @return iterable<string, array{int, int, bool}> */
    public static function sizes(): iterable
    {
        foreach (['ffi' => true, 'no ffi' => false] as $name => $ffi) {
            yield "$name, empty" => [0, 100, $ffi];
            yield "$name, held whole" => [99, 100, $ffi];
            yield "$name, exactly the limit" => [100, 100, $ffi];
            yield "$name, past the limit" => [1000, 100, $ffi];
            yield "$name, a chunk larger than the limit" => [5000, 10, $ffi];
        }
    }

    /** @dataProvider sizes */
    public function testDigestEqualsHash(int $size, int $limit, bool $ffi): void
    {
        $bytes = $size === 0 ? '' : random_bytes($size);
        $context = new Sha256Context($limit, $ffi);
        foreach ($size === 0 ? [] : str_split($bytes, 37) as $chunk) {
            $context->update($chunk);
        }
        self::assertSame(hash('sha256', $bytes, true), $context->final());
    }

    public function testOpenSslStreamingDigestIsAvailableHere(): void
    {
        // This machine's PHP CLI has ext-ffi and libcrypto: the fast path must be the one taken.
        $context = OpenSslSha256::create();
        self::assertNotNull($context);
        $context->update('abc');
        self::assertSame(hash('sha256', 'abc', true), $context->final());
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Integrity\Sha256Context;
use PHPUnit\Framework\TestCase;

/** The incremental SHA-256 equals PHP's one-shot digest, below and past the bytes it holds for OpenSSL. */
final class Sha256ContextTest extends TestCase
{
    /** @return iterable<string, array{int, int}> */
    public static function sizes(): iterable
    {
        yield 'empty' => [0, 100];
        yield 'held whole' => [99, 100];
        yield 'exactly the limit' => [100, 100];
        yield 'past the limit' => [1000, 100];
        yield 'a chunk larger than the limit' => [5000, 10];
    }

    /** @dataProvider sizes */
    public function testDigestEqualsHash(int $size, int $limit): void
    {
        $bytes = $size === 0 ? '' : random_bytes($size);
        $context = new Sha256Context($limit);
        foreach ($size === 0 ? [] : str_split($bytes, 37) as $chunk) {
            $context->update($chunk);
        }
        self::assertSame(hash('sha256', $bytes, true), $context->final());
    }
}

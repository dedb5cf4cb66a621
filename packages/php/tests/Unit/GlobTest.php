<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Directory\Glob;
use Dilnaka\Errors\ValidationException;
use PHPUnit\Framework\TestCase;

/** The include/exclude globs of uploadDirectory(). */
final class GlobTest extends TestCase
{
    /** @return iterable<string, array{string, string, bool}> */
    public static function cases(): iterable
    {
        yield '* stays in its segment' => ['*.log', 'a/b.log', false];
        yield '* top level' => ['*.log', 'b.log', true];
        yield '** across segments' => ['**/*.log', 'a/b/c.log', true];
        yield '**/ matches no directory' => ['**/*.log', 'c.log', true];
        yield 'dir/** everything below' => ['docs/**', 'docs/a/b.md', true];
        yield 'dir/** not a sibling' => ['docs/**', 'docsx/a.md', false];
        yield '? one character' => ['a?.txt', 'ab.txt', true];
        yield '? not a slash' => ['a?b', 'a/b', false];
        yield 'literal dots and brackets' => ['a.[1].txt', 'a.[1].txt', true];
        yield 'dot is literal' => ['a.txt', 'abtxt', false];
        yield 'whole path only' => ['b.txt', 'a/b.txt', false];
    }

    /** @dataProvider cases */
    public function testMatches(string $pattern, string $path, bool $expected): void
    {
        self::assertSame($expected, Glob::of([$pattern], 'include')->matches($path));
    }

    public function testAnythingButAListOfStringsIsRefused(): void
    {
        foreach (['*.txt', [''], [3], ['a' => '*']] as $bad) {
            try {
                Glob::of($bad, 'exclude');
                self::fail('accepted ' . var_export($bad, true));
            } catch (ValidationException $e) {
                self::assertStringContainsString('exclude', $e->getMessage());
            }
        }
    }
}

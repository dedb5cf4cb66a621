<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use PHPUnit\Framework\TestCase;

/**
 * The same positional call means the same in Python and PHP: Python's `upload(file_path, folder,
 * content_type, metadata)` is fixed by the published 0.0.8, so PHP's first four parameters follow it.
 */
final class UploadSignatureTest extends TestCase
{
    public function testUploadTakesTheSamePositionalArgumentsAsPython(): void
    {
        $names = array_map(static fn (\ReflectionParameter $p) => $p->getName(), (new \ReflectionMethod(Dilnaka::class, 'upload'))->getParameters());
        self::assertSame(['source', 'folder', 'contentType', 'metadata'], array_slice($names, 0, 4));
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use PHPUnit\Framework\TestCase;

/**
 * Changesets bump package.json (`pnpm changeset version`); the User-Agent reads Dilnaka::VERSION.
 * This keeps the two from drifting apart silently.
 */
final class VersionTest extends TestCase
{
    public function testVersionConstantMatchesTheWorkspacePackageVersion(): void
    {
        $manifest = json_decode((string) file_get_contents(__DIR__ . '/../../package.json'), true, 512, JSON_THROW_ON_ERROR);
        self::assertSame(
            $manifest['version'],
            Dilnaka::VERSION,
            'package.json was bumped by changesets: set Dilnaka::VERSION in src/Dilnaka.php to the same version.',
        );
    }
}

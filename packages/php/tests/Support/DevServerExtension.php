<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

use PHPUnit\Runner\AfterLastTestHook;

/** Stops the shared dev server (and its whole process group) once the last test has run. */
final class DevServerExtension implements AfterLastTestHook
{
    public function executeAfterLastTest(): void
    {
        DevServer::stopShared();
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Types;

use Dilnaka\Errors\DilnakaException;

/** What uploadDirectory() returns: every file it uploaded and every one it could not, by relative POSIX path, sorted. */
final class DirectoryUploadResult
{
    /**
     * @param list<array{path: string, file: UploadedFile}> $uploaded
     * @param list<array{path: string, error: DilnakaException}> $failed
     */
    public function __construct(public readonly array $uploaded, public readonly array $failed)
    {
    }

    public function ok(): bool
    {
        return $this->failed === [];
    }
}

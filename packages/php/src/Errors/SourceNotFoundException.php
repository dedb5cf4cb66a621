<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** A file path to upload does not exist (TS SourceNotFoundError, Python SourceNotFoundError). */
class SourceNotFoundException extends ValidationException
{
    public const DEFAULT_CODE = 'source_not_found';
    public const DEFAULT_HINT = 'Check the path (relative paths start from the working directory).';
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** A file path to upload does not exist (TS SourceNotFoundError, Python SourceNotFoundError). */
class SourceNotFoundException extends ValidationException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** The Dilnaka API answered with an error status; the subclasses name the status family. */
class ApiException extends DilnakaException
{
}

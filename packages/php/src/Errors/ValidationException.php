<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** An argument is invalid (missing file, bad folder, non-positive expiresIn, ...); thrown before any request is sent. */
class ValidationException extends DilnakaException
{
}

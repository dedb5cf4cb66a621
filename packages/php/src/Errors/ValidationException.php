<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** An argument is invalid (missing file, bad folder, non-positive expiresIn, ...); thrown before any request is sent. */
class ValidationException extends DilnakaException
{
    public const DEFAULT_CODE = 'validation_error';
    public const DEFAULT_HINT = 'Fix the argument the message names; nothing was sent.';
}

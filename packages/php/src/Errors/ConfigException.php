<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** The client is misconfigured (missing or malformed API key, bad base URL or timeout); thrown by the constructor, before any request. */
class ConfigException extends DilnakaException
{
    public const DEFAULT_CODE = 'config_error';
    public const DEFAULT_HINT = "Fix the client's configuration (arguments, environment or .env) as the message says.";
}

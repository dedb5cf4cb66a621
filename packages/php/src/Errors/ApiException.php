<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/**
 * A request to Dilnaka or to storage failed: the one class to catch for "the call did not work" in
 * every SDK (TS APIError, Python DilnakaAPIError; spec/scenarios/error-hierarchy.json). The API's
 * error answers (one subclass per status family), ConnectionException/TimeoutException and
 * StorageException/IntegrityException.
 */
class ApiException extends DilnakaException
{
    public const DEFAULT_CODE = 'api_error';
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** No HTTP answer: the connection failed, was reset or closed early. Retried automatically up to maxRetries. An ApiException, as in every SDK (spec/scenarios/error-hierarchy.json). */
class ConnectionException extends ApiException
{
    public const DEFAULT_CODE = 'connection_error';
    public const DEFAULT_HINT = 'Check the network and the base URL (DILNAKA_BASE_URL).';
}

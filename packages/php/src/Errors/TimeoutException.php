<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** The request took longer than the configured timeout. Retried automatically up to maxRetries. */
class TimeoutException extends ConnectionException
{
    public const DEFAULT_CODE = 'timeout';
    public const DEFAULT_HINT = 'Raise the timeout (DILNAKA_TIMEOUT or timeout:) or check the network.';
}

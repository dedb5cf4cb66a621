<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** No HTTP answer: the connection failed, was reset or closed early. Retried automatically up to maxRetries. An ApiException, as in every SDK (spec/scenarios/error-hierarchy.json). */
class ConnectionException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** No HTTP answer: the connection failed, was reset or closed early. Retried automatically up to maxRetries. */
class ConnectionException extends DilnakaException
{
}

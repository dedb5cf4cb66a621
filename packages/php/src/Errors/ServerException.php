<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 5xx: an error on Dilnaka's side; safe to retry (the SDK already did, up to maxRetries). */
class ServerException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 401: the API key is missing, malformed or revoked. */
class AuthenticationException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 400: the request was malformed (e.g. a query parameter out of range). */
class BadRequestException extends ApiException
{
}

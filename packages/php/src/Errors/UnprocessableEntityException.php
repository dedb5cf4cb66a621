<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 422: a field of the request is invalid (the message names it). */
class UnprocessableEntityException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 403: this API key may not do this. */
class PermissionDeniedException extends ApiException
{
}

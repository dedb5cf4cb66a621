<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 404: no such file. */
class NotFoundException extends ApiException
{
}

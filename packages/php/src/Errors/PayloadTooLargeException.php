<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 413: the file is larger than the plan allows for one file. */
class PayloadTooLargeException extends ApiException
{
}

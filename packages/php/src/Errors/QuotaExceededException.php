<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 402: a storage or bandwidth quota of the plan is exhausted (errorCode names which). */
class QuotaExceededException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** 409: the file is not in a state that allows this (bytes missing, size differs, not uploaded yet). */
class ConflictException extends ApiException
{
}

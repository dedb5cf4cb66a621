<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** The storage host refused the presigned PUT (status is the storage's), or answered unexpectedly. */
class StorageException extends ApiException
{
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/** The storage host refused the presigned PUT (status is the storage's), or answered unexpectedly. */
class StorageException extends ApiException
{
    public const DEFAULT_CODE = 'storage_error';
    public const DEFAULT_HINT = 'Storage refused the request: call upload() again for a fresh URL.';
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/**
 * The caller cancelled the upload (its progress callback returned false): parts in flight were
 * stopped and the upload was aborted, so nothing of it stays in storage.
 */
class AbortException extends DilnakaException
{
    public const DEFAULT_CODE = 'aborted';
    public const DEFAULT_HINT = 'Call again; the upload was cancelled by its progress callback.';
}

<?php

declare(strict_types=1);

namespace Dilnaka\Route;

/**
 * Throw it from `onBeforeUpload` (or `onUploadCompleted`) to refuse: the browser gets
 * `403 upload_refused` with your message, and nothing is presigned.
 */
final class UploadRefused extends \RuntimeException
{
    public function __construct(string $message = 'This upload was refused.')
    {
        parent::__construct($message);
    }
}

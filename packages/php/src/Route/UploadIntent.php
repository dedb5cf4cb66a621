<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Psr\Http\Message\ServerRequestInterface;

/** What the browser announced, handed to `onBeforeUpload` before anything is presigned. */
final class UploadIntent
{
    public function __construct(
        public readonly string $filename,
        public readonly string $contentType,
        public readonly int $size,
        /** Free text from the page (often JSON), as sent; null when the page sent none. */
        public readonly ?string $clientPayload,
        /** The request being answered: check the session, cookies or headers here. */
        public readonly ServerRequestInterface $request,
    ) {
    }
}

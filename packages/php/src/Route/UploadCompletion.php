<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Psr\Http\Message\ServerRequestInterface;

/** What `onUploadCompleted($file, $completion)` gets beside the file. */
final class UploadCompletion
{
    public function __construct(
        /** The page's clientPayload at presign (carried in the completion token); null if it sent none. */
        public readonly ?string $clientPayload,
        /** The request of the complete step. */
        public readonly ServerRequestInterface $request,
    ) {
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Transport;
use Dilnaka\Types\AbortedUpload;
use Dilnaka\Validate;

/** abortUpload: abandon a pending upload (multipart or single PUT); storage frees what it holds. */
final class Abort
{
    private const NO_MULTIPART = [404, 405, 501];

    public function __construct(private readonly Transport $transport)
    {
    }

    public function __invoke(string $fileId): AbortedUpload
    {
        $id = Validate::fileId($fileId);
        return AbortedUpload::fromArray($this->transport->api('abortUpload', 'DELETE', "/v1/uploads/$id"), $id);
    }

    /**
     * Abandons an upload the SDK gave up on, so no pending file or stored part lingers: abortUpload,
     * or deleteFile on a backend without the extension. Best effort: it never hides the failure
     * that caused it, so its own failures are dropped.
     */
    public function abandon(string $fileId): void
    {
        try {
            ($this)($fileId);
        } catch (DilnakaException $e) {
            if (!in_array($e->status, self::NO_MULTIPART, true)) {
                return;
            }
            try {
                $this->transport->api('deleteFile', 'DELETE', '/v1/files/' . Validate::fileId($fileId));
            } catch (DilnakaException) {
                // Nothing more to try: the backend expires pending uploads on its own.
            }
        }
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Route;

/** What a completion token binds: the file, its announced size, single PUT or multipart, the expiry. */
final class TokenClaims
{
    public function __construct(
        public readonly string $fileId,
        /** The announced size in bytes (null only for an upload of unknown size). */
        public readonly ?int $size,
        public readonly bool $multipart,
        /** Unix seconds after which the route refuses the token. */
        public readonly int $expiresAt,
        /** The page's clientPayload the policy accepted, for onUploadCompleted (the `cp` extension the TS helper signs too). */
        public readonly ?string $clientPayload = null,
    ) {
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** A URL to download one file, from getFileAccessUrl(). */
final class FileAccessUrl
{
    public function __construct(
        public readonly string $fileId,
        public readonly string $url,
        /** Seconds until `url` expires; null for a permanent URL. */
        public readonly ?int $expiresIn,
        public readonly bool $isTemporary,
        /** `bandwidth_overage_active` when this download is billed as overage; null otherwise. */
        public readonly ?string $warning = null,
        /** The API's explanation of `warning`. */
        public readonly ?string $warningMessage = null,
    ) {
    }

    /** @param array<mixed> $data a decoded `FileAccessUrl` object of the API */
    public static function fromArray(array $data): self
    {
        $expiresIn = Fields::optionalInt($data, 'expiresIn');
        $warning = Fields::optionalString($data, 'warning');
        return new self(
            fileId: Fields::requireString($data, 'file id', 'fileId', 'id'),
            url: Fields::requireString($data, 'file access url', 'url'),
            expiresIn: $expiresIn,
            // The backend's own flag wins; without it, a URL with a lifetime is temporary.
            isTemporary: is_bool($data['isTemporary'] ?? null) ? $data['isTemporary'] : $expiresIn !== null,
            warning: $warning,
            warningMessage: $warning !== null ? Fields::optionalString($data, 'message') : null,
        );
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Types;

/** What download() and downloadStream() return once every byte is written and verified. */
final class DownloadedFile
{
    public function __construct(
        public readonly string $fileId,
        /** Where the file now is; null for downloadStream(), which wrote into the caller's stream. */
        public readonly ?string $path,
        /** Bytes written. */
        public readonly int $size,
        /** The SHA-256 the bytes were verified against (the file's form: whole or `<base64>-<n>`); null when none was checked. */
        public readonly ?string $checksumSha256,
        /** The file's record, as getFile() returns it. */
        public readonly UploadedFile $file,
        /** `bandwidth_overage_active` when this download is billed as overage (as getFileAccessUrl() says); null otherwise. */
        public readonly ?string $warning = null,
        public readonly ?string $warningMessage = null,
    ) {
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/**
 * The bytes are not the file's: storage refused an upload body whose SHA-256 did not match the
 * signed one (S3's BadDigest / XAmzContentChecksumMismatch), or a download's size or SHA-256
 * differs from the file's. `errorCode` is `checksum_mismatch` or `size_mismatch`. A download that
 * fails this way leaves nothing under the destination name.
 */
class IntegrityException extends StorageException
{
    public const DEFAULT_CODE = 'checksum_mismatch';
    public const DEFAULT_HINT = 'The bytes changed on the way: try again; if it persists, check the disk and the network.';
}

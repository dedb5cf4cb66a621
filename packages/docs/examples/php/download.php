<?php
// Download a file to a path. The bytes go to a temp file beside it,
// renamed into place only when their size and SHA-256 match the
// file's; a dropped connection resumes with a Range request.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use Dilnaka\Errors\IntegrityException;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';
$path = getenv('DILNAKA_DOWNLOAD_PATH') ?: './download.bin';

try {
    $result = $client->download($fileId, $path);
} catch (IntegrityException $e) {
    // checksum_mismatch or size_mismatch: nothing was left at $path
    echo "{$e->errorCode}: {$e->hint}\n";
    exit(1);
}
$checksum = $result->checksumSha256 ?? 'none';
echo "downloaded {$result->fileId} ({$result->size} bytes, sha256 $checksum)\n";

// Bytes in memory: $client->downloadBytes($fileId)
// Into a stream as they arrive: $client->downloadStream($fileId, STDOUT)

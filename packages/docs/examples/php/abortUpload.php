<?php
// Abandon a pending upload: storage frees its parts, nothing
// is billed, and the id answers 404 afterwards.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$result = $client->abortUpload($fileId);
if ($result->aborted) {
    echo "aborted {$result->fileId}\n";
}

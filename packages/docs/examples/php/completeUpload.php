<?php
// Finish an upload whose bytes were PUT to the presigned URL (safe to repeat).
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$file = $client->completeUpload($fileId);
echo "{$file->id}: {$file->status}, {$file->size} bytes at {$file->key}\n";

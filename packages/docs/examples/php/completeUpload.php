<?php
// Finish an upload whose bytes were PUT to the presigned URL.
// Safe to repeat.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$f = $client->completeUpload($fileId);
echo "{$f->id}: {$f->status}, {$f->size} bytes at {$f->key}\n";

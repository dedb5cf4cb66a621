<?php
// Read one file's metadata.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$file = $client->getFile($fileId);
echo "{$file->originalName}: {$file->size} bytes, {$file->contentType}, {$file->status}\n";
echo "key: {$file->key}\n";

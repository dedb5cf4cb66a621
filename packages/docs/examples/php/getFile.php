<?php
// Read one file's metadata.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$f = $client->getFile($fileId);
echo "{$f->originalName}: {$f->size} bytes, {$f->contentType}, ";
echo "{$f->status}\n";
echo "key: {$f->key}\n";

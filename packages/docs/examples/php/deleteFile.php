<?php
// Delete a file: its stored bytes and its metadata.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$result = $client->deleteFile($fileId);
echo $result->deleted
    ? "deleted {$result->fileId}\n"
    : "{$result->fileId} was not deleted\n";

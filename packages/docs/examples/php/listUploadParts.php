<?php
// The parts storage holds for a pending multipart upload:
// what a resumed upload reads to send only the missing ones.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$listing = $client->listUploadParts($fileId);
echo "{$listing->fileId}: " . count($listing->parts) . " of {$listing->partCount} parts stored\n";
foreach ($listing->parts as $part) {
    echo "part {$part->partNumber}  {$part->size} bytes  {$part->etag}\n";
}

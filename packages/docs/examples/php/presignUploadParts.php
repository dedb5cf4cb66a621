<?php
// Presign parts of a pending multipart upload and PUT one.
// Each part URL takes exactly its headers, never the API key.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use GuzzleHttp\Client;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './hello.txt';

[$part] = $client->presignUploadParts($fileId, [1]);
$answer = (new Client())->request($part->method, $part->url, [
    'headers' => $part->headers,
    'body' => fopen($path, 'rb'),
]);
// Keep the ETag: completeUpload($fileId, parts: [...]) needs it.
echo "part {$part->partNumber} stored, ETag {$answer->getHeaderLine('ETag')}\n";

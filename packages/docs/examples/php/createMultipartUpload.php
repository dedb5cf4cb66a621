<?php
// A multipart upload by hand: create it, presign and PUT each
// part, complete with the parts' ETags. ($client->upload($path)
// does all of this for large files, in parallel.)
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use GuzzleHttp\Client;

$client = new Dilnaka();
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './hello.txt';
$data = file_get_contents($path);

// 1. Create: a file id, the part size and the number of parts.
$upload = $client->createMultipartUpload(
    filename: basename($path),
    contentType: 'text/plain',
    size: strlen($data),
);
echo "multipart {$upload->fileId}: {$upload->partCount} part(s) of {$upload->partSize} bytes\n";

// 2. Presign the parts (up to 1,000 per call), PUT each one's
//    bytes with exactly its headers, and keep the ETag.
$storage = new Client();
$parts = [];
foreach ($client->presignUploadParts($upload->fileId, range(1, $upload->partCount)) as $part) {
    $answer = $storage->request($part->method, $part->url, [
        'headers' => $part->headers,
        'body' => substr($data, ($part->partNumber - 1) * $upload->partSize, $upload->partSize),
    ]);
    $parts[] = ['partNumber' => $part->partNumber, 'etag' => $answer->getHeaderLine('ETag')];
}

// 3. Complete: storage assembles the parts in order.
$file = $client->completeUpload($upload->fileId, parts: $parts);
echo "status: {$file->status}\n";

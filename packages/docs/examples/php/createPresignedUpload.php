<?php
// The three upload steps by hand, e.g. to let a browser send
// the bytes. ($client->upload($path) does all three, streaming.)
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use GuzzleHttp\Client;

$client = new Dilnaka();
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './hello.txt';

// 1. Presign: a file id and a short-lived upload URL.
$presigned = $client->createPresignedUpload(
    filename: basename($path),
    contentType: 'text/plain',
    size: filesize($path),
    folder: 'uploads',
);
$fileId = $presigned->fileId;
echo "presigned $fileId (URL valid {$presigned->expiresIn} s)\n";

// 2. PUT the bytes with exactly the returned headers
//    (and never the API key). Guzzle throws unless 2xx.
$storage = new Client();
$storage->request($presigned->method, $presigned->uploadUrl, [
    'headers' => $presigned->headers,
    'body' => fopen($path, 'rb'),
]);

// 3. Complete.
$file = $client->completeUpload($fileId);
echo "status: {$file->status}\n";

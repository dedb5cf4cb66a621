<?php
// The three upload steps by hand, e.g. to let a browser PUT the bytes.
// ($client->upload($path) does all three for you, streaming the file.)
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use GuzzleHttp\Client;

$client = new Dilnaka();
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './hello.txt';

// 1. Presign: reserve a file id and get a short-lived upload URL.
$presigned = $client->createPresignedUpload(
    filename: basename($path),
    contentType: 'text/plain',
    size: filesize($path),
    folder: 'uploads',
);
echo "presigned {$presigned->fileId} (URL valid {$presigned->expiresIn} s)\n";

// 2. PUT the bytes with exactly the returned headers, and no API key.
(new Client())->request($presigned->method, $presigned->uploadUrl, [
    'headers' => $presigned->headers,
    'body' => fopen($path, 'rb'),
]);

// 3. Complete.
$file = $client->completeUpload($presigned->fileId);
echo "status: {$file->status}\n";

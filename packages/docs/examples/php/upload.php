<?php
// Upload a file: presign -> PUT the bytes to storage -> complete.
require 'vendor/autoload.php'; // Composer's autoloader

use Dilnaka\Dilnaka;

// Reads DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the
// environment or from .env.
$client = new Dilnaka();
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './hello.txt';

$file = $client->upload($path, folder: 'uploads');
echo "uploaded {$file->id}\n";
echo "key:    {$file->key}\n";
echo "status: {$file->status}\n";
echo "size:   {$file->size} bytes ({$file->contentType})\n";

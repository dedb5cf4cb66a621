<?php
// Upload a whole directory: each file goes under the folder with its
// relative path (a/b.txt -> docs-tree/a/b.txt). One failed file never
// stops the others; the result lists both.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$dir = getenv('DILNAKA_UPLOAD_DIR') ?: './site';

$result = $client->uploadDirectory(
    $dir,
    folder: 'docs-tree',
    exclude: ['**/.DS_Store', 'node_modules/**'],
);
foreach ($result->failed as ['path' => $path, 'error' => $error]) {
    echo "failed $path: {$error->getMessage()}\n";
}
$n = count($result->uploaded);
$m = count($result->failed);
echo "uploaded $n files, $m failed\n";

<?php
// A download URL that expires in 10 minutes.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

$access = $client->getFileAccessUrl($fileId, expiresIn: 600);
echo $access->url, "\n";
echo "expires in {$access->expiresIn} s\n";

// Past the included bandwidth, paid plans still get the URL,
// with a warning: the overage is billed.
if ($access->warning !== null) {
    echo "{$access->warning}: {$access->warningMessage}\n";
}

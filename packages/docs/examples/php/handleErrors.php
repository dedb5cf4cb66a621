<?php
// Errors are classes: branch on the class (or errorCode), never on the message. Each has a hint.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\NotFoundException;
use Dilnaka\Errors\QuotaExceededException;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

try {
    echo $client->getFileAccessUrl($fileId, expiresIn: 600)->url, "\n";
} catch (NotFoundException $e) {
    echo "no file {$fileId}: {$e->hint}\n";
} catch (QuotaExceededException $e) {
    echo "{$e->errorCode}: {$e->hint}\n"; // bandwidth_limit_exceeded, bandwidth_hard_cap_reached
} catch (ApiException $e) {
    echo "API error {$e->status} {$e->errorCode} (request {$e->requestId}): {$e->hint}\n";
}

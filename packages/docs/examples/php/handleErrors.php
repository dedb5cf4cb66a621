<?php
// Branch on the exception class (or its errorCode), never on the
// message. Every exception carries a hint saying what to do.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;
use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\NotFoundException;
use Dilnaka\Errors\QuotaExceededException;

$client = new Dilnaka();
$fileId = getenv('DILNAKA_FILE_ID') ?: 'your_file_id';

try {
    echo $client->getFileAccessUrl($fileId)->url, "\n";
} catch (NotFoundException $e) {
    echo "no file {$fileId}: {$e->hint}\n";
} catch (QuotaExceededException $e) {
    // bandwidth_limit_exceeded or bandwidth_hard_cap_reached
    echo "{$e->errorCode}: {$e->hint}\n";
} catch (ApiException $e) {
    echo "{$e->status} {$e->errorCode}: {$e->hint}\n";
    echo "request id: {$e->requestId}\n";
}

<?php
// List every file, newest first. The generator fetches the next page when it needs it.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();

foreach ($client->listFiles(limit: 100) as $file) {
    echo "{$file->id}  {$file->status}  {$file->size} bytes  {$file->key}\n";
}

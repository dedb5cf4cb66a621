<?php
// Every file, newest first: the loop fetches the next page
// when it needs it.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();

foreach ($client->listFiles(limit: 100) as $f) {
    echo "{$f->id}  {$f->status}  {$f->size} bytes  {$f->key}\n";
}

<?php
// A large file in parts, 4 at a time. With resume: true, running
// the same call again after a crash sends only the missing parts.
require 'vendor/autoload.php';

use Dilnaka\Dilnaka;

$client = new Dilnaka();
$path = getenv('DILNAKA_UPLOAD_PATH') ?: './video.mp4';
$shown = [];

$file = $client->upload(
    $path,
    multipartThreshold: 8 * 1024 * 1024, // parts above 8 MiB
    partSize: 5 * 1024 * 1024,
    concurrency: 4,
    resume: true, // state in DILNAKA_STATE_DIR or ~/.local/state/dilnaka
    progress: function (int $sent, ?int $total) use (&$shown): void {
        $percent = $total ? intdiv($sent * 100, $total) : 0;
        if (!isset($shown[intdiv($percent, 25)])) { // a line at 0, 25, 50, 75, 100 %
            $shown[intdiv($percent, 25)] = true;
            echo "$percent% of $total bytes\n";
        }
    },
);
echo "uploaded {$file->id} ({$file->size} bytes)\n";

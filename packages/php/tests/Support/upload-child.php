<?php

declare(strict_types=1);

/*
 * A user's program for the kill -9 test (tests/E2e/ResumeTest.php): uploads argv[1] with resume on,
 * 5 MiB parts one at a time, state under argv[2]; DILNAKA_API_KEY / DILNAKA_BASE_URL from the
 * environment. The test kills it mid-upload, then runs the same call itself.
 */
require __DIR__ . '/../bootstrap.php';

$client = new Dilnaka\Dilnaka(envFile: '/nonexistent/.env');
$file = $client->upload($argv[1], multipartThreshold: 0, partSize: 5 * 1048576, concurrency: 1, resume: true, stateDir: $argv[2]);
echo "uploaded {$file->id}\n";

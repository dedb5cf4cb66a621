<?php

declare(strict_types=1);

/*
 * Upload throughput of the SDK against `curl -T`, on the same file, the same dev server and the
 * same loopback, in the same run. Both sides do the whole upload: presign and complete through the
 * SDK, the bytes either by the SDK's streaming PUT or by curl -T (given the same presigned headers
 * and, like the SDK, no Expect: 100-continue round trip).
 *
 *   php bench/upload.php [MiB=200] [rounds=9]
 * Target: the median of the per-round ratios SDK / curl -T is at least 0.9.
 *
 * On a shared 2-core machine one upload can run at ~275 or ~400 MB/s depending on what else runs
 * (both sides alike): hence several rounds, alternating who goes first, min/median/max of both
 * sides in one table, and a warm-up of both sides (the store's first uploads are slower).
 */

require __DIR__ . '/../tests/bootstrap.php';

use Dilnaka\Dilnaka;
use Dilnaka\Tests\Support\DevServer;

$mib = (int) ($argv[1] ?? 200);
$rounds = (int) ($argv[2] ?? 9);
$path = sys_get_temp_dir() . '/dilnaka-bench-' . bin2hex(random_bytes(4)) . '.bin';
$out = fopen($path, 'wb');
$block = random_bytes(1 << 20);
for ($i = 0; $i < $mib; $i++) {
    fwrite($out, chr($i & 0xff) . substr($block, 1));
}
fclose($out);
$bytes = filesize($path);

$server = DevServer::start();
try {
    $client = new Dilnaka(apiKey: $server->apiKey, baseUrl: $server->baseUrl, envFile: '/nonexistent/.env');

    $viaSdk = static function () use ($client, $path): string {
        return $client->upload($path, contentType: 'application/octet-stream')->id;
    };
    $steps = ['presign' => [], 'complete' => []];
    $viaCurl = static function () use ($client, $path, $bytes, &$steps): string {
        $t = hrtime(true);
        $presigned = $client->createPresignedUpload(basename($path), 'application/octet-stream', $bytes);
        $steps['presign'][] = (hrtime(true) - $t) / 1e6;
        $command = ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', $presigned->method, '-T', $path, '-H', 'Expect:'];
        foreach ($presigned->headers as $name => $value) {
            array_push($command, '-H', "$name: $value");
        }
        $command[] = $presigned->uploadUrl;
        $status = trim((string) shell_exec(implode(' ', array_map('escapeshellarg', $command))));
        if (!in_array($status, ['200', '201', '204'], true)) {
            throw new RuntimeException("curl -T answered $status");
        }
        $t = hrtime(true);
        $id = $client->completeUpload($presigned->fileId)->id;
        $steps['complete'][] = (hrtime(true) - $t) / 1e6;
        return $id;
    };
    $timed = static function (callable $upload) use ($client, $bytes): float {
        $start = hrtime(true);
        $id = $upload();
        $seconds = (hrtime(true) - $start) / 1e9;
        $client->deleteFile($id);
        return $bytes / $seconds / 1e6;
    };

    // Warm-up, both sides twice: connections, the store's first writes, the server's JIT.
    for ($i = 0; $i < 2; $i++) {
        $timed($viaSdk);
        $timed($viaCurl);
    }
    $steps = ['presign' => [], 'complete' => []];
    $sdk = $curl = [];
    for ($r = 0; $r < $rounds; $r++) {
        // Alternate who goes first so that drift in machine load hits both sides alike.
        if ($r % 2 === 0) {
            $sdk[] = $timed($viaSdk);
            $curl[] = $timed($viaCurl);
        } else {
            $curl[] = $timed($viaCurl);
            $sdk[] = $timed($viaSdk);
        }
    }
} finally {
    $server->stop();
    unlink($path);
}

$median = static function (array $values): float {
    sort($values);
    $n = count($values);
    return $n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
};
$ratios = array_map(static fn (float $a, float $b): float => $a / $b, $sdk, $curl);
$row = static fn (string $label, float $a, float $b, float $ratio) => printf("| %-8s | %12.1f | %12.1f | %6.2f |\n", $label, $a, $b, $ratio);

printf("PHP SDK upload() vs presign + curl -T + complete, %d MiB file, %d rounds, dev server on loopback (MB/s)\n\n", $mib, $rounds);
printf("| %-8s | %12s | %12s | %6s |\n", 'round', 'SDK upload()', 'curl -T', 'ratio');
printf("|%s|%s|%s|%s|\n", str_repeat('-', 10), str_repeat('-', 14), str_repeat('-', 14), str_repeat('-', 8));
foreach ($sdk as $r => $value) {
    $row((string) ($r + 1), $value, $curl[$r], $ratios[$r]);
}
// Each side's own spread shows the machine's noise; the ratio column of these rows compares the
// sides' min, median and max (not a round's pair).
$row('min', min($sdk), min($curl), min($sdk) / min($curl));
$row('median', $median($sdk), $median($curl), $median($sdk) / $median($curl));
$row('max', max($sdk), max($curl), max($sdk) / max($curl));
// Each round pairs the two uploads back to back, so the median of the per-round ratios cancels
// most of the load drift of a shared machine.
$ratio = $median($ratios);
printf(
    "\nthroughput ratio SDK / curl -T (median of the per-round ratios, min %.2f, max %.2f) = %.2f (target >= 0.90: %s)\n",
    min($ratios),
    max($ratios),
    $ratio,
    $ratio >= 0.9 ? 'met' : 'NOT met',
);
printf(
    "median presign %.1f ms, complete %.1f ms (in both sides' time); peak PHP memory %.1f MiB\n",
    $median($steps['presign']),
    $median($steps['complete']),
    memory_get_peak_usage() / 1048576,
);

<?php

declare(strict_types=1);

/*
 * Download throughput of the SDK against `curl -o`, from the same kind of access URL, the same
 * dev server and the same loopback, in the same run; and what `checksum: 'sha256'` costs an upload
 * (the pre-pass over the file before one PUT). The SDK's download() does its whole job: getFile,
 * getFileAccessUrl, GET into a temp file beside the destination, SHA-256 as the bytes arrive,
 * fsync, rename. curl gets a fresh access URL and writes the file (no fsync, no hash).
 *
 *   php bench/download.php [MiB=1024] [rounds=5]
 * Target: the median of the per-round ratios SDK / curl -o is at least 0.9.
 */

require __DIR__ . '/../tests/bootstrap.php';

use Dilnaka\Dilnaka;
use Dilnaka\Tests\Support\DevServer;

$mib = (int) ($argv[1] ?? 1024);
$rounds = (int) ($argv[2] ?? 5);
$dir = sys_get_temp_dir() . '/dilnaka-bench-dl-' . bin2hex(random_bytes(4));
mkdir($dir);
$path = "$dir/source.bin";
$out = fopen($path, 'wb');
$block = random_bytes(1 << 20);
for ($i = 0; $i < $mib; $i++) {
    fwrite($out, chr($i & 0xff) . substr($block, 1));
}
fclose($out);
$bytes = filesize($path);

$median = static function (array $values): float {
    sort($values);
    $n = count($values);
    return $n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
};
$mbps = static function (callable $run) use ($bytes): float {
    $start = hrtime(true);
    $run();
    return $bytes / ((hrtime(true) - $start) / 1e9) / 1e6;
};

$server = DevServer::start(['--plan', 'pro']); // pro: files above the free plan's 1 GB
try {
    $client = new Dilnaka(apiKey: $server->apiKey, baseUrl: $server->baseUrl, envFile: '/nonexistent/.env');
    // One PUT with the SHA-256 signed in, so download() verifies it (multipart above 5 GiB only).
    $file = $client->upload($path, contentType: 'application/octet-stream', multipartThreshold: 5 * 1024 * 1048576, checksum: 'sha256');
    $target = "$dir/out.bin";

    $viaSdk = static fn () => $client->download($file->id, $target);
    $viaSdkUnverified = static fn () => $client->download($file->id, $target, verify: false);
    $viaCurl = static function () use ($client, $file, $target): void {
        $url = $client->getFileAccessUrl($file->id)->url;
        $status = trim((string) shell_exec(implode(' ', array_map('escapeshellarg', ['curl', '-sS', '-o', $target, '-w', '%{http_code}', $url]))));
        if ($status !== '200') {
            throw new RuntimeException("curl -o answered $status");
        }
    };
    $viaSdk();
    $viaCurl(); // warm-up
    $sdk = $curl = $plain = [];
    for ($r = 0; $r < $rounds; $r++) {
        $order = $r % 2 === 0 ? ['sdk', 'curl', 'plain'] : ['curl', 'plain', 'sdk'];
        foreach ($order as $side) {
            ${$side}[] = $mbps(['sdk' => $viaSdk, 'curl' => $viaCurl, 'plain' => $viaSdkUnverified][$side]);
        }
    }
    if (hash_file('sha256', $target) !== hash_file('sha256', $path)) {
        throw new RuntimeException('the downloaded bytes differ');
    }
    $client->deleteFile($file->id);

    // checksum: 'sha256' on one PUT: the pre-pass read of the file, then the same upload.
    $withSum = $withoutSum = [];
    for ($r = 0; $r < $rounds; $r++) {
        foreach ($r % 2 === 0 ? [true, false] : [false, true] as $sum) {
            $id = null;
            $rate = $mbps(static function () use ($client, $path, $sum, &$id): void {
                $id = $client->upload($path, contentType: 'application/octet-stream', multipartThreshold: 5 * 1024 * 1048576, checksum: $sum ? 'sha256' : false)->id;
            });
            $client->deleteFile($id);
            $sum ? $withSum[] = $rate : $withoutSum[] = $rate;
        }
    }
} finally {
    $server->stop();
    exec('rm -rf ' . escapeshellarg($dir));
}

$ratios = array_map(static fn (float $a, float $b): float => $a / $b, $sdk, $curl);
$plainRatios = array_map(static fn (float $a, float $b): float => $a / $b, $plain, $curl);
$sumRatios = array_map(static fn (float $a, float $b): float => $a / $b, $withSum, $withoutSum);
printf("PHP SDK download() vs getFileAccessUrl + curl -o, %d MiB file, %d rounds, dev server (plan pro) on loopback (MB/s, medians)\n\n", $mib, $rounds);
printf("| %-44s | %9s | %9s | %6s |\n", 'row', 'SDK', 'baseline', 'ratio');
printf("|%s|%s|%s|%s|\n", str_repeat('-', 46), str_repeat('-', 11), str_repeat('-', 11), str_repeat('-', 8));
$row = static fn (string $label, array $a, array $b, array $r) => printf("| %-44s | %9.1f | %9.1f | %6.2f |\n", $label, $median($a), $median($b), $median($r));
$row('download() verified (SHA-256) vs curl -o', $sdk, $curl, $ratios);
$row('download(verify: false) vs curl -o', $plain, $curl, $plainRatios);
$row("upload() checksum: 'sha256' vs checksum: false", $withSum, $withoutSum, $sumRatios);
$ratio = $median($ratios);
printf("\ndownload ratio SDK / curl -o (median of per-round ratios, min %.2f, max %.2f) = %.2f (target >= 0.90: %s)\n", min($ratios), max($ratios), $ratio, $ratio >= 0.9 ? 'met' : 'NOT met');
printf("peak PHP memory %.1f MiB\n", memory_get_peak_usage() / 1048576);

<?php

declare(strict_types=1);

/*
 * Multipart throughput of the SDK, in one run on the same dev server (plan pro) and loopback:
 * a 1 GiB file as multipart (16 MiB parts, 4 at a time), as one PUT through the SDK, and as one
 * `curl -T` PUT (presign and complete through the SDK); then a 6 GiB file, above one PUT's 5 GiB
 * limit, as multipart only. Each upload is timed whole (create/presign to complete).
 *
 *   php bench/multipart.php [MiB=1024] [rounds=3] [bigMiB=6144, 0 skips]
 * Targets (issue 14): multipart ≥ 0.9 × the SDK's single PUT on 1 GiB; memory growth ≤
 * concurrency × partSize + 64 MiB (RSS, VmHWM).
 * The dev server assembles a multipart object by copying its parts (real S3 does not): that cost
 * is inside the multipart rows' completeUpload; the last column leaves complete out.
 */

require __DIR__ . '/../tests/bootstrap.php';

use Dilnaka\Dilnaka;
use Dilnaka\Tests\Support\DevServer;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use Psr\Http\Message\RequestInterface;

$mib = (int) ($argv[1] ?? 1024);
$rounds = (int) ($argv[2] ?? 3);
$bigMib = (int) ($argv[3] ?? 6144);

$makeFile = static function (int $mib): string {
    $path = sys_get_temp_dir() . '/dilnaka-bench-' . bin2hex(random_bytes(4)) . '.bin';
    $out = fopen($path, 'wb');
    $block = random_bytes(1 << 20);
    for ($i = 0; $i < $mib; $i++) {
        fwrite($out, chr($i & 0xff) . chr($i >> 8) . substr($block, 2));
    }
    fclose($out);
    return $path;
};
$rssPeakMib = static fn (): float => (float) (preg_match('/VmHWM:\s+(\d+)/', (string) file_get_contents('/proc/self/status'), $m) ? $m[1] / 1024 : 0);
$median = static function (array $values): float {
    sort($values);
    $n = count($values);
    return $n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
};

$path = $makeFile($mib);
$bytes = filesize($path);
$server = DevServer::start(['--plan', 'pro']);
$results = ['multipart 16 MiB x 4' => [], 'SDK one PUT' => [], 'curl -T one PUT' => []];
try {
    // Times each completeUpload: for multipart it holds the store's assembly of the parts.
    $completeSeconds = 0.0;
    $stack = HandlerStack::create();
    $isComplete = static fn (RequestInterface $r): bool => str_ends_with($r->getUri()->getPath(), '/v1/uploads/complete');
    $startedAt = 0;
    $stack->push(Middleware::tap(
        static function (RequestInterface $r) use ($isComplete, &$startedAt): void {
            $startedAt = $isComplete($r) ? hrtime(true) : $startedAt;
        },
        static function (RequestInterface $r) use ($isComplete, &$startedAt, &$completeSeconds): void {
            $completeSeconds += $isComplete($r) ? (hrtime(true) - $startedAt) / 1e9 : 0;
        },
    ));
    $client = new Dilnaka(apiKey: $server->apiKey, baseUrl: $server->baseUrl, handler: $stack, envFile: '/nonexistent/.env');
    $sides = [
        'multipart 16 MiB x 4' => static fn (string $p) => $client->upload($p, multipartThreshold: 0, partSize: 16 << 20, concurrency: 4)->id,
        'SDK one PUT' => static fn (string $p) => $client->upload($p, multipartThreshold: 5 << 30)->id,
        'curl -T one PUT' => static function (string $p) use ($client): string {
            $presigned = $client->createPresignedUpload(basename($p), 'application/octet-stream', (int) filesize($p));
            $command = ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', $presigned->method, '-T', $p, '-H', 'Expect:'];
            foreach ($presigned->headers as $name => $value) {
                array_push($command, '-H', "$name: $value");
            }
            $command[] = $presigned->uploadUrl;
            $status = trim((string) shell_exec(implode(' ', array_map('escapeshellarg', $command))));
            if (!in_array($status, ['200', '201', '204'], true)) {
                throw new RuntimeException("curl -T answered $status");
            }
            return $client->completeUpload($presigned->fileId)->id;
        },
    ];
    $beforeComplete = [];
    $timed = static function (callable $upload, string $p, ?string $name = null) use ($client, &$completeSeconds, &$beforeComplete): float {
        $completeSeconds = 0.0;
        $start = hrtime(true);
        $id = $upload($p);
        $seconds = (hrtime(true) - $start) / 1e9;
        $client->deleteFile($id);
        if ($name !== null) {
            $beforeComplete[$name][] = filesize($p) / ($seconds - $completeSeconds) / 1e6;
        }
        return filesize($p) / $seconds / 1e6;
    };
    foreach ($sides as $side) {
        $timed($side, $path); // warm-up: connections, the store's first writes, the server's JIT
    }
    $rssBefore = $rssPeakMib();
    for ($r = 0; $r < $rounds; $r++) {
        // Rotate who goes first, so drift in the machine's load hits every side alike.
        $order = array_keys($sides);
        for ($k = 0; $k < $r % count($order); $k++) {
            $order[] = array_shift($order);
        }
        foreach ($order as $name) {
            $results[$name][] = $timed($sides[$name], $path, $name);
        }
    }
    $rss1G = $rssPeakMib() - $rssBefore;
    $big = null;
    if ($bigMib > 0) {
        unlink($path);
        $path = $makeFile($bigMib);
        $before = $rssPeakMib();
        $big = [$timed($sides['multipart 16 MiB x 4'], $path), $rssPeakMib() - $before];
    }
} finally {
    $server->stop();
    @unlink($path);
}

printf("PHP SDK multipart vs one PUT vs curl -T, %d MiB file, %d rounds, dev server (plan pro) on loopback (MB/s)\n\n", $mib, $rounds);
printf("| %-22s | %7s | %7s | %7s | %19s |\n", 'side', 'min', 'median', 'max', 'median w/o complete');
printf("|%s|%s|%s|%s|%s|\n", str_repeat('-', 24), str_repeat('-', 9), str_repeat('-', 9), str_repeat('-', 9), str_repeat('-', 21));
foreach ($results as $name => $values) {
    printf("| %-22s | %7.1f | %7.1f | %7.1f | %19.1f |\n", $name, min($values), $median($values), max($values), $median($beforeComplete[$name]));
}
$ratio = $median($results['multipart 16 MiB x 4']) / $median($results['SDK one PUT']);
printf("\nmultipart / SDK one PUT (medians) = %.2f (target >= 0.90: %s); SDK one PUT / curl -T = %.2f\n", $ratio, $ratio >= 0.9 ? 'met' : 'NOT met', $median($results['SDK one PUT']) / $median($results['curl -T one PUT']));
printf("RSS peak growth over the timed 1 GiB rounds: %.1f MiB (bound 4 x 16 + 64 = 128 MiB)\n", $rss1G);
if ($big !== null) {
    printf("%d MiB (above one PUT's 5 GiB) as multipart 16 MiB x 4: %.1f MB/s, RSS peak growth %.1f MiB\n", $bigMib, $big[0], $big[1]);
}

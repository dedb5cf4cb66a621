<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\NotFoundException;
use Dilnaka\Retry;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Utils;

/** Multipart uploads against the dev server and its S3 rules: 5 MiB parts on tens of MiB. */
final class MultipartTest extends MultipartTestCase
{
    public function testAFileInFiveMiBPartsArrivesIntactWithMonotonicProgress(): void
    {
        $size = 23 * self::MIB + 12345;
        $path = self::bigFile($size);
        self::clearStoreRequests();
        $calls = [];
        $file = self::client()->upload($path, multipartThreshold: 8 * self::MIB, partSize: 5 * self::MIB, concurrency: 4, progress: function (int $sent, ?int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });

        self::assertSame(['uploaded', $size], [$file->status, $file->size]);
        $this->assertSameBytes($path, $file->id);
        self::assertSame([1 => 1, 2 => 1, 3 => 1, 4 => 1, 5 => 1], self::putsPerPart(), 'five parts, each PUT once');
        self::assertSame([$size, $size], end($calls));
        $sent = array_column($calls, 0);
        self::assertSame($sent, array_values(array_unique($sent)), 'progress never repeats');
        self::assertSame($sent, (function (array $s): array {
            sort($s);
            return $s;
        })($sent), 'progress only grows');
        self::assertSame([$size], array_values(array_unique(array_column($calls, 1))));
    }

    public function testAStreamOfUnknownSizeIsSentAsItArrives(): void
    {
        $size = 17 * self::MIB + 99;
        $path = self::bigFile($size);
        $pipe = new NoSeekStream(Utils::streamFor(fopen($path, 'rb')));
        self::clearStoreRequests();
        $totals = [];
        $file = self::client()->upload($pipe, filename: 'pipe.bin', partSize: 5 * self::MIB, progress: function (int $sent, ?int $total) use (&$totals): void {
            $totals[] = $total;
        });

        self::assertSame($size, $file->size);
        $this->assertSameBytes($path, $file->id);
        self::assertSame([1 => 1, 2 => 1, 3 => 1, 4 => 1], self::putsPerPart());
        self::assertNull($totals[0], 'the total is unknown while the stream flows');
        self::assertSame($size, end($totals));
    }

    public function testPart503sAndAResetMidPartAreRecovered(): void
    {
        $path = self::bigFile(16 * self::MIB);
        self::$server->dev('POST', '/__dev/faults', [
            ['target' => 'store', 'operation' => 'put', 'part' => 2, 'status' => 503, 'retryAfter' => 0, 'times' => 2],
            ['target' => 'store', 'operation' => 'put', 'part' => 3, 'resetAfterBytes' => 2 * self::MIB, 'times' => 1],
        ]);
        self::clearStoreRequests();
        $file = self::client(retry: new Retry(2, sleep: static fn () => null))->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB);

        $this->assertSameBytes($path, $file->id);
        self::assertSame([1 => 1, 2 => 3, 3 => 2, 4 => 1], self::putsPerPart(), 'each failed attempt is one PUT on the wire, no more');
        self::assertSame([[2, 503], [2, 503], [2, 200]], array_values(array_filter(self::partPuts(), static fn (array $p): bool => $p[0] === 2)));
    }

    public function testAnExpiredPartUrlIsPresignedAgain(): void
    {
        $path = self::bigFile(11 * self::MIB);
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'presignUploadParts', 'expireUrl' => true, 'times' => 1]);
        $sent = [];
        self::clearStoreRequests();
        // Without checksums part URLs come in batches: the whole expired batch is presigned again.
        $file = self::client(sent: $sent)->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, checksum: false);

        $this->assertSameBytes($path, $file->id);
        self::assertSame([1 => 2, 2 => 2, 3 => 2], self::putsPerPart(), 'a 403 on the expired URL, then the new one');
        $presigns = array_filter($sent, static fn ($r) => $r->getMethod() === 'POST' && str_ends_with($r->getUri()->getPath(), '/parts'));
        self::assertCount(4, $presigns, 'the batch of three, then each part again');

        // With checksums (the default) each part is presigned once hashed: only part 1's URL expired.
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'presignUploadParts', 'expireUrl' => true, 'times' => 1]);
        [$sent, $file] = [[], null];
        self::clearStoreRequests();
        $file = self::client(sent: $sent)->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB);
        $this->assertSameBytes($path, $file->id);
        self::assertSame([1 => 2, 2 => 1, 3 => 1], self::putsPerPart());
        self::assertCount(4, array_filter($sent, static fn ($r) => $r->getMethod() === 'POST' && str_ends_with($r->getUri()->getPath(), '/parts')));
    }

    public function testACancelAbortsTheUploadAndLeavesNothing(): void
    {
        $path = self::bigFile(21 * self::MIB);
        $client = self::client();
        self::clearStoreRequests();
        try {
            $client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 2, progress: static fn (int $sent): bool => $sent < 7 * self::MIB);
            self::fail('expected an AbortException');
        } catch (AbortException $e) {
            self::assertNotNull($e->fileId);
        }
        self::assertLessThan(5, count(self::putsPerPart()), 'the parts after the cancel were never sent');
        foreach ([fn () => $client->listUploadParts($e->fileId), fn () => $client->getFile($e->fileId)] as $read) {
            try {
                $read();
                self::fail('the aborted upload still exists');
            } catch (NotFoundException) {
            }
        }
        $pending = array_map(static fn ($f) => $f->id, iterator_to_array($client->listFiles(status: 'all'), false));
        self::assertNotContains($e->fileId, $pending);
    }

    public function testMemoryStaysBoundedForA64MiBFileAndStream(): void
    {
        $path = self::bigFile(64 * self::MIB);
        $bound = 4 * 5 * self::MIB + 16 * self::MIB;
        foreach (['path' => $path, 'stream of unknown size' => new NoSeekStream(Utils::streamFor(fopen($path, 'rb')))] as $kind => $source) {
            gc_collect_cycles();
            if (function_exists('memory_reset_peak_usage')) {
                memory_reset_peak_usage(); // PHP 8.2: the first case's peak must not hide the second's
            }
            $before = memory_get_peak_usage();
            $file = self::client()->upload($source, filename: 'mem.bin', multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 4, progress: static fn () => null);
            $growth = memory_get_peak_usage() - $before;
            self::assertLessThanOrEqual($bound, $growth, sprintf('%s: peak memory grew by %.1f MiB', $kind, $growth / self::MIB));
            $this->assertSameBytes($path, $file->id);
        }
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

/** 200 MiB through the SDK: streamed (bounded memory), intact (same SHA-256), with honest progress. */
final class LargeUploadTest extends E2eTestCase
{
    private const SIZE = 200 * 1024 * 1024;

    public function testA200MiBFileStreamsWithBoundedMemoryAndArrivesIntact(): void
    {
        $path = self::tempDir() . '/large.bin';
        $out = fopen($path, 'wb');
        $block = random_bytes(1 << 20);
        for ($i = 0; $i < self::SIZE >> 20; $i++) {
            // A different first byte per MiB, so a chunk sent twice or out of order changes the hash.
            fwrite($out, chr($i & 0xff) . substr($block, 1));
        }
        fclose($out);
        $expected = hash_file('sha256', $path);
        $client = self::client();

        $calls = [];
        $before = memory_get_peak_usage();
        $file = $client->upload($path, progress: function (int $sent, int $total) use (&$calls): void {
            $calls[] = [$sent, $total];
        });
        $growth = memory_get_peak_usage() - $before;

        self::assertLessThan(32 * 1024 * 1024, $growth, sprintf('peak memory grew by %.1f MiB', $growth / 1048576));
        self::assertSame(self::SIZE, $file->size);
        self::assertSame($expected, self::sha256OfUrl($client->getFileAccessUrl($file->id, expiresIn: 300)->url));

        self::assertGreaterThan(10, count($calls), 'progress is reported while the bytes flow');
        $previous = -1;
        foreach ($calls as [$sent, $total]) {
            self::assertSame(self::SIZE, $total);
            self::assertGreaterThan($previous, $sent, 'progress only grows');
            $previous = $sent;
        }
        self::assertSame([self::SIZE, self::SIZE], end($calls));
        $client->deleteFile($file->id);
    }
}

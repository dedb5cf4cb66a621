<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\IntegrityException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Upload\Source;

/** download(), downloadBytes() and downloadStream() against the dev server's real store. */
final class DownloadTest extends E2eTestCase
{
    private const MIB = 1048576;

    /** @return list<array<string, mixed>> the store's GETs since the last clear */
    private static function storeGets(): array
    {
        $log = self::$server->dev('GET', '/__dev/store-requests')['requests'];
        return array_values(array_filter($log, static fn (array $r): bool => $r['method'] === 'GET'));
    }

    public function testToAPathToBytesAndToAStreamVerified(): void
    {
        $bytes = random_bytes(3 * self::MIB + 17);
        $file = self::client()->upload(Source::bytes($bytes, 'three.bin'));
        self::assertSame(Sha256::ofBytes($bytes), $file->checksumSha256, 'bytes in memory are uploaded with their SHA-256');

        $dir = self::tempDir();
        $seen = [];
        $result = self::client()->download($file->id, "$dir/three.bin", onProgress: function (int $loaded, int $total) use (&$seen): void {
            $seen[] = [$loaded, $total];
        });
        self::assertSame([$bytes, ['three.bin']], [file_get_contents("$dir/three.bin"), array_values(array_diff(scandir($dir), ['.', '..']))]);
        self::assertSame([$file->id, strlen($bytes), $file->checksumSha256], [$result->fileId, $result->size, $result->checksumSha256]);
        self::assertSame([strlen($bytes), strlen($bytes)], end($seen));

        self::assertSame($bytes, self::client()->downloadBytes($file->id));
        $stream = fopen('php://temp', 'w+b');
        self::client()->downloadStream($file->id, $stream);
        rewind($stream);
        self::assertSame($bytes, stream_get_contents($stream));
    }

    public function testAResetMidDownloadContinuesWithARangeRequest(): void
    {
        $bytes = random_bytes(4 * self::MIB);
        $file = self::client()->upload(Source::bytes($bytes, 'cut.bin'));
        self::$server->dev('DELETE', '/__dev/store-requests');
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'get', 'resetAfterBytes' => self::MIB + 5]);

        $dir = self::tempDir();
        self::client()->download($file->id, "$dir/cut.bin");
        self::assertSame(hash('sha256', $bytes), hash_file('sha256', "$dir/cut.bin"));
        $gets = self::storeGets();
        self::assertSame([null, 'bytes=' . (self::MIB + 5) . '-'], array_column($gets, 'range'));
        self::assertSame([206, 3 * self::MIB - 5], [$gets[1]['status'], $gets[1]['responseBytes']], 'only the rest was sent again');
    }

    public function testACorruptedByteOnTheWayDownLeavesNoFile(): void
    {
        $file = self::client()->upload(Source::bytes(random_bytes(2 * self::MIB), 'flip.bin'));
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'get', 'corruptByte' => 4096]);
        $dir = self::tempDir();
        file_put_contents("$dir/flip.bin", 'previous');
        try {
            self::client()->download($file->id, "$dir/flip.bin");
            self::fail('a corrupted download was accepted');
        } catch (IntegrityException $e) {
            self::assertSame(['checksum_mismatch', $file->id], [$e->errorCode, $e->fileId]);
        }
        self::assertSame(['previous', ['flip.bin']], [file_get_contents("$dir/flip.bin"), array_values(array_diff(scandir($dir), ['.', '..']))]);
    }

    public function testAFileUploadedWithoutAChecksumIsCheckedBySize(): void
    {
        $path = self::tempFile(random_bytes(100_000), 'plain.bin');
        $file = self::client()->upload($path);
        self::assertNull($file->checksumSha256, 'one PUT of a path has no pre-pass by default');
        $result = self::client()->download($file->id, self::tempDir() . '/plain.bin');
        self::assertSame([null, 100_000], [$result->checksumSha256, $result->size]);
        self::assertSame(hash_file('sha256', $path), hash_file('sha256', (string) $result->path));
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\IntegrityException;
use Dilnaka\Errors\NotFoundException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Utils;

/** SHA-256 signed into uploads: the dev server's store refuses a body whose bytes changed on the way. */
final class ChecksumTest extends E2eTestCase
{
    private const MIB = 1048576;

    private static function corruptPut(int $times, ?int $part = null): void
    {
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'corruptByte' => 100, 'times' => $times] + ($part === null ? [] : ['part' => $part]));
    }

    private static function assertRefused(callable $upload): IntegrityException
    {
        try {
            $upload();
        } catch (IntegrityException $e) {
            self::assertSame([400, 'checksum_mismatch'], [$e->status, $e->errorCode]);
            self::assertStringContainsString('BadDigest', $e->getMessage());
            self::assertNotNull($e->fileId);
            return $e;
        }
        self::fail('the corrupted body was accepted');
    }

    public function testACorruptedByteInBytesInMemoryIsRefusedAndNothingKept(): void
    {
        self::corruptPut(1);
        $e = self::assertRefused(fn () => self::client()->upload(Source::bytes(random_bytes(50_000), 'mem.bin')));
        $this->expectException(NotFoundException::class);
        self::client()->getFile((string) $e->fileId); // abandoned: no pending file lingers
    }

    public function testAFileIsReadAgainOnceAfterARefusal(): void
    {
        $path = self::tempFile(random_bytes(300_000), 'disk.bin');
        self::corruptPut(1);
        $file = self::client()->upload($path, checksum: 'sha256');
        self::assertSame(base64_encode(hash_file('sha256', $path, true)), $file->checksumSha256);

        self::corruptPut(2);
        self::assertRefused(fn () => self::client()->upload($path, checksum: 'sha256'));
        self::$server->dev('DELETE', '/__dev/faults');
    }

    public function testMultipartPartsCarryTheirChecksumsAndTheFileTheComposite(): void
    {
        $bytes = random_bytes(12 * self::MIB + 1000);
        $path = self::tempFile($bytes, 'parts.bin');
        self::corruptPut(1, part: 2);
        self::$server->dev('DELETE', '/__dev/store-requests');
        $file = self::client()->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB);
        $puts = array_filter(self::$server->dev('GET', '/__dev/store-requests')['requests'], static fn (array $r): bool => $r['method'] === 'PUT');
        self::assertSame([1 => 1, 2 => 2, 3 => 1], array_count_values(array_column($puts, 'partNumber')), 'part 2 was refused once and read again');
        $parts = array_map(static fn (string $p): string => Sha256::ofBytes($p), str_split($bytes, 5 * self::MIB));
        self::assertSame([Sha256::composite($parts), 5 * self::MIB], [$file->checksumSha256, $file->partSize]);

        $result = self::client()->download($file->id, self::tempDir() . '/parts.bin');
        self::assertSame([$file->checksumSha256, hash('sha256', $bytes)], [$result->checksumSha256, hash_file('sha256', (string) $result->path)]);
    }

    public function testAStreamPartRefusedForItsChecksumFailsTheUpload(): void
    {
        self::corruptPut(1, part: 2);
        self::assertRefused(fn () => self::client()->upload(new NoSeekStream(Utils::streamFor(random_bytes(11 * self::MIB))), filename: 'pipe.bin', partSize: 5 * self::MIB));
        self::$server->dev('DELETE', '/__dev/faults');
    }
}

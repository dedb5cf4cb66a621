<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Download\Verifier;
use Dilnaka\Errors\IntegrityException;
use Dilnaka\Integrity\Sha256;
use PHPUnit\Framework\Assert;

/**
 * The runner of spec/scenarios/checksums.json (ScenariosTest dispatches to it): the SDK's own
 * hashing of bytes, of file ranges (what a multipart part sends), the composite, and the download
 * Verifier fed in uneven chunks, which must accept the bytes and refuse them with one byte flipped.
 */
final class ChecksumScenarios
{
    /** @param array<mixed> $given @param array<mixed> $want */
    public static function checksums(array $given, array $want): void
    {
        $bytes = self::bytes($given['bytes']['repeat'], $given['bytes']['size']);
        Assert::assertSame($want['sha256'], Sha256::ofBytes($bytes));
        $path = tempnam(sys_get_temp_dir(), 'dilnaka-sum');
        file_put_contents($path, $bytes);
        try {
            Assert::assertSame($want['sha256'], Sha256::ofRange($path, 0, strlen($bytes)));
            if (isset($given['partSize'])) {
                $partSize = $given['partSize'];
                $parts = [];
                for ($offset = 0; $offset < strlen($bytes); $offset += $partSize) {
                    $parts[] = Sha256::ofRange($path, $offset, min($partSize, strlen($bytes) - $offset));
                }
                Assert::assertSame($want['parts'], $parts);
                Assert::assertSame($want['composite'], Sha256::composite($parts));
                self::verifies($bytes, $want['composite'], $partSize);
            }
        } finally {
            unlink($path);
        }
        self::verifies($bytes, $want['sha256'], null);
    }

    private static function verifies(string $bytes, string $checksum, ?int $partSize): void
    {
        Assert::assertSame($checksum, self::verify($bytes, $checksum, $partSize));
        if ($bytes === '') {
            return;
        }
        $flipped = $bytes;
        $at = intdiv(strlen($bytes), 2);
        $flipped[$at] = chr(ord($bytes[$at]) ^ 1);
        try {
            self::verify($flipped, $checksum, $partSize);
            Assert::fail('a flipped byte was accepted');
        } catch (IntegrityException $e) {
            Assert::assertSame('checksum_mismatch', $e->errorCode);
        }
    }

    private static function verify(string $bytes, string $checksum, ?int $partSize): ?string
    {
        $verifier = new Verifier('f1', strlen($bytes), $checksum, $partSize);
        // Chunks of 1 MiB + 7 bytes: part boundaries fall inside chunks.
        foreach (str_split($bytes, 1048583) as $chunk) {
            $verifier->update($chunk);
        }
        return $verifier->finish();
    }

    private static function bytes(string $repeat, int $size): string
    {
        return $size === 0 ? '' : substr(str_repeat($repeat, intdiv($size, strlen($repeat)) + 1), 0, $size);
    }
}

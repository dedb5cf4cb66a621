<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Download\Verifier;
use Dilnaka\Errors\IntegrityException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Tests\Support\ChecksumBackend;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Upload\Source;
use PHPUnit\Framework\Assert;

/**
 * The runner of spec/scenarios/checksums.json (ScenariosTest dispatches to it): the SDK's own
 * hashing of bytes, of file ranges (what a multipart part sends), the composite, and the download
 * Verifier fed in uneven chunks, which must accept the bytes and refuse them with one byte flipped;
 * and on the wire: the digest upload() signs for bytes in memory, and each part's in presign and
 * complete for a multipart upload of the same bytes from a file.
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
                $api = ChecksumBackend::api(partSize: $partSize);
                $api->client->upload($path, multipartThreshold: 0, partSize: $partSize);
                $presigned = array_merge(...array_map(static fn ($r): array => array_values(RoutedApi::json($r)['checksums']), $api->requests('presignUploadParts')));
                Assert::assertSame([$want['parts'], $want['parts']], [$presigned, array_column(RoutedApi::json($api->requests('completeUpload')[0])['parts'], 'checksumSha256')]);
            }
        } finally {
            unlink($path);
        }
        self::verifies($bytes, $want['sha256'], null);
        $api = ChecksumBackend::api();
        $api->client->upload(Source::bytes($bytes, 'vector.bin'));
        Assert::assertSame($want['sha256'], RoutedApi::json($api->requests('createPresignedUpload')[0])['checksumSha256']);
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

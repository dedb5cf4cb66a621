<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

/** Helpers of the multipart e2e tests: files of varied bytes and what the store front saw. */
abstract class MultipartTestCase extends E2eTestCase
{
    protected const MIB = 1048576;

    /** A file of `$bytes` bytes, different in every MiB, so a part sent twice or misplaced changes the hash. */
    protected static function bigFile(int $bytes, string $name = 'big.bin'): string
    {
        $path = self::tempDir() . "/$name";
        $out = fopen($path, 'wb');
        $block = random_bytes(self::MIB);
        for ($written = 0, $i = 0; $written < $bytes; $i++) {
            $chunk = substr(chr($i & 0xff) . chr($i >> 8) . substr($block, 2), 0, $bytes - $written);
            $written += fwrite($out, $chunk);
        }
        fclose($out);
        return $path;
    }

    /** The store front's request log, from now on. */
    protected static function clearStoreRequests(): void
    {
        self::$server->dev('DELETE', '/__dev/store-requests');
    }

    /**
     * The part PUTs the store front saw since the last clear, as [partNumber, status] pairs.
     *
     * @return list<array{int, int|null}>
     */
    protected static function partPuts(): array
    {
        $puts = [];
        foreach (self::$server->dev('GET', '/__dev/store-requests')['requests'] ?? [] as $r) {
            if ($r['method'] === 'PUT' && $r['partNumber'] !== null) {
                $puts[] = [$r['partNumber'], $r['status']];
            }
        }
        return $puts;
    }

    /**
     * PUTs per part number, sorted by part.
     *
     * @return array<int, int>
     */
    protected static function putsPerPart(): array
    {
        $counts = array_count_values(array_map(static fn (array $p): int => $p[0], self::partPuts()));
        ksort($counts);
        return $counts;
    }

    protected function assertSameBytes(string $path, string $fileId): void
    {
        self::assertSame(hash_file('sha256', $path), self::sha256OfUrl(self::client()->getFileAccessUrl($fileId, expiresIn: 300)->url), 'the downloaded bytes equal the file');
    }
}

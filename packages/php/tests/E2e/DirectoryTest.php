<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\ValidationException;

/** uploadDirectory() of a real tree to the dev server: nested folders, a multipart file, an unreadable file, a link out. */
final class DirectoryTest extends E2eTestCase
{
    private const MIB = 1048576;

    public function testANestedTreeIsUploadedFileByFileAndFailuresAreReported(): void
    {
        $root = self::tempDir();
        $outside = self::tempFile('not yours', 'outside.txt');
        $paths = [];
        for ($i = 0; $i < 19; $i++) {
            $paths[] = sprintf('%s/f%02d.txt', ['.', 'a', 'a/b', 'a/b/c', 'd'][$i % 5], $i);
        }
        $paths[] = 'd/large.bin';
        foreach ($paths as $relative) {
            @mkdir(dirname("$root/$relative"), 0777, true);
            file_put_contents("$root/$relative", $relative === 'd/large.bin' ? random_bytes(13 * self::MIB) : "bytes of $relative");
        }
        $unreadable = function_exists('posix_geteuid') && posix_geteuid() !== 0;
        if ($unreadable) {
            chmod("$root/a/f01.txt", 0);
        }
        symlink($outside, "$root/a/b/escape.txt");

        $client = self::client();
        $last = null;
        $result = $client->uploadDirectory($root, folder: 'docs-tree', multipartThreshold: 8 * self::MIB, partSize: 5 * self::MIB, onProgress: function (array $p) use (&$last): void {
            $last = $p;
        });
        chmod("$root/a/f01.txt", 0644);

        $expectedFailed = $unreadable ? ['a/b/escape.txt', 'a/f01.txt'] : ['a/b/escape.txt'];
        self::assertSame($expectedFailed, array_column($result->failed, 'path'));
        self::assertContainsOnlyInstancesOf(ValidationException::class, array_column($result->failed, 'error'));
        self::assertStringContainsString('a/b/escape.txt', $result->failed[0]['error']->getMessage());
        $uploaded = array_column($result->uploaded, 'path');
        self::assertCount(20 - ($unreadable ? 1 : 0), $uploaded);
        $sorted = $uploaded;
        sort($sorted, SORT_STRING);
        self::assertSame($sorted, $uploaded);
        self::assertSame($last['filesTotal'], $last['filesDone']);
        self::assertSame(21, $last['filesTotal']);

        foreach ($result->uploaded as ['path' => $relative, 'file' => $file]) {
            $dir = dirname($relative);
            self::assertStringStartsWith($dir === '.' ? 'docs-tree/' : "docs-tree/$dir/", $file->key);
            self::assertSame(basename($relative), $file->originalName);
            self::assertSame(hash_file('sha256', "$root/$relative"), hash('sha256', $client->downloadBytes($file->id)), $relative);
        }
        $large = $result->uploaded[array_search('d/large.bin', $uploaded, true)]['file'];
        self::assertSame([5 * self::MIB, '-3'], [$large->partSize, substr((string) $large->checksumSha256, -2)], 'sent in three checksummed parts');
    }
}

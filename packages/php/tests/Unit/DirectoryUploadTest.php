<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Tests\Support\RoutedApi;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** uploadDirectory() over a real tree on disk, the API and storage from a MockHandler. */
final class DirectoryUploadTest extends TestCase
{
    private string $root;
    private string $outside;

    protected function setUp(): void
    {
        $this->root = sys_get_temp_dir() . '/dilnaka-tree-' . bin2hex(random_bytes(4));
        $this->outside = $this->root . '-outside.txt';
        foreach (['b.txt' => 'bb', 'a/z.txt' => 'z', 'a/deep/x.log' => 'xxx', 'a/deep/y.txt' => 'yyyy', 'c.log' => 'c'] as $path => $bytes) {
            @mkdir(dirname("{$this->root}/$path"), 0777, true);
            file_put_contents("{$this->root}/$path", $bytes);
        }
        file_put_contents($this->outside, 'secret');
    }

    protected function tearDown(): void
    {
        exec('chmod -R u+rwx ' . escapeshellarg($this->root) . ' && rm -rf ' . escapeshellarg($this->root) . ' ' . escapeshellarg($this->outside));
    }

    /** @param list<string> $failing base names whose PUT storage refuses */
    private static function api(array $failing = []): RoutedApi
    {
        $names = [];
        return new RoutedApi([
            'createPresignedUpload' => static function (RequestInterface $r) use (&$names) {
                $body = RoutedApi::json($r);
                $id = 'f' . count($names);
                $names[$id] = $body['filename'];
                return MockApi::json(200, ['uploadUrl' => RoutedApi::STORE . "/b/{$body['folder']}/{$body['filename']}?X-Amz-Signature=s"] + MockApi::presign($id));
            },
            'put' => static fn (RequestInterface $r) => in_array(basename($r->getUri()->getPath()), $failing, true) ? new Response(403, [], '<Error><Code>AccessDenied</Code><Message>no</Message></Error>') : new Response(200),
            'completeUpload' => static function (RequestInterface $r) use (&$names) {
                $id = RoutedApi::json($r)['fileId'];
                return MockApi::json(200, ['originalName' => $names[$id]] + MockApi::file($id));
            },
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f', 'aborted' => true]),
        ], maxRetries: 0);
    }

    public function testEveryFileGoesUnderItsRelativeFolderInSortedOrder(): void
    {
        $api = self::api();
        $progress = [];
        $result = $api->client->uploadDirectory($this->root, folder: 'site', onProgress: function (array $p) use (&$progress): void {
            $progress[] = $p;
        });

        $expected = ['a/deep/x.log', 'a/deep/y.txt', 'a/z.txt', 'b.txt', 'c.log'];
        self::assertSame([$expected, []], [array_column($result->uploaded, 'path'), $result->failed]);
        self::assertTrue($result->ok());
        $presigns = array_map(static fn (RequestInterface $r): array => [RoutedApi::json($r)['folder'], RoutedApi::json($r)['filename']], $api->requests('createPresignedUpload'));
        self::assertSame([['site/a/deep', 'x.log'], ['site/a/deep', 'y.txt'], ['site/a', 'z.txt'], ['site', 'b.txt'], ['site', 'c.log']], $presigns);
        self::assertSame(['x.log', 'y.txt', 'z.txt', 'b.txt', 'c.log'], array_map(static fn (array $u): string => $u['file']->originalName, $result->uploaded));
        self::assertSame(['loaded' => 11, 'total' => 11, 'filesDone' => 5, 'filesTotal' => 5], end($progress));
        $loaded = array_column($progress, 'loaded');
        $sorted = $loaded;
        sort($sorted);
        self::assertSame($sorted, $loaded, 'monotonic');
    }

    public function testConcurrencyFilesAreInFlightAtOnce(): void
    {
        $api = self::api();
        $api->client->uploadDirectory($this->root, concurrency: 3);
        self::assertSame(['createPresignedUpload', 'createPresignedUpload', 'createPresignedUpload', 'put'], array_slice($api->operations(), 0, 4), 'three files started before any went on');
        self::assertCount(5, $api->requests('completeUpload'));

        $api = self::api();
        $api->client->uploadDirectory($this->root, concurrency: 1);
        self::assertSame(array_merge(...array_fill(0, 5, ['createPresignedUpload', 'put', 'completeUpload'])), $api->operations(), 'one file after another');
    }

    public function testIncludeAndExcludeFilterTheRelativePaths(): void
    {
        $api = self::api();
        $result = $api->client->uploadDirectory($this->root, include: ['**/*.txt', '*.log'], exclude: ['a/deep/**']);
        self::assertSame(['a/z.txt', 'b.txt', 'c.log'], array_column($result->uploaded, 'path'));
        self::assertSame('uploads/a', RoutedApi::json($api->requests('createPresignedUpload')[0])['folder'], 'folder defaults to uploads');
    }

    public function testOneFailureNeverStopsTheOthers(): void
    {
        $result = self::api(failing: ['y.txt'])->client->uploadDirectory($this->root);
        self::assertSame(['a/deep/x.log', 'a/z.txt', 'b.txt', 'c.log'], array_column($result->uploaded, 'path'));
        self::assertSame(['a/deep/y.txt'], array_column($result->failed, 'path'));
        self::assertInstanceOf(StorageException::class, $result->failed[0]['error']);
        self::assertFalse($result->ok());
    }

    public function testSymlinksAreFollowedOnlyInsideTheDirectory(): void
    {
        symlink($this->outside, "{$this->root}/a/escape.txt");
        symlink("{$this->root}/nowhere", "{$this->root}/dangling.txt");
        symlink("{$this->root}/b.txt", "{$this->root}/a/inside.txt");
        symlink($this->root, "{$this->root}/a/loop");
        symlink("{$this->root}/a/deep", "{$this->root}/alias");
        $api = self::api();
        $result = $api->client->uploadDirectory($this->root);

        self::assertSame(['a/escape.txt', 'dangling.txt'], array_column($result->failed, 'path'));
        foreach ($result->failed as $failure) {
            self::assertInstanceOf(ValidationException::class, $failure['error']);
            self::assertStringContainsString($failure['path'], $failure['error']->getMessage());
        }
        self::assertContains('a/inside.txt', array_column($result->uploaded, 'path'));
        self::assertContains('alias/x.log', array_column($result->uploaded, 'path'), 'a link to a directory inside is walked as a copy');
        self::assertCount(8, $result->uploaded, 'the link to an ancestor (the root) is not walked');
        foreach ($api->requests('put') as $put) {
            self::assertNotSame('secret', (string) $put->getBody(), 'nothing outside the directory is read');
        }
    }

    public function testAnUnreadableFileIsAFailureOfItsOwn(): void
    {
        if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
            self::markTestSkipped('root reads every file');
        }
        chmod("{$this->root}/a/z.txt", 0);
        $result = self::api()->client->uploadDirectory($this->root);
        self::assertSame(['a/z.txt'], array_column($result->failed, 'path'));
        self::assertCount(4, $result->uploaded);
    }

    public function testCancellingStopsTheRestAsAborted(): void
    {
        $api = self::api();
        $result = $api->client->uploadDirectory($this->root, concurrency: 1, onProgress: static fn (array $p): bool => $p['filesDone'] < 2);
        self::assertSame(['a/deep/x.log', 'a/deep/y.txt'], array_column($result->uploaded, 'path'));
        self::assertSame(['a/z.txt', 'b.txt', 'c.log'], array_column($result->failed, 'path'));
        self::assertContainsOnlyInstancesOf(AbortException::class, array_column($result->failed, 'error'));
        self::assertCount(2, $api->requests('put'));
    }

    public function testBadArgumentsFailBeforeAnyRequest(): void
    {
        $api = self::api();
        foreach ([
            fn () => $api->client->uploadDirectory("{$this->root}/b.txt"),
            fn () => $api->client->uploadDirectory("{$this->root}/none"),
            fn () => $api->client->uploadDirectory($this->root, folder: '../up'),
            fn () => $api->client->uploadDirectory($this->root, include: ['']),
            fn () => $api->client->uploadDirectory($this->root, concurrency: 0),
        ] as $call) {
            try {
                $call();
                self::fail('accepted');
            } catch (ValidationException) {
            }
        }
        self::assertSame([], $api->sent);
    }
}

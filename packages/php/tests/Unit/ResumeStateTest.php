<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Errors;
use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Tests\Support\RoutedApi;
use Dilnaka\Upload\Multipart\StateDir;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** The resume state file as spec/upload-state.md writes it, and what a failure or cancel does with it. */
final class ResumeStateTest extends TestCase
{
    private const MIB = 1048576;
    private string $dir;
    private string $path;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/dilnaka-state-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        $this->path = "$this->dir/movie.mp4";
        file_put_contents($this->path, str_repeat('m', 11 * self::MIB));
        touch($this->path, 1764758400);
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
        putenv('DILNAKA_STATE_DIR');
    }

    /** @param \Closure(RequestInterface): Response $put */
    private static function api(\Closure $put, array &$stateSeen = [], ?string $stateGlob = null): RoutedApi
    {
        return new RoutedApi([
            'createMultipartUpload' => static fn () => MockApi::json(200, RoutedApi::multipart('f1', 5 * self::MIB, 3)),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'put' => $put,
            'completeUpload' => static function () use (&$stateSeen, $stateGlob) {
                $stateSeen = glob((string) $stateGlob) ?: [];
                return MockApi::json(200, MockApi::file('f1'));
            },
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f1', 'aborted' => true]),
        ], maxRetries: 0);
    }

    public function testTheStateFileHasTheSharedFormatAndIsRemovedOnSuccess(): void
    {
        $seen = [];
        $api = self::api(static fn (RequestInterface $r) => RoutedApi::storedPart($r), $seen, "$this->dir/state/uploads/*.jsonl");
        $api->client->upload($this->path, folder: 'videos', multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, resume: true, stateDir: "$this->dir/state");

        $key = hash('sha256', "v1\n" . MockApi::BASE . "\n$this->path\nvideos\nmovie.mp4");
        self::assertSame(["$this->dir/state/uploads/$key.jsonl"], $seen, 'one state file, named by the shared key, while the upload ran');
        self::assertFileDoesNotExist($seen[0], 'removed once complete answered');
        self::assertSame('0700', substr(sprintf('%o', fileperms("$this->dir/state/uploads")), -4));
    }

    public function testAFailureWithResumeKeepsThePartsAndTheStateFile(): void
    {
        $api = self::api(static fn (RequestInterface $r) => str_contains((string) $r->getUri(), 'partNumber=3') ? new Response(503) : RoutedApi::storedPart($r));
        try {
            $api->client->upload($this->path, folder: 'videos', contentType: 'video/mp4', multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, resume: true, stateDir: "$this->dir/state");
            self::fail('expected a StorageException');
        } catch (Errors\StorageException $e) {
            self::assertSame('f1', $e->fileId);
        }
        self::assertNotContains('abortUpload', $api->operations(), 'the parts stay for the next run');
        [$file] = glob("$this->dir/state/uploads/*.jsonl");
        self::assertSame('0600', substr(sprintf('%o', fileperms($file)), -4));
        $lines = explode("\n", trim((string) file_get_contents($file)));
        $header = json_decode($lines[0], true);
        self::assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/', $header['createdAt']);
        unset($header['createdAt']);
        self::assertSame([
            'version' => 1, 'baseURL' => MockApi::BASE, 'fileId' => 'f1', 'uploadId' => 'u_new', 'fileKey' => 'uploads/2026/12/f1-a.bin',
            'partSize' => 5 * self::MIB, 'partCount' => 3, 'size' => 11 * self::MIB, 'filename' => 'movie.mp4', 'contentType' => 'video/mp4', 'folder' => 'videos',
            'source' => ['path' => $this->path, 'size' => 11 * self::MIB, 'mtimeMs' => 1764758400000],
        ], $header);
        self::assertSame(['{"partNumber":1,"etag":"\"etag-1\"","size":5242880}', '{"partNumber":2,"etag":"\"etag-2\"","size":5242880}'], array_slice($lines, 1));
    }

    public function testACancelWithResumeAbortsAndRemovesTheStateFile(): void
    {
        $api = self::api(static fn (RequestInterface $r) => RoutedApi::storedPart($r));
        try {
            $api->client->upload($this->path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, resume: true, stateDir: "$this->dir/state", progress: static fn (int $sent): bool => $sent === 0);
            self::fail('expected an AbortException');
        } catch (Errors\AbortException) {
        }
        self::assertContains('abortUpload', $api->operations());
        self::assertSame([], glob("$this->dir/state/uploads/*.jsonl"));
    }

    public function testTheStateDirectoryComesFromTheOptionTheEnvironmentOrTheOs(): void
    {
        putenv('DILNAKA_STATE_DIR=/from/env');
        self::assertSame('/from/option', StateDir::resolve('/from/option'));
        self::assertSame('/from/env', StateDir::resolve(null));
        putenv('DILNAKA_STATE_DIR');
        $home = (string) getenv('HOME');
        putenv('XDG_STATE_HOME=/xdg');
        self::assertSame('/xdg/dilnaka', StateDir::resolve(null, 'Linux'));
        putenv('XDG_STATE_HOME');
        self::assertSame("$home/.local/state/dilnaka", StateDir::resolve(null, 'Linux'));
        self::assertSame("$home/Library/Application Support/dilnaka", StateDir::resolve(null, 'Darwin'));
    }

    public function testPathsAreMadeAbsoluteWithoutResolvingSymlinks(): void
    {
        $cwd = (string) getcwd();
        chdir($this->dir);
        try {
            symlink($this->path, "$this->dir/link.mp4");
            self::assertSame("$this->dir/link.mp4", StateDir::absolutePath('./sub/../link.mp4'));
            self::assertSame('/a/c', StateDir::absolutePath('/a//b/../c/.'));
        } finally {
            chdir($cwd);
        }
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Types\FileAccessUrl;
use Dilnaka\Types\UploadedFile;

/**
 * The Python examples of the Dilnaka docs (seeds 000 and 001), translated line for line into PHP
 * and run against the dev server. Each test body between the markers is the translation; only the
 * literal placeholders (the key "dlk_dev_your_api_key_here", ids like "file_123") become the real
 * values of this server. `print` becomes `echo`, `print(obj)` becomes `print_r($obj)`.
 * Like the docs, `new Dilnaka()` reads its settings from `.env` in the working directory.
 */
final class SeedExamplesTest extends E2eTestCase
{
    private const VARS = ['DILNAKA_API_KEY', 'DILNAKA_BASE_URL', 'DILNAKA_TIMEOUT'];
    /** @var array<string, string|false> */
    private array $savedEnv = [];
    private string $savedCwd;
    private string $fileId;

    protected function setUp(): void
    {
        // The app's directory: its .env and the files the examples upload.
        $dir = self::tempDir();
        file_put_contents("$dir/.env", 'DILNAKA_API_KEY=' . self::$server->apiKey . "\nDILNAKA_BASE_URL=" . self::$server->baseUrl . "\nDILNAKA_TIMEOUT=60\n");
        file_put_contents("$dir/test-upload.txt", str_repeat('Dilnaka test upload. ', 4) . "\n");
        file_put_contents("$dir/avatar.png", base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='));
        foreach (self::VARS as $name) {
            $this->savedEnv[$name] = getenv($name);
            putenv($name);
        }
        $this->savedCwd = (string) getcwd();
        chdir($dir);
        $this->fileId = self::client()->upload("$dir/test-upload.txt")->id;
        ob_start();
    }

    protected function tearDown(): void
    {
        ob_end_clean();
        chdir($this->savedCwd);
        foreach ($this->savedEnv as $name => $value) {
            if ($value !== false) {
                putenv("$name=$value");
            }
        }
    }

    /** @return list<string> what the example printed, line by line */
    private static function printed(): array
    {
        return explode("\n", rtrim((string) ob_get_contents(), "\n"));
    }

    /** Seed 000 "Basic upload" (also seed 001 "Core flow"). */
    public function testBasicUpload(): void
    {
        // --- translation ---
        $client = new Dilnaka();

        $uploaded = $client->upload('./test-upload.txt');

        echo $uploaded->id, "\n";
        echo $uploaded->key, "\n";
        echo $uploaded->status, "\n";
        // --- end ---
        self::assertSame([$uploaded->id, $uploaded->key, 'uploaded'], self::printed());
        self::assertStringEndsWith('-test-upload.txt', $uploaded->key);
    }

    /** Seed 000 "Explicit configuration" (also seed 001 "Alternate setup"). */
    public function testExplicitConfiguration(): void
    {
        $dlk_dev_your_api_key_here = self::$server->apiKey;
        // --- translation ---
        $client = new Dilnaka(
            apiKey: $dlk_dev_your_api_key_here,
        );

        $uploaded = $client->upload('./avatar.png', folder: 'avatars');
        print_r($uploaded);
        // --- end ---
        self::assertInstanceOf(UploadedFile::class, $uploaded);
        self::assertStringStartsWith('avatars/', $uploaded->key);
        self::assertSame('image/png', $uploaded->contentType);
        $printed = implode("\n", self::printed());
        self::assertStringContainsString('Dilnaka\Types\UploadedFile Object', $printed);
        self::assertStringContainsString("[key] => {$uploaded->key}", $printed);
    }

    /** Seed 000 "Request a file access URL". */
    public function testRequestAFileAccessUrl(): void
    {
        $file_123 = $this->fileId;
        // --- translation ---
        $client = new Dilnaka();

        $access = $client->getFileAccessUrl($file_123);

        echo $access->fileId, "\n";
        echo $access->url, "\n";
        echo var_export($access->expiresIn, true), "\n";
        echo var_export($access->isTemporary, true), "\n";
        // --- end ---
        $lines = self::printed();
        self::assertSame($file_123, $lines[0]);
        self::assertStringStartsWith('http://127.0.0.1:', $lines[1]);
        self::assertSame($access->isTemporary ? 'true' : 'false', $lines[3]);
        self::assertSame($access->expiresIn !== null, $access->isTemporary, 'temporary exactly when it expires (the backend says so here)');
    }

    /** Seed 000 "Pass expires_in to request a temporary URL". */
    public function testTemporaryAccessUrl(): void
    {
        $file_123 = $this->fileId;
        // --- translation ---
        $client = new Dilnaka();

        $temporary_access = $client->getFileAccessUrl(
            $file_123,
            expiresIn: 600,
        );

        echo $temporary_access->url, "\n";
        echo $temporary_access->expiresIn, "\n";   // 600
        echo var_export($temporary_access->isTemporary, true), "\n"; // true
        // --- end ---
        self::assertInstanceOf(FileAccessUrl::class, $temporary_access);
        self::assertSame([$temporary_access->url, '600', 'true'], self::printed());
        self::assertStringContainsString('X-Amz-Expires=600', $temporary_access->url);
    }

    /** Seed 001 "Examples": an access URL of 1200 seconds. */
    public function testAccessUrlFor1200Seconds(): void
    {
        $maext0cfjsquw2mu9o597fb9 = $this->fileId;
        // --- translation ---
        $client = new Dilnaka();
        $access = $client->getFileAccessUrl(
            $maext0cfjsquw2mu9o597fb9,
            expiresIn: 1200,
        );
        echo $access->url, "\n";
        echo $access->expiresIn, "\n";
        // --- end ---
        self::assertSame([$access->url, '1200'], self::printed());
    }

    /** Seed 001 "Examples": delete a file. */
    public function testDeleteFile(): void
    {
        $maext0cfjsquw2mu9o597fb9 = $this->fileId;
        // --- translation ---
        $client = new Dilnaka();
        $file_id = $maext0cfjsquw2mu9o597fb9;
        $result = $client->deleteFile($file_id);
        print_r($result);
        // --- end ---
        self::assertTrue($result->deleted);
        self::assertStringContainsString("[fileId] => $file_id", implode("\n", self::printed()));
    }

    /** Seed 001 "Examples": upload and print the file's fields. */
    public function testUploadAndPrintTheFields(): void
    {
        // --- translation ---
        $client = new Dilnaka();
        $uploaded = $client->upload('./test-upload.txt', folder: 'uploads');
        echo "Uploaded file:\n";
        echo " id: {$uploaded->id}\n";
        echo " key: {$uploaded->key}\n";
        echo " status: {$uploaded->status}\n";
        echo " size: {$uploaded->size}\n";
        echo " content_type: {$uploaded->contentType}\n";
        // --- end ---
        self::assertSame([
            'Uploaded file:',
            " id: {$uploaded->id}",
            " key: {$uploaded->key}",
            ' status: uploaded',
            ' size: ' . filesize('./test-upload.txt'),
            ' content_type: text/plain',
        ], self::printed());
    }

    /** Seed 001 "Examples": list every file. */
    public function testListFiles(): void
    {
        // --- translation ---
        $client = new Dilnaka();
        foreach ($client->listFiles() as $file) {
            echo "{$file->id} | {$file->status} | {$file->key}\n";
        }
        // --- end ---
        $lines = self::printed();
        self::assertContains($this->fileId . ' | uploaded | ' . $client->getFile($this->fileId)->key, $lines);
        foreach ($lines as $line) {
            self::assertMatchesRegularExpression('/^[A-Za-z0-9_-]+ \| (pending|uploaded) \| \S+$/', $line);
        }
    }
}

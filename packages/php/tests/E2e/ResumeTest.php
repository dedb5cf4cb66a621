<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

/**
 * Resume after a crash: a child PHP process uploads with `resume: true` and is killed with SIGKILL
 * after two of five parts are stored; the same call then sends only the missing parts.
 */
final class ResumeTest extends MultipartTestCase
{
    public function testAfterKill9TheSameCallSendsOnlyTheMissingParts(): void
    {
        $path = self::bigFile(23 * self::MIB, 'resumed.bin');
        $stateDir = self::tempDir() . '/state';
        // Part 3 hangs, so the child is certainly mid-upload with parts 1 and 2 stored when it dies.
        self::$server->dev('POST', '/__dev/faults', ['target' => 'store', 'operation' => 'put', 'part' => 3, 'delayMs' => 30000, 'times' => 1]);
        $child = proc_open(
            [PHP_BINARY, dirname(__DIR__) . '/Support/upload-child.php', $path, $stateDir],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            null,
            ['DILNAKA_API_KEY' => self::$server->apiKey, 'DILNAKA_BASE_URL' => self::$server->baseUrl, 'PATH' => (string) getenv('PATH')],
        );
        self::assertIsResource($child);
        $stateFile = self::waitForLines($stateDir, 3);
        posix_kill(proc_get_status($child)['pid'], SIGKILL);
        proc_close($child);
        self::$server->dev('DELETE', '/__dev/faults');

        $header = json_decode((string) strtok((string) file_get_contents($stateFile), "\n"), true);
        $client = self::client();
        self::assertSame([1, 2], array_map(static fn ($p) => $p->partNumber, $client->listUploadParts($header['fileId'])->parts));

        self::clearStoreRequests();
        $file = $client->upload($path, multipartThreshold: 0, partSize: 5 * self::MIB, concurrency: 1, resume: true, stateDir: $stateDir);

        self::assertSame($header['fileId'], $file->id, 'the same upload, continued');
        self::assertSame([3 => 1, 4 => 1, 5 => 1], self::putsPerPart(), 'only the missing parts were sent');
        $this->assertSameBytes($path, $file->id);
        self::assertFileDoesNotExist($stateFile, 'the state file is removed once the upload completes');
    }

    /** Waits (at most 60 s) until the one state file under the directory has `$lines` lines; returns its path. */
    private static function waitForLines(string $stateDir, int $lines): string
    {
        for ($deadline = microtime(true) + 60; microtime(true) < $deadline; usleep(50_000)) {
            foreach (glob("$stateDir/uploads/*.jsonl") ?: [] as $file) {
                if (substr_count((string) file_get_contents($file), "\n") >= $lines) {
                    return $file;
                }
            }
        }
        self::fail("no state file with $lines lines appeared under $stateDir");
    }
}

<?php

declare(strict_types=1);

namespace Dilnaka\Directory;

use Dilnaka\Cooperative;
use Dilnaka\Dilnaka;
use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Types\DirectoryUploadResult;
use Dilnaka\Upload\Checks;

/**
 * uploadDirectory(): walks the tree (Walk), then uploads each file with upload() under
 * `folder/<its relative directory>`, keeping its base name, `concurrency` files at once: each file
 * is an ordinary upload() running in a fiber (Cooperative), so all the upload steps (retries,
 * aborts, checksums, parts) are the same code as for one file. A failure is recorded and the other
 * files go on; only a cancel (a progress callback returning false) stops the rest, which are then
 * failed as cancelled.
 *
 * @internal
 */
final class DirectoryUploader
{
    /** @var (callable(string, int, ?int): mixed)|null */
    private $onFileProgress;
    /** @var (callable(array{loaded: int, total: int, filesDone: int, filesTotal: int}): mixed)|null */
    private $onProgress;
    /** Bytes of the files done (uploaded or failed). */
    private int $loadedDone = 0;
    /** @var array<string, int> relative path => bytes sent so far, for the files in flight */
    private array $inFlight = [];
    private int $filesDone = 0;
    private int $total = 0;
    private int $count = 0;
    private bool $cancelled = false;
    /** @var list<array{path: string, file: \Dilnaka\Types\UploadedFile}> */
    private array $uploaded = [];
    /** @var list<array{path: string, error: DilnakaException}> */
    private array $failed = [];

    /**
     * @param array<string, mixed> $uploadOptions named arguments of upload() given to every file
     * @param (callable(string, int, ?int): mixed)|null $onFileProgress
     * @param (callable(array{loaded: int, total: int, filesDone: int, filesTotal: int}): mixed)|null $onProgress
     */
    public function __construct(
        private readonly Dilnaka $client,
        private readonly string $folder,
        private readonly int $concurrency,
        private readonly array $uploadOptions,
        ?callable $onFileProgress,
        ?callable $onProgress,
    ) {
        $this->onFileProgress = $onFileProgress;
        $this->onProgress = $onProgress;
    }

    public function __invoke(Walk $walk): DirectoryUploadResult
    {
        Checks::folder($this->folder);
        $sizes = array_map(static fn (string $path): int => (int) @filesize($path), $walk->files);
        $this->total = array_sum($sizes);
        $this->count = count($walk->files) + count($walk->refused);
        foreach ($walk->refused as $relative => $error) {
            $this->failed[] = ['path' => (string) $relative, 'error' => $error];
        }
        $this->filesDone = count($this->failed);
        $tasks = (function () use ($walk, $sizes): \Generator {
            foreach ($walk->files as $relative => $path) {
                yield fn () => $this->one((string) $relative, $path, $sizes[$relative]);
            }
        })();
        Cooperative::run($tasks, $this->concurrency);
        if ($walk->files === []) {
            $this->report();
        }
        $byPath = static fn (array $a, array $b): int => strcmp($a['path'], $b['path']);
        usort($this->uploaded, $byPath);
        usort($this->failed, $byPath);
        return new DirectoryUploadResult($this->uploaded, $this->failed);
    }

    /** `folder/<relative directory>` of a file, `folder` alone for a top-level one. */
    public static function folderOf(string $folder, string $relative): string
    {
        $dir = dirname($relative);
        return $dir === '.' ? $folder : rtrim($folder, '/') . '/' . $dir;
    }

    private function one(string $relative, string $path, int $size): void
    {
        if ($this->cancelled) {
            $this->failed[] = ['path' => $relative, 'error' => new AbortException('The directory upload was cancelled before this file.', errorCode: 'aborted', hint: 'Run uploadDirectory() again for the files not uploaded.')];
        } else {
            $this->inFlight[$relative] = 0;
            try {
                $file = $this->client->upload($path, ...$this->uploadOptions + [
                    'folder' => self::folderOf($this->folder, $relative),
                    'progress' => fn (int $sent, ?int $fileTotal) => $this->fileProgress($relative, $sent, $fileTotal),
                ]);
                $this->uploaded[] = ['path' => $relative, 'file' => $file];
            } catch (DilnakaException $e) {
                $this->failed[] = ['path' => $relative, 'error' => $e];
                $this->cancelled = $this->cancelled || $e instanceof AbortException;
            }
            unset($this->inFlight[$relative]);
        }
        $this->loadedDone += $size;
        $this->filesDone++;
        $this->report();
    }

    private function fileProgress(string $relative, int $sent, ?int $fileTotal): bool
    {
        if ($this->onFileProgress !== null && ($this->onFileProgress)($relative, $sent, $fileTotal) === false) {
            $this->cancelled = true;
        }
        // A file's last call comes from one(), once the file is done and counted.
        if ($fileTotal === null || $sent < $fileTotal) {
            $this->inFlight[$relative] = $sent;
            $this->report();
        }
        return !$this->cancelled;
    }

    private function report(): void
    {
        $loaded = min($this->total, $this->loadedDone + array_sum($this->inFlight));
        if ($this->onProgress !== null && !$this->cancelled && ($this->onProgress)(['loaded' => $loaded, 'total' => $this->total, 'filesDone' => $this->filesDone, 'filesTotal' => $this->count]) === false) {
            $this->cancelled = true;
        }
    }
}

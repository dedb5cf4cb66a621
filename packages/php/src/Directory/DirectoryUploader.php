<?php

declare(strict_types=1);

namespace Dilnaka\Directory;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Types\DirectoryUploadResult;
use Dilnaka\Upload\Checks;

/**
 * uploadDirectory(): walks the tree (Walk), then uploads each file with upload() under
 * `folder/<its relative directory>`, keeping its base name. Files go one after another, each with
 * its parts in parallel: the SDK's upload steps are synchronous calls on one Guzzle client, and
 * running whole files concurrently would take a second, promise-based copy of every step (presign,
 * PUT retries, complete, abort, resume). A failure is recorded and the next file goes on; only a
 * cancel (a progress callback returning false) stops the rest, which are then failed as cancelled.
 *
 * @internal
 */
final class DirectoryUploader
{
    /** @var (callable(string, int, ?int): mixed)|null */
    private $onFileProgress;
    /** @var (callable(array{loaded: int, total: int, filesDone: int, filesTotal: int}): mixed)|null */
    private $onProgress;
    private int $loadedBefore = 0;
    private int $filesDone = 0;
    private bool $cancelled = false;

    /**
     * @param array<string, mixed> $uploadOptions named arguments of upload() given to every file
     * @param (callable(string, int, ?int): mixed)|null $onFileProgress
     * @param (callable(array{loaded: int, total: int, filesDone: int, filesTotal: int}): mixed)|null $onProgress
     */
    public function __construct(
        private readonly Dilnaka $client,
        private readonly string $folder,
        private readonly array $uploadOptions,
        ?callable $onFileProgress,
        ?callable $onProgress,
    ) {
        $this->onFileProgress = $onFileProgress;
        $this->onProgress = $onProgress;
    }

    public function __invoke(string $dir, Walk $walk): DirectoryUploadResult
    {
        Checks::folder($this->folder);
        $sizes = array_map(static fn (string $path): int => (int) @filesize($path), $walk->files);
        $total = array_sum($sizes);
        $count = count($walk->files) + count($walk->refused);
        $uploaded = [];
        $failed = array_map(static fn (string $path, ValidationException $e): array => ['path' => $path, 'error' => $e], array_keys($walk->refused), $walk->refused);
        $this->filesDone = count($failed);
        foreach ($walk->files as $relative => $path) {
            $relative = (string) $relative;
            if ($this->cancelled) {
                $failed[] = ['path' => $relative, 'error' => new AbortException('The directory upload was cancelled before this file.', errorCode: 'aborted', hint: 'Run uploadDirectory() again for the files not uploaded.')];
                continue;
            }
            try {
                $file = $this->client->upload($path, ...$this->uploadOptions + [
                    'folder' => self::folderOf($this->folder, $relative),
                    'progress' => fn (int $sent, ?int $fileTotal) => $this->fileProgress($relative, $sent, $fileTotal, $total, $count),
                ]);
                $uploaded[] = ['path' => $relative, 'file' => $file];
            } catch (DilnakaException $e) {
                $failed[] = ['path' => $relative, 'error' => $e];
                $this->cancelled = $this->cancelled || $e instanceof AbortException;
            }
            $this->loadedBefore += $sizes[$relative];
            $this->filesDone++;
            $this->report($this->loadedBefore, $total, $count);
        }
        if ($walk->files === []) {
            $this->report(0, 0, $count);
        }
        usort($failed, static fn (array $a, array $b): int => strcmp($a['path'], $b['path']));
        return new DirectoryUploadResult($uploaded, $failed);
    }

    /** `folder/<relative directory>` of a file, `folder` alone for a top-level one. */
    public static function folderOf(string $folder, string $relative): string
    {
        $dir = dirname($relative);
        return $dir === '.' ? $folder : rtrim($folder, '/') . '/' . $dir;
    }

    private function fileProgress(string $relative, int $sent, ?int $fileTotal, int $total, int $count): bool
    {
        if ($this->onFileProgress !== null && ($this->onFileProgress)($relative, $sent, $fileTotal) === false) {
            $this->cancelled = true;
        }
        // Not the last call of a file: that one comes from the loop, once the file is done.
        if ($fileTotal === null || $sent < $fileTotal) {
            $this->report($this->loadedBefore + $sent, $total, $count);
        }
        return !$this->cancelled;
    }

    private function report(int $loaded, int $total, int $count): void
    {
        if ($this->onProgress !== null && !$this->cancelled && ($this->onProgress)(['loaded' => $loaded, 'total' => $total, 'filesDone' => $this->filesDone, 'filesTotal' => $count]) === false) {
            $this->cancelled = true;
        }
    }
}

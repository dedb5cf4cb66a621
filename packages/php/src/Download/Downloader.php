<?php

declare(strict_types=1);

namespace Dilnaka\Download;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Files;
use Dilnaka\Transport;
use Dilnaka\Types\DownloadedFile;
use Dilnaka\Types\FileAccessUrl;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Validate;

/**
 * download(), downloadBytes() and downloadStream(): read the file's record (size, checksum, part
 * size), get an access URL (bandwidth errors and the overage warning as getFileAccessUrl() gives
 * them), stream the body into the target with Range continuation, verify it, and only then make it
 * visible: a path target is renamed into place, bytes are returned.
 */
final class Downloader
{
    /** @param (callable(int, int): mixed)|null $onProgress */
    public function __construct(
        private readonly Transport $transport,
        private readonly Files $files,
        private readonly mixed $onProgress = null,
        private readonly int|float|null $timeout = null,
        private readonly ?int $expiresIn = null,
        private readonly bool $verify = true,
    ) {
    }

    public function toPath(string $fileId, string $destination, bool $overwrite): DownloadedFile
    {
        self::checkDestination($destination, $overwrite);
        [$file, $access] = $this->prepare($fileId);
        $temp = TempFile::beside($destination);
        try {
            $checksum = $this->fetch($file, $access, new Target($temp->handle, owned: true));
            $temp->commit($destination, $overwrite);
        } catch (\Throwable $e) {
            $temp->discard();
            throw $e;
        }
        return new DownloadedFile($file->id, $destination, $file->size, $checksum, $file, $access->warning, $access->warningMessage);
    }

    /**
     * Writes into the caller's stream as the bytes arrive; a mismatch is thrown at the end, after
     * the bytes were written (a stream cannot be taken back).
     *
     * @param resource $stream
     */
    public function toStream(string $fileId, mixed $stream): DownloadedFile
    {
        if (!is_resource($stream) || get_resource_type($stream) !== 'stream') {
            throw new ValidationException('downloadStream() needs a stream resource; got ' . get_debug_type($stream) . '.', hint: 'Pass fopen($path, \'wb\'), STDOUT or fopen(\'php://temp\', \'w+b\').');
        }
        [$file, $access] = $this->prepare($fileId);
        $checksum = $this->fetch($file, $access, new Target($stream, owned: false));
        return new DownloadedFile($file->id, null, $file->size, $checksum, $file, $access->warning, $access->warningMessage);
    }

    /** The verified bytes (held in memory: for files you would read whole anyway). */
    public function bytes(string $fileId): string
    {
        [$file, $access] = $this->prepare($fileId);
        $buffer = fopen('php://memory', 'w+b');
        try {
            $this->fetch($file, $access, new Target($buffer, owned: true));
            rewind($buffer);
            return (string) stream_get_contents($buffer);
        } finally {
            fclose($buffer);
        }
    }

    /** @return array{UploadedFile, FileAccessUrl} */
    private function prepare(string $fileId): array
    {
        $id = Validate::fileId($fileId);
        Validate::expiresIn($this->expiresIn);
        if ($this->timeout !== null && $this->timeout <= 0) {
            throw new ValidationException("timeout must be more than 0 seconds; got {$this->timeout}.", hint: 'Pass timeout: 60, or leave it out (DILNAKA_TIMEOUT).');
        }
        $file = $this->files->get($id);
        return [$file, $this->files->accessUrl($id, $this->expiresIn)];
    }

    /** @return string|null the verified checksum */
    private function fetch(UploadedFile $file, FileAccessUrl $access, Target $target): ?string
    {
        $verifier = new Verifier($file->id, $file->size, $file->checksumSha256, $file->partSize, $this->verify);
        $progress = new Progress($this->onProgress, $file->size);
        $timeout = (float) ($this->timeout ?? $this->transport->config->timeout);
        (new BodyFetch($this->transport, $timeout, $file->id, $file->size, $target, $verifier, $progress))($access->url);
        $checksum = $verifier->finish();
        $progress->finish();
        return $checksum;
    }

    private static function checkDestination(string $destination, bool $overwrite): void
    {
        $shown = Validate::shown($destination);
        $problem = match (true) {
            $destination === '' || str_contains($destination, "\0") => 'it is empty or holds a NUL byte',
            is_dir($destination) => 'it is a directory',
            !is_dir(dirname($destination)) => 'its directory does not exist',
            !is_writable(dirname($destination)) => 'its directory is not writable',
            default => null,
        };
        if ($problem !== null) {
            throw new ValidationException("Cannot download to \"$shown\": $problem.", hint: 'Pass the path of the file to write, in an existing directory.');
        }
        if (!$overwrite && file_exists($destination)) {
            throw TempFile::exists($destination);
        }
    }
}

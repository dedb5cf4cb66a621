<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Types\MultipartUpload;
use Dilnaka\Validate;

/**
 * The resume state file of spec/upload-state.md, in exactly the format the TypeScript and Python
 * SDKs read and write, so one SDK resumes another's upload: `<stateDir>/uploads/<key>.jsonl`, a
 * header line written (temp file, then rename) before the first part, one line appended per
 * stored part. Ids, sizes and ETags only: no key, no URL.
 *
 * PHP's stat() has whole seconds: `mtimeMs` is written as seconds × 1000 and compared as
 * floor(mtimeMs / 1000).
 */
final class StateFile
{
    private const JSON = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;

    /** @param array{baseURL: string, path: string, folder: string, filename: string, size: int, mtime: int} $source */
    private function __construct(public readonly string $path, private readonly string $dir, private readonly array $source)
    {
    }

    /** @param string $sourcePath the file's path as given: made absolute here, symlinks not resolved */
    public static function for(string $dir, string $baseUrl, string $sourcePath, string $folder, string $filename, int $size, int $mtime): self
    {
        $absolute = StateDir::absolutePath($sourcePath);
        $key = hash('sha256', "v1\n$baseUrl\n$absolute\n$folder\n$filename");
        $source = ['baseURL' => $baseUrl, 'path' => $absolute, 'folder' => $folder, 'filename' => $filename, 'size' => $size, 'mtime' => $mtime];
        return new self("$dir/uploads/$key.jsonl", "$dir/uploads", $source);
    }

    /** Creates the directory (0700) before any request, so a resume that cannot be honoured fails first. */
    public function prepare(): void
    {
        if (!is_dir($this->dir) && !@mkdir($this->dir, 0700, true) && !is_dir($this->dir)) {
            throw new ValidationException('Cannot create the resume state directory ' . Validate::shown($this->dir) . '.', hint: 'Pass stateDir: a writable directory, or set DILNAKA_STATE_DIR.');
        }
        if (!is_writable($this->dir)) {
            throw new ValidationException('The resume state directory ' . Validate::shown($this->dir) . ' is not writable.', hint: 'Pass stateDir: a writable directory, or set DILNAKA_STATE_DIR.');
        }
    }

    /**
     * This upload's header, or null when there is no state file, it cannot be read, or it is not
     * a version 1 header of this baseURL, path, folder and filename.
     *
     * @return array{fileId: string, partSize: int, partCount: int, size: int, sourceSize: int, mtimeMs: int}|null
     */
    public function read(): ?array
    {
        $handle = @fopen($this->path, 'rb');
        $line = $handle === false ? false : fgets($handle);
        if ($handle !== false) {
            fclose($handle);
        }
        $h = is_string($line) ? json_decode($line, true) : null;
        $s = $this->source;
        $ours = is_array($h) && ($h['version'] ?? null) === 1 && ($h['baseURL'] ?? null) === $s['baseURL']
            && ($h['source']['path'] ?? null) === $s['path'] && ($h['folder'] ?? null) === $s['folder'] && ($h['filename'] ?? null) === $s['filename'];
        $ints = $ours ? [$h['partSize'] ?? null, $h['size'] ?? null, $h['source']['size'] ?? null, $h['source']['mtimeMs'] ?? null] : [null];
        if (!$ours || !is_string($h['fileId'] ?? null) || in_array(false, array_map('is_int', $ints), true) || $h['partSize'] < 1) {
            return null;
        }
        return [
            'fileId' => $h['fileId'],
            'partSize' => $h['partSize'],
            'partCount' => is_int($h['partCount'] ?? null) ? $h['partCount'] : max(1, (int) ceil($h['size'] / $h['partSize'])),
            'size' => $h['size'],
            'sourceSize' => $h['source']['size'],
            'mtimeMs' => $h['source']['mtimeMs'],
        ];
    }

    /** @param array{sourceSize: int, mtimeMs: int} $header */
    public function sourceUnchanged(array $header): bool
    {
        return $header['sourceSize'] === $this->source['size'] && intdiv($header['mtimeMs'], 1000) === $this->source['mtime'];
    }

    /** Replaces the state file with a new upload's header. */
    public function start(MultipartUpload $upload, string $contentType): void
    {
        $s = $this->source;
        $header = [
            'version' => 1,
            'baseURL' => $s['baseURL'],
            'fileId' => $upload->fileId,
            'uploadId' => $upload->uploadId,
            'fileKey' => $upload->fileKey,
            'partSize' => $upload->partSize,
            'partCount' => $upload->partCount,
            'size' => $s['size'],
            'filename' => $s['filename'],
            'contentType' => $contentType,
            'folder' => $s['folder'],
            'source' => ['path' => $s['path'], 'size' => $s['size'], 'mtimeMs' => $s['mtime'] * 1000],
            'createdAt' => (new \DateTimeImmutable('now', new \DateTimeZone('UTC')))->format('Y-m-d\TH:i:s.v\Z'),
        ];
        $temp = $this->path . '.' . getmypid() . '.tmp';
        $mask = umask(0077); // created 0600, never readable by others even for a moment
        try {
            $written = @file_put_contents($temp, json_encode($header, self::JSON) . "\n") !== false && @rename($temp, $this->path);
        } finally {
            umask($mask);
        }
        if (!$written) {
            @unlink($temp);
            throw new ValidationException('Cannot write the resume state file ' . Validate::shown($this->path) . '.', hint: 'Pass stateDir: a writable directory, or set DILNAKA_STATE_DIR.');
        }
    }

    /** Records a part storage accepted. A line that cannot be written is only a lost hint: a resume asks storage. */
    public function add(int $partNumber, string $etag, int $size): void
    {
        @file_put_contents($this->path, json_encode(['partNumber' => $partNumber, 'etag' => $etag, 'size' => $size], self::JSON) . "\n", FILE_APPEND | LOCK_EX);
    }

    public function remove(): void
    {
        @unlink($this->path);
    }
}

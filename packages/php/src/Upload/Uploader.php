<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Transport;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Upload\Multipart\MultipartUploader;
use Dilnaka\Upload\Multipart\Plan;
use Dilnaka\Upload\Multipart\StateDir;
use Dilnaka\Upload\Multipart\StateFile;

/**
 * upload(): checks everything it can before any request (source, options, names), then picks the
 * way: one PUT up to `multipartThreshold`, multipart above it, and for a stream of unknown length
 * parts as it arrives. `resume` keeps a state file for a path, so the same call after a crash
 * sends only the parts storage does not hold yet.
 */
final class Uploader
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param array<string, string> $metadata
     * @param (callable(int, ?int): mixed)|null $progress
     * @param array<string, int|null> $planOptions multipartThreshold, partSize, concurrency
     */
    public function __invoke(
        mixed $source,
        string $folder,
        ?string $filename,
        ?string $contentType,
        array $metadata,
        ?callable $progress,
        array $planOptions,
        bool $resume,
        ?string $stateDir,
        string|false|null $checksum = null,
    ): UploadedFile {
        self::checkChecksum($checksum);
        $stream = Source::asStream($source);
        if ($stream !== null && !Source::hasKnownLength($stream)) {
            $plan = Plan::for(null, $planOptions);
            self::refuseResume($resume, 'a stream of unknown length');
            $name = Source::nameOf($stream, $filename);
            $type = $this->contentType($contentType, $name, $folder, $metadata);
            return (new MultipartUploader($this->transport, $plan, $type, $folder, $metadata, $progress, $checksum))->stream($stream, $name);
        }
        $bytes = Source::from($stream ?? $source, $filename);
        $plan = Plan::for($bytes->size, $planOptions);
        $type = $this->contentType($contentType, $bytes->filename, $folder, $metadata);
        if ($resume && $bytes->path === null) {
            self::refuseResume(true, 'bytes or a stream');
        }
        if (!$plan->multipart) {
            return (new SingleUpload($this->transport))($bytes, $type, $folder, $metadata, $progress, $checksum);
        }
        $state = null;
        if ($resume && $bytes->path !== null) {
            clearstatcache(true, $bytes->path);
            $state = StateFile::for(StateDir::resolve($stateDir), $this->transport->config->baseUrl, $bytes->path, $folder, $bytes->filename, $bytes->size, (int) filemtime($bytes->path));
            $state->prepare();
        }
        return (new MultipartUploader($this->transport, $plan, $type, $folder, $metadata, $progress, $checksum))->sized($bytes, $state);
    }

    /** @param array<string, string> $metadata checked now, so a stream is not read for a request that cannot be sent */
    private function contentType(?string $contentType, string $filename, string $folder, array $metadata): string
    {
        $type = $contentType ?? ContentType::guess($filename);
        Checks::filename($filename);
        Checks::contentType($type);
        Checks::folder($folder);
        Checks::metadata($metadata);
        return $type;
    }

    public static function checkChecksum(mixed $checksum): void
    {
        if ($checksum !== null && $checksum !== false && $checksum !== 'sha256') {
            throw new ValidationException('checksum must be \'sha256\' or false; got ' . var_export($checksum, true) . '.', hint: 'Pass checksum: \'sha256\' to checksum a file before one PUT, false to send none, or leave it out.');
        }
    }

    private static function refuseResume(bool $resume, string $what): void
    {
        if ($resume) {
            throw new ValidationException("resume works for file paths only, not for $what: it cannot be read again after a crash.", hint: 'Pass the file\'s path, or leave resume off.');
        }
    }
}

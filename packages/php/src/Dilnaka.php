<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Types\AbortedUpload;
use Dilnaka\Directory\DirectoryUploader;
use Dilnaka\Directory\Glob;
use Dilnaka\Directory\Walk;
use Dilnaka\Download\Downloader;
use Dilnaka\Types\DeletedFile;
use Dilnaka\Types\DirectoryUploadResult;
use Dilnaka\Types\DownloadedFile;
use Dilnaka\Types\FileAccessUrl;
use Dilnaka\Types\MultipartUpload;
use Dilnaka\Types\PresignedPart;
use Dilnaka\Types\PresignedUpload;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Types\UploadPartList;
use Dilnaka\Upload\Complete;
use Dilnaka\Upload\Multipart\Abort;
use Dilnaka\Upload\Multipart\Create;
use Dilnaka\Upload\Multipart\ListParts;
use Dilnaka\Upload\Multipart\MultipartUploader;
use Dilnaka\Upload\Multipart\Plan;
use Dilnaka\Upload\Multipart\PresignParts;
use Dilnaka\Upload\Presign;
use Dilnaka\Upload\Source;
use Dilnaka\Upload\Uploader;
use GuzzleHttp\Client;
use GuzzleHttp\HandlerStack;
use Psr\Http\Message\StreamInterface;

/**
 * The Dilnaka Storage client.
 *
 *     $client = new Dilnaka();                       // DILNAKA_API_KEY from the environment or .env
 *     $file = $client->upload('./avatar.png', folder: 'avatars');
 *
 * Settings: named argument > environment (getenv, $_ENV) > .env in the working directory > default.
 */
final class Dilnaka
{
    public const VERSION = '0.1.0';

    private readonly Config $config;
    private readonly Transport $transport;
    private readonly Files $files;

    /**
     * @param int|float|null $timeout seconds per API request (DILNAKA_TIMEOUT, default 60); for the
     *                                storage PUT, the longest the transfer may stall
     * @param int|null $maxRetries retries per step on transient failures (default 2)
     * @param callable|null $handler a Guzzle handler (e.g. a HandlerStack around a MockHandler) to
     *                               send requests through instead of curl
     * @param Retry|null $retry full control over retries and their delays (overrides maxRetries)
     * @param string|null $envFile the .env file to read (default: .env in the working directory)
     */
    public function __construct(
        #[\SensitiveParameter] ?string $apiKey = null,
        ?string $baseUrl = null,
        int|float|null $timeout = null,
        ?int $maxRetries = null,
        ?callable $handler = null,
        ?Retry $retry = null,
        ?string $envFile = null,
    ) {
        $key = $apiKey;
        // Traces list the current value of each argument: on PHP 8.1, where #[\SensitiveParameter]
        // does nothing, this keeps the key out of the trace of any later exception in this frame.
        $apiKey = null;
        $this->config = Config::resolve($key, $baseUrl, $timeout, $retry?->maxRetries ?? $maxRetries, $envFile);
        $http = new Client([
            'handler' => $handler ?? HandlerStack::create(),
            // A redirect could carry the Authorization header to another host: never follow one.
            'allow_redirects' => false,
        ]);
        $this->transport = new Transport($http, $this->config, $retry ?? new Retry($this->config->maxRetries));
        $this->files = new Files($this->transport);
    }

    /**
     * Uploads a file and returns it. Up to `multipartThreshold` bytes in three steps (presign, PUT
     * the bytes straight to storage, complete); above it in parts sent in parallel, each retried on
     * its own; a stream of unknown length in parts as it arrives.
     *
     * @param string|resource|StreamInterface|Source $source a file path, an open stream, or
     *        Source::bytes($bytes, 'name.ext') for bytes held in a string
     * @param string|null $contentType the MIME type (default: guessed from the filename)
     * @param array<string, string> $metadata your own strings, returned with the file
     * @param string|null $filename the name to store (default: the path's or stream's base name)
     * @param (callable(int $sent, ?int $total): mixed)|null $progress called as bytes reach storage:
     *        one monotonic count for the whole file, ending with ($total, $total); `$total` is null
     *        for a stream of unknown length until that last call. Return false to cancel: the
     *        upload is aborted and an AbortException thrown
     * @param int|null $multipartThreshold multipart above this many bytes (default 64 MiB, at most 5 GiB)
     * @param int|null $partSize bytes per part, 5 MiB to 5 GiB (default 16 MiB; grown to fit 10,000 parts)
     * @param int|null $concurrency parts in flight at once, 1 to 64 (default 4)
     * @param bool $resume keep a state file (paths only), so the same call after a crash sends
     *        only the parts storage does not hold yet; a failure then keeps the parts
     * @param string|null $stateDir where state files live (default DILNAKA_STATE_DIR, else the OS's state folder)
     * @param string|false|null $checksum SHA-256 signed into the upload, so storage refuses other bytes
     *        (IntegrityException): by default for bytes in memory and every multipart part (hashed as
     *        read); 'sha256' also for one PUT of a file or stream (a pre-pass); false for none
     */
    public function upload(
        mixed $source,
        string $folder = 'uploads',
        ?string $contentType = null,
        array $metadata = [],
        ?string $filename = null,
        ?callable $progress = null,
        ?int $multipartThreshold = null,
        ?int $partSize = null,
        ?int $concurrency = null,
        bool $resume = false,
        ?string $stateDir = null,
        string|false|null $checksum = null,
    ): UploadedFile {
        $plan = ['multipartThreshold' => $multipartThreshold, 'partSize' => $partSize, 'concurrency' => $concurrency];
        return (new Uploader($this->transport))($source, $folder, $filename, $contentType, $metadata, $progress, $plan, $resume, $stateDir, $checksum);
    }

    /**
     * Uploads every file under `$dir` (sorted, relative paths kept: `a/b.txt` goes to
     * `$folder/a` as `b.txt`) and reports each file's result; one failure never stops the others.
     * Symlinks are followed only while their real path stays inside `$dir` (others fail with a
     * ValidationException naming the link). `concurrency` files go at once (1 to 64, default 4),
     * each an ordinary upload() (its parts in parallel too above `multipartThreshold`).
     *
     * @param list<string> $include globs over relative POSIX paths (`*`, `?` within a segment, `**` across); none: all
     * @param list<string> $exclude globs of paths to leave out
     * @param (callable(string $path, int $sent, ?int $total): mixed)|null $onFileProgress return false to cancel
     * @param (callable(array{loaded: int, total: int, filesDone: int, filesTotal: int}): mixed)|null $onProgress
     *        the whole tree's bytes and files; return false to cancel (the rest fail as AbortException)
     * @param array<string, string> $metadata given to every file, as the other upload() options
     */
    public function uploadDirectory(
        string $dir,
        string $folder = 'uploads',
        array $include = [],
        array $exclude = [],
        ?callable $onFileProgress = null,
        ?callable $onProgress = null,
        ?int $concurrency = null,
        array $metadata = [],
        ?int $multipartThreshold = null,
        ?int $partSize = null,
        string|false|null $checksum = null,
        bool $resume = false,
        ?string $stateDir = null,
    ): DirectoryUploadResult {
        Uploader::checkChecksum($checksum);
        $files = Plan::for(0, ['multipartThreshold' => $multipartThreshold, 'partSize' => $partSize, 'concurrency' => $concurrency])->concurrency;
        $walk = new Walk($dir, Glob::of($include, 'include'), Glob::of($exclude, 'exclude'));
        $options = compact('metadata', 'multipartThreshold', 'partSize', 'checksum', 'resume', 'stateDir');
        return (new DirectoryUploader($this, $folder, $files, $options, $onFileProgress, $onProgress))($walk);
    }

    /**
     * Continues a pending multipart upload (one whose upload() failed, say): sends the parts
     * storage does not list, then completes. The source must be the same bytes.
     *
     * @param string|resource|StreamInterface|Source $source
     * @param (callable(int $sent, ?int $total): mixed)|null $progress as for upload()
     */
    public function resumeUpload(string $fileId, mixed $source, ?callable $progress = null, ?int $concurrency = null, string|false|null $checksum = null): UploadedFile
    {
        Uploader::checkChecksum($checksum);
        $bytes = Source::from($source, 'resumed');
        $plan = Plan::for($bytes->size, ['concurrency' => $concurrency]);
        return (new MultipartUploader($this->transport, $plan, 'application/octet-stream', progress: $progress, checksum: $checksum))->resume(Validate::fileId($fileId), $bytes);
    }

    /**
     * @param array<string, string> $metadata
     * @param string|null $checksumSha256 base64 SHA-256 of the bytes: signed into the URL (send the returned headers exactly)
     */
    public function createPresignedUpload(string $filename, string $contentType, int $size, string $folder = 'uploads', array $metadata = [], ?string $checksumSha256 = null): PresignedUpload
    {
        return (new Presign($this->transport))($filename, $contentType, $size, $folder, $metadata, $checksumSha256);
    }

    /**
     * Marks an upload complete; safe to call again (e.g. with the fileId of a failed upload()).
     *
     * @param array<mixed>|null $parts a multipart upload's parts: ['partNumber' => 1, 'etag' => '"…"']
     *        arrays or UploadedPart objects (e.g. listUploadParts($fileId)->parts)
     */
    public function completeUpload(string $fileId, ?array $parts = null): UploadedFile
    {
        return (new Complete($this->transport))($fileId, $parts);
    }

    /**
     * Starts a multipart upload: then presignUploadParts(), PUT each part, and completeUpload()
     * with every part's ETag (or abortUpload()). Omit `size` for a stream of unknown length.
     *
     * @param array<string, string> $metadata
     */
    public function createMultipartUpload(string $filename, string $contentType, ?int $size = null, string $folder = 'uploads', array $metadata = [], ?int $partSize = null, ?string $checksumAlgorithm = null): MultipartUpload
    {
        return (new Create($this->transport))($filename, $contentType, $size, $folder, $metadata, $partSize, $checksumAlgorithm);
    }

    /**
     * One presigned URL per part (1 to 1000 part numbers per call).
     *
     * @param list<int> $partNumbers
     * @param array<int, string> $checksums part number => base64 SHA-256, required by an upload created with checksumAlgorithm 'SHA256'
     * @return list<PresignedPart>
     */
    public function presignUploadParts(string $fileId, array $partNumbers, array $checksums = []): array
    {
        return (new PresignParts($this->transport))($fileId, $partNumbers, $checksums);
    }

    /** The parts storage holds for a pending multipart upload, with their ETags and sizes. */
    public function listUploadParts(string $fileId): UploadPartList
    {
        return (new ListParts($this->transport))($fileId);
    }

    /** Abandons a pending upload (multipart or single PUT): storage frees it; the id reads 404 afterwards. */
    public function abortUpload(string $fileId): AbortedUpload
    {
        return (new Abort($this->transport))($fileId);
    }

    /**
     * Every file, newest first; pages of `limit` files are fetched as the loop reaches them.
     *
     * @param string|null $status `uploaded`, `pending` (uploads not completed yet) or `all`; backends
     *        with the multipart extension list `uploaded` by default
     * @return \Generator<int, UploadedFile>
     */
    public function listFiles(?int $limit = null, ?string $status = null): \Generator
    {
        return $this->files->list($limit, $status);
    }

    public function getFile(string $fileId): UploadedFile
    {
        return $this->files->get($fileId);
    }

    /** A download URL; pass expiresIn (1 to 604800 seconds) for a temporary one of that lifetime. */
    public function getFileAccessUrl(string $fileId, ?int $expiresIn = null): FileAccessUrl
    {
        return $this->files->accessUrl($fileId, $expiresIn);
    }

    /**
     * Downloads a file to `$destination`: streamed into a temp file beside it, which is renamed into
     * place only when every byte arrived and its size and SHA-256 match the file's (else an
     * IntegrityException, and nothing under that name). A broken connection continues with a Range
     * request from the last byte received, up to maxRetries times.
     *
     * @param (callable(int $loaded, int $total): mixed)|null $onProgress monotonic, ending with
     *        ($total, $total) once verified; return false to cancel (AbortException)
     * @param int|float|null $timeout the longest the transfer may stall, in seconds (default: the client's)
     * @param int|null $expiresIn lifetime of the access URL, 1 to 604800 seconds
     * @param bool $verify check the SHA-256 when the file has one (the size is always checked)
     * @param bool $overwrite replace an existing file at `$destination`
     */
    public function download(string $fileId, string $destination, ?callable $onProgress = null, int|float|null $timeout = null, ?int $expiresIn = null, bool $verify = true, bool $overwrite = true): DownloadedFile
    {
        return (new Downloader($this->transport, $this->files, $onProgress, $timeout, $expiresIn, $verify))->toPath($fileId, $destination, $overwrite);
    }

    /** The file's bytes, verified as download() does, held in memory. */
    public function downloadBytes(string $fileId, ?callable $onProgress = null, int|float|null $timeout = null, ?int $expiresIn = null, bool $verify = true): string
    {
        return (new Downloader($this->transport, $this->files, $onProgress, $timeout, $expiresIn, $verify))->bytes($fileId);
    }

    /**
     * Writes the file's bytes into `$stream` (STDOUT, a socket, fopen(..., 'wb')) as they arrive;
     * a size or SHA-256 mismatch is thrown at the end, when the bytes are already written.
     *
     * @param resource $stream
     */
    public function downloadStream(string $fileId, mixed $stream, ?callable $onProgress = null, int|float|null $timeout = null, ?int $expiresIn = null, bool $verify = true): DownloadedFile
    {
        return (new Downloader($this->transport, $this->files, $onProgress, $timeout, $expiresIn, $verify))->toStream($fileId, $stream);
    }

    public function deleteFile(string $fileId): DeletedFile
    {
        return $this->files->delete($fileId);
    }

    /** @return array<string, mixed> what var_dump() and print_r() show: never the API key itself */
    public function __debugInfo(): array
    {
        return $this->config->__debugInfo();
    }
}

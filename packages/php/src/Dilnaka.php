<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Types\DeletedFile;
use Dilnaka\Types\FileAccessUrl;
use Dilnaka\Types\PresignedUpload;
use Dilnaka\Types\UploadedFile;
use Dilnaka\Upload\Complete;
use Dilnaka\Upload\Presign;
use Dilnaka\Upload\Put;
use Dilnaka\Upload\Source;
use GuzzleHttp\Client;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Psr7\MimeType;
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
     * Uploads a file in three steps (presign, PUT the bytes straight to storage, complete) and returns it.
     *
     * @param string|resource|StreamInterface|Source $source a file path, an open stream, or
     *        Source::bytes($bytes, 'name.ext') for bytes held in a string
     * @param string|null $filename the name to store (default: the path's or stream's base name)
     * @param string|null $contentType the MIME type (default: guessed from the filename)
     * @param array<string, string> $metadata your own strings, returned with the file
     * @param (callable(int $sent, int $total): void)|null $progress called as bytes reach storage;
     *        monotonic, ending with ($total, $total)
     */
    public function upload(
        mixed $source,
        string $folder = 'uploads',
        ?string $filename = null,
        ?string $contentType = null,
        array $metadata = [],
        ?callable $progress = null,
    ): UploadedFile {
        $bytes = Source::from($source, $filename);
        $type = $contentType ?? MimeType::fromFilename($bytes->filename) ?? 'application/octet-stream';
        $presigned = $this->createPresignedUpload($bytes->filename, $type, $bytes->size, $folder, $metadata);
        (new Put($this->transport))($presigned, $bytes, $progress);
        return $this->completeUpload($presigned->fileId);
    }

    /** @param array<string, string> $metadata */
    public function createPresignedUpload(string $filename, string $contentType, int $size, string $folder = 'uploads', array $metadata = []): PresignedUpload
    {
        return (new Presign($this->transport))($filename, $contentType, $size, $folder, $metadata);
    }

    /** Marks an upload complete; safe to call again (e.g. with the fileId of a failed upload()). */
    public function completeUpload(string $fileId): UploadedFile
    {
        return (new Complete($this->transport))($fileId);
    }

    /**
     * Every file, newest first; pages of `limit` files are fetched as the loop reaches them.
     *
     * @return \Generator<int, UploadedFile>
     */
    public function listFiles(?int $limit = null): \Generator
    {
        return $this->files->list($limit);
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

<?php

declare(strict_types=1);

namespace Dilnaka\Download;

use Dilnaka\Errors\AbortException;
use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\IntegrityException;
use Dilnaka\Errors\StorageException;
use Dilnaka\Transport;
use Dilnaka\Upload\StorageFailure;
use GuzzleHttp\Psr7\FnStream;
use GuzzleHttp\Psr7\Utils;
use Psr\Http\Message\ResponseInterface;

/**
 * GETs a file's body from its access URL into a Target, through the client's one Guzzle stack
 * (curl writes each chunk into a sink that hashes, counts and writes it: nothing is held). When the
 * connection breaks or the body ends short, the next attempt asks for the rest only
 * (`Range: bytes=<received>-`, expecting 206 and a matching Content-Range; a 200 means storage
 * sends it all again: an owned target starts over, the caller's stream skips what it has), up to
 * maxRetries times with the step backoff. Storage's error answers become StorageFailure exceptions.
 *
 * @internal
 */
final class BodyFetch
{
    private const ERROR_BODY_BYTES = 4096;

    /** 'write', 'skip' (the first `$skip` bytes of a repeated body) or 'error' (a refusal's body, kept for its message). */
    private string $mode = 'write';
    private int $skip = 0;
    private string $errorBody = '';
    /** libcurl's largest receive buffer before 7.88 (later ones take up to 10 MiB). */
    private const CURL_BUFFER_BYTES = 512 * 1024;

    /** Why the sink stopped the transfer (cancel, too many bytes, a write failure, a wrong range). */
    private ?DilnakaException $stop = null;

    public function __construct(
        private readonly Transport $transport,
        private readonly float $timeout,
        private readonly string $fileId,
        private readonly int $size,
        private readonly Target $target,
        private readonly Verifier $verifier,
        private readonly Progress $progress,
    ) {
    }

    public function __invoke(string $url): void
    {
        $this->transport->retry->run(function () use ($url): void {
            $this->attempt($url);
        });
    }

    private function attempt(string $url): void
    {
        $from = $this->verifier->received();
        [$this->mode, $this->skip, $this->errorBody, $this->stop] = ['write', 0, '', null];
        $headers = ['Accept-Encoding' => 'identity'] + ($from > 0 ? ['Range' => "bytes=$from-"] : []);
        $options = [
            'http_errors' => false,
            'headers' => $headers,
            'decode_content' => false, // the bytes as stored: a Range is a range of them
            'connect_timeout' => $this->timeout,
            // As for uploads: fail only when the transfer stalls, never on its total duration.
            // 512 KiB per write callback (curl's default is 16 KiB): 32× fewer PHP calls per byte,
            // each of which writes, hashes and counts (bench/download.php).
            'curl' => [
                CURLOPT_LOW_SPEED_LIMIT => 1,
                CURLOPT_LOW_SPEED_TIME => (int) ceil($this->timeout),
                CURLOPT_BUFFERSIZE => self::CURL_BUFFER_BYTES,
            ],
            'on_headers' => fn (ResponseInterface $response) => $this->answered($response, $from),
            'sink' => FnStream::decorate(Utils::streamFor(''), [
                'write' => fn (string $data): int => $this->sink($data),
                'isSeekable' => static fn (): bool => false,
            ]),
        ];
        try {
            $response = $this->transport->send('download from storage', 'GET', $url, $options);
        } catch (ConnectionException $e) {
            if ($this->stop !== null) {
                throw $this->stop;
            }
            $class = $e::class; // a stall stays a TimeoutException
            throw new $class(
                "The download from storage broke off after {$this->verifier->received()} of {$this->size} bytes: {$e->detail()}",
                hint: $e->hint,
                fileId: $this->fileId,
                previous: $e,
            );
        }
        if ($this->stop !== null) {
            throw $this->stop;
        }
        if ($this->mode === 'error') {
            $failure = StorageFailure::fromResponse($response->withBody(Utils::streamFor($this->errorBody)));
            throw $failure->toException('the download', $this->fileId, $this->transport->retry->maxRetries);
        }
        if ($this->verifier->received() < $this->size) {
            // Retryable: the next attempt asks for the rest.
            throw new ConnectionException(
                "Storage ended the body after {$this->verifier->received()} of {$this->size} bytes.",
                hint: 'Check the network; the SDK continued with Range requests ' . $this->transport->retry->maxRetries . ' times.',
                fileId: $this->fileId,
            );
        }
    }

    /** Decides, from the status line and headers, what the body is before any of it arrives. */
    private function answered(ResponseInterface $response, int $from): void
    {
        $status = $response->getStatusCode();
        $this->mode = match (true) {
            $from === 0 && $status === 200, $from > 0 && $status === 206 => 'write',
            $from > 0 && $status === 200 => 'restart',
            default => 'error',
        };
        if ($this->mode === 'restart') {
            if ($this->target->restart()) {
                $this->verifier->reset();
                $this->mode = 'write';
            } else {
                [$this->mode, $this->skip] = ['skip', $from];
            }
        } elseif ($status === 206 && !self::rangeMatches($response->getHeaderLine('Content-Range'), $from, $this->size)) {
            $this->stop = new StorageException(
                "Storage answered the request for bytes $from- with Content-Range \"{$response->getHeaderLine('Content-Range')}\".",
                $status,
                'invalid_range',
                hint: 'The stored object changed or the store mishandles Range: download again.',
                fileId: $this->fileId,
            );
        } elseif ($status === 416) {
            $this->stop = new IntegrityException(
                "Storage holds fewer than $from bytes of file {$this->fileId}; the file has {$this->size}.",
                $status,
                'size_mismatch',
                hint: 'The stored object is shorter than its record: upload the file again.',
                fileId: $this->fileId,
            );
        }
    }

    /** Curl's write callback: a return value other than strlen($data) makes curl stop the transfer. */
    private function sink(string $data): int
    {
        $length = strlen($data);
        if ($this->stop !== null) {
            return 0;
        }
        if ($this->mode === 'error') {
            $this->errorBody .= substr($data, 0, max(0, self::ERROR_BODY_BYTES - strlen($this->errorBody)));
            return $length;
        }
        if ($this->mode === 'skip') {
            $dropped = min($this->skip, $length);
            $this->skip -= $dropped;
            $data = (string) substr($data, $dropped);
            $this->mode = $this->skip > 0 ? 'skip' : 'write';
        }
        if ($data === '') {
            return $length;
        }
        if ($this->verifier->received() + strlen($data) > $this->size) {
            $this->stop = new IntegrityException(
                "Storage sent more than the {$this->size} bytes of file {$this->fileId}.",
                errorCode: 'size_mismatch',
                hint: 'The stored object is longer than its record: upload the file again.',
                fileId: $this->fileId,
            );
            return 0;
        }
        try {
            $this->target->write($data);
        } catch (DilnakaException $e) {
            $this->stop = $e;
            return 0;
        }
        $this->verifier->update($data);
        if (!$this->progress->loaded($this->verifier->received())) {
            $this->stop = new AbortException('The download was cancelled: the progress callback returned false.', errorCode: 'aborted', hint: 'Nothing was kept under the destination name.', fileId: $this->fileId);
            return 0;
        }
        return $length;
    }

    private static function rangeMatches(string $contentRange, int $from, int $size): bool
    {
        return (bool) preg_match('~^bytes (\d+)-(\d+)/(\d+|\*)$~', trim($contentRange), $m)
            && (int) $m[1] === $from && (int) $m[2] === $size - 1 && ($m[3] === '*' || (int) $m[3] === $size);
    }
}

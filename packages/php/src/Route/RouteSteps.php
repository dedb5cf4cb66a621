<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Types\UploadedFile;
use Psr\Http\Message\ServerRequestInterface;

/**
 * The four steps of the route, each answering the JSON body of its 200 (spec/upload-route.yaml).
 * The refusals match the TypeScript helper's (packages/client/src/server/steps.ts) code for code.
 */
final class RouteSteps
{
    /** A single-PUT token lives as long as its upload URL, at most this long. */
    public const MAX_SINGLE_PUT_TOKEN_TTL = 3600;

    /**
     * @param \Closure(UploadIntent): mixed $onBeforeUpload
     * @param (\Closure(UploadedFile, UploadCompletion): mixed)|null $onUploadCompleted
     * @param \Closure(): (int|float) $clock
     */
    public function __construct(
        private readonly Dilnaka $client,
        #[\SensitiveParameter] private readonly string $tokenSecret,
        private readonly \Closure $onBeforeUpload,
        private readonly ?\Closure $onUploadCompleted,
        private readonly int $tokenTtl,
        private readonly \Closure $clock,
    ) {
    }

    /** @return array<string, mixed> */
    public function run(StepRequest $step, ServerRequestInterface $request): array
    {
        return match ($step->type) {
            'presign' => $this->presign($step, $request),
            'presignParts' => $this->presignParts($step),
            'complete' => $this->complete($step, $request),
            default => $this->abort($step),
        };
    }

    /** @return array<string, mixed> */
    private function presign(StepRequest $step, ServerRequestInterface $request): array
    {
        $intent = new UploadIntent($step->filename, $step->contentType, $step->size, $step->clientPayload, $request);
        $policy = UploadPolicy::from(($this->onBeforeUpload)($intent));
        $policy->check($intent); // before any call to Dilnaka: a refused upload reserves nothing
        $now = (int) ($this->clock)();
        if ($step->size > $policy->multipartThreshold) {
            $upload = $this->client->createMultipartUpload($step->filename, $step->contentType, $step->size, $policy->folder, $policy->metadata, $policy->partSize);
            $claims = new TokenClaims($upload->fileId, $step->size, true, $now + $this->tokenTtl, $step->clientPayload);
            $count = $upload->partCount ?? max(1, (int) ceil($step->size / $upload->partSize));
            return $this->presigned($claims, null, ['partSize' => $upload->partSize, 'partCount' => $count]);
        }
        // A checksum is signed into the URL: storage then refuses any other bytes (400 BadDigest).
        $presigned = $this->client->createPresignedUpload($step->filename, $step->contentType, $step->size, $policy->folder, $policy->metadata, $step->checksumSha256);
        $ttl = min($this->tokenTtl, $presigned->expiresIn, self::MAX_SINGLE_PUT_TOKEN_TTL);
        $claims = new TokenClaims($presigned->fileId, $step->size, false, $now + $ttl, $step->clientPayload);
        $put = ['url' => $presigned->uploadUrl, 'method' => 'PUT', 'headers' => (object) $presigned->headers, 'expiresIn' => $presigned->expiresIn];
        return $this->presigned($claims, $put, null);
    }

    /**
     * @param array<string, mixed>|null $upload
     * @param array<string, mixed>|null $multipart
     * @return array<string, mixed>
     */
    private function presigned(TokenClaims $claims, ?array $upload, ?array $multipart): array
    {
        return [
            'type' => 'presign',
            'fileId' => $claims->fileId,
            'token' => CompletionToken::sign($claims, $this->tokenSecret),
            'tokenExpiresAt' => $claims->expiresAt,
            'upload' => $upload,
            'multipart' => $multipart,
        ];
    }

    /** @return array<string, mixed> */
    private function presignParts(StepRequest $step): array
    {
        if (!$this->verify($step)->multipart) {
            throw RouteRefusal::invalidRequest('This upload is a single PUT: it has no parts to presign.');
        }
        try {
            $presigned = $this->client->presignUploadParts($step->fileId, $step->partNumbers);
        } catch (DilnakaException $e) {
            throw $e->errorCode === 'upload_already_completed' ? self::used() : $e;
        }
        $parts = [];
        foreach ($presigned as $part) {
            $parts[] = ['partNumber' => $part->partNumber, 'url' => $part->url, 'method' => 'PUT', 'headers' => (object) $part->headers, 'expiresIn' => $part->expiresIn];
        }
        return ['type' => 'presignParts', 'parts' => $parts];
    }

    /** @return array<string, mixed> */
    private function complete(StepRequest $step, ServerRequestInterface $request): array
    {
        $claims = $this->verify($step);
        if ($claims->multipart && ($step->parts === null || $step->parts === [])) {
            throw RouteRefusal::invalidRequest("A multipart upload completes with `parts`: every part's number and ETag.");
        }
        if (!$claims->multipart && $step->parts !== null) {
            throw RouteRefusal::invalidRequest('A single-PUT upload completes without `parts`.');
        }
        // Single use: complete is idempotent at the API, so a replayed token is refused here, before
        // it could run onUploadCompleted a second time.
        $pending = $this->client->getFile($step->fileId);
        if ($pending->status === 'uploaded') {
            throw self::used();
        }
        if ($claims->size !== null && $pending->size !== $claims->size) {
            throw new RouteRefusal(403, 'token_mismatch', 'The completion token was issued for a file of another size.');
        }
        $file = $this->client->completeUpload($step->fileId, $step->parts);
        if ($this->onUploadCompleted !== null) {
            try {
                ($this->onUploadCompleted)($file, new UploadCompletion($claims->clientPayload, $request));
            } catch (\Throwable $e) {
                // The bytes are stored: the page must not retry, the operator must see why.
                error_log("dilnaka upload route: onUploadCompleted failed for {$file->id}: " . get_class($e) . ': ' . $e->getMessage());
                throw new RouteRefusal(500, 'upload_callback_failed', "The file is stored, but the site could not record it; contact the site's operator.");
            }
        }
        return ['type' => 'complete', 'file' => self::fileJson($file)];
    }

    /** @return array<string, mixed> */
    private function abort(StepRequest $step): array
    {
        $this->verify($step);
        try {
            return ['type' => 'abort', 'fileId' => $step->fileId, 'aborted' => $this->client->abortUpload($step->fileId)->aborted];
        } catch (DilnakaException $e) {
            if ($e->errorCode === 'upload_already_completed') {
                throw self::used();
            }
            if (!in_array($e->status, [404, 405, 501], true)) {
                throw $e;
            }
        }
        // A backend without abortUpload: delete the pending file, never a completed one.
        if ($this->client->getFile($step->fileId)->status === 'uploaded') {
            throw self::used();
        }
        $this->client->deleteFile($step->fileId);
        return ['type' => 'abort', 'fileId' => $step->fileId, 'aborted' => true];
    }

    private function verify(StepRequest $step): TokenClaims
    {
        return CompletionToken::verify($step->token, $step->fileId, $this->tokenSecret, ($this->clock)());
    }

    private static function used(): RouteRefusal
    {
        return new RouteRefusal(403, 'token_used', 'This upload is already completed; its token cannot be used again.');
    }

    /**
     * The Dilnaka `File` as the API spells it (the fields the SDK reads; null ones left out).
     *
     * @return array<string, mixed>
     */
    public static function fileJson(UploadedFile $file): array
    {
        return array_filter([
            'fileId' => $file->id,
            'status' => $file->status,
            'key' => $file->key,
            'originalName' => $file->originalName,
            'contentType' => $file->contentType,
            'size' => $file->size,
            'publicUrl' => $file->publicUrl,
            'metadata' => (object) $file->metadata,
            'createdAt' => $file->createdAt,
            'checksumSha256' => $file->checksumSha256,
            'partSize' => $file->partSize,
        ], static fn (mixed $value): bool => $value !== null);
    }
}

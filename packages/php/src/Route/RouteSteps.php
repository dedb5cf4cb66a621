<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Dilnaka\Dilnaka;
use Dilnaka\Types\UploadedFile;
use Psr\Http\Message\ServerRequestInterface;

/** The four steps of the route, each answering the JSON body of its 200 (spec/upload-route.yaml). */
final class RouteSteps
{
    /** A single-PUT token lives as long as its upload URL, at most this long. */
    public const MAX_SINGLE_PUT_TOKEN_TTL = 3600;

    /**
     * @param \Closure(UploadIntent): mixed $onBeforeUpload
     * @param (\Closure(UploadedFile): mixed)|null $onUploadCompleted
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
            'complete' => $this->complete($step),
            default => $this->abort($step),
        };
    }

    /** @return array<string, mixed> */
    private function presign(StepRequest $step, ServerRequestInterface $request): array
    {
        $intent = new UploadIntent($step->filename, $step->contentType, $step->size, $step->clientPayload, $request);
        $policy = UploadPolicy::from(($this->onBeforeUpload)($intent));
        $policy->check($intent); // before any call to Dilnaka: a refused upload reserves nothing
        if ($step->size > $policy->multipartThreshold) {
            $upload = $this->client->createMultipartUpload($step->filename, $step->contentType, $step->size, $policy->folder, $policy->metadata, $policy->partSize);
            $claims = new TokenClaims($upload->fileId, $step->size, true, $this->now() + $this->tokenTtl);
            return $this->presigned($claims, null, ['partSize' => $upload->partSize, 'partCount' => $upload->partCount]);
        }
        // A checksum is signed into the URL: storage then refuses any other bytes (400 BadDigest).
        $presigned = $this->client->createPresignedUpload($step->filename, $step->contentType, $step->size, $policy->folder, $policy->metadata, $step->checksumSha256);
        $claims = new TokenClaims($presigned->fileId, $step->size, false, $this->now() + min($presigned->expiresIn, self::MAX_SINGLE_PUT_TOKEN_TTL));
        $put = ['url' => $presigned->uploadUrl, 'method' => $presigned->method, 'headers' => (object) $presigned->headers, 'expiresIn' => $presigned->expiresIn];
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
        $this->verify($step);
        $parts = [];
        foreach ($this->client->presignUploadParts($step->fileId, $step->partNumbers) as $part) {
            $parts[] = ['partNumber' => $part->partNumber, 'url' => $part->url, 'method' => $part->method, 'headers' => (object) $part->headers, 'expiresIn' => $part->expiresIn];
        }
        return ['type' => 'presignParts', 'parts' => $parts];
    }

    /** @return array<string, mixed> */
    private function complete(StepRequest $step): array
    {
        $this->verify($step);
        // Single use: a completed file means this token already did its job (and ran onUploadCompleted).
        if ($this->client->getFile($step->fileId)->status === 'uploaded') {
            throw new RouteRefusal(403, 'token_used', 'This upload is already completed; its completion token cannot be used again.');
        }
        $file = $this->client->completeUpload($step->fileId, $step->parts);
        if ($this->onUploadCompleted !== null) {
            ($this->onUploadCompleted)($file);
        }
        return ['type' => 'complete', 'file' => self::fileJson($file)];
    }

    /** @return array<string, mixed> */
    private function abort(StepRequest $step): array
    {
        $this->verify($step);
        $aborted = $this->client->abortUpload($step->fileId);
        return ['type' => 'abort', 'fileId' => $aborted->fileId, 'aborted' => $aborted->aborted];
    }

    private function verify(StepRequest $step): TokenClaims
    {
        return CompletionToken::verify($step->token, $step->fileId, $this->tokenSecret, $this->now());
    }

    private function now(): int
    {
        return (int) ($this->clock)();
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

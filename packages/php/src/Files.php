<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\DilnakaException;
use Dilnaka\Types\DeletedFile;
use Dilnaka\Types\FileAccessUrl;
use Dilnaka\Types\UploadedFile;

/** The `files` operations: list (every page), get, access URL, delete. */
final class Files
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * Yields every file, newest first, fetching the next page (`nextCursor`) only when the caller
     * gets there. Accepts the bare-array answer of older backends (one page, no cursor).
     *
     * @return \Generator<int, UploadedFile>
     */
    public function list(?int $limit = null, ?string $status = null): \Generator
    {
        // Checked now, not at the first iteration, so bad input fails where it is passed.
        return $this->pages(Validate::pageSize($limit), Validate::listStatus($status));
    }

    /** @return \Generator<int, UploadedFile> */
    private function pages(?int $limit, ?string $status): \Generator
    {
        $cursor = null;
        $seen = [];
        do {
            $query = array_filter(['limit' => $limit, 'status' => $status, 'cursor' => $cursor], static fn ($v): bool => $v !== null);
            $page = $this->transport->api('listFiles', 'GET', '/v1/files', $query);
            $items = array_is_list($page) ? $page : ($page['files'] ?? []);
            foreach (is_array($items) ? $items : [] as $item) {
                if (is_array($item)) {
                    yield UploadedFile::fromArray($item);
                }
            }
            $cursor = !array_is_list($page) && is_string($page['nextCursor'] ?? null) && $page['nextCursor'] !== '' ? $page['nextCursor'] : null;
            if ($cursor !== null && isset($seen[$cursor])) {
                // A backend that hands out the same cursor twice would make this loop forever.
                throw new DilnakaException("listFiles: the API returned the cursor \"$cursor\" twice.", hint: 'Report this to Dilnaka support.');
            }
            $seen[(string) $cursor] = true;
        } while ($cursor !== null);
    }

    public function get(string $fileId): UploadedFile
    {
        $id = Validate::fileId($fileId);
        return UploadedFile::fromArray($this->aboutFile($fileId, fn () => $this->transport->api('getFile', 'GET', '/v1/files/' . $id)));
    }

    public function accessUrl(string $fileId, ?int $expiresIn = null): FileAccessUrl
    {
        $id = Validate::fileId($fileId);
        $expiresIn = Validate::expiresIn($expiresIn);
        $query = $expiresIn !== null ? ['expiresIn' => $expiresIn] : [];
        return FileAccessUrl::fromArray($this->aboutFile($fileId, fn () => $this->transport->api('getFileAccessUrl', 'GET', "/v1/files/$id/access-url", $query)));
    }

    public function delete(string $fileId): DeletedFile
    {
        $id = Validate::fileId($fileId);
        return DeletedFile::fromArray($this->aboutFile($fileId, fn () => $this->transport->api('deleteFile', 'DELETE', '/v1/files/' . $id)), $id);
    }

    /**
     * A failed call about one file names that file (`$e->fileId`), as upload errors do once the
     * id is known, so a caller handling many files can tell which one failed.
     *
     * @param \Closure(): array<mixed> $call
     * @return array<mixed>
     */
    private function aboutFile(string $fileId, \Closure $call): array
    {
        try {
            return $call();
        } catch (DilnakaException $e) {
            throw $e->fileId === null ? $e->withFileId(trim($fileId)) : $e;
        }
    }
}

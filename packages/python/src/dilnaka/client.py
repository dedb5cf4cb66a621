"""`Dilnaka`, the synchronous client (a drop-in replacement for the 0.0.8 class)."""

from __future__ import annotations

import warnings
from typing import Any, Iterator, List, Mapping, Optional, Sequence

import httpx

from . import _parse, files
from ._pagination import FilePager, Page
from ._transport import SyncTransport
from .config import DilnakaConfig, PathLike, load_config
from .download import run_sync as run_download
from .download.options import DownloadOptions
from .types import (
    AbortedUpload,
    DeletedFile,
    DownloadedFile,
    FileAccessUrl,
    MultipartUpload,
    PresignedPart,
    PresignedUpload,
    ProgressCallback,
    UploadedFile,
    UploadPartList,
)
from .upload import flow
from .upload.checksum import ChecksumOption
from .upload.complete import complete_call
from .upload.directory import run_sync as directory_run_sync
from .upload.directory.plan import plan_tree
from .upload.directory.result import DirectoryProgressCallback, DirectoryUploadResult, FileProgressCallback
from .upload.multipart import calls, run_sync
from .upload.options import UploadOptions, resume_source
from .upload.presign import presign_call
from .upload.source import Source, resolve_source


class Dilnaka:
    """Upload, list, share and delete files in Dilnaka Storage.

    Configuration: explicit argument > environment (`DILNAKA_API_KEY`, `DILNAKA_BASE_URL`,
    `DILNAKA_TIMEOUT`, `DILNAKA_MAX_RETRIES`) > `.env` (read, never copied into `os.environ`) > default.
    Use it as a context manager, or call `close()`, to release its connections.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        timeout: Optional[float] = None,
        env_file: Optional[PathLike] = None,
        session: Any = None,
        *,
        base_url: Optional[str] = None,
        max_retries: Optional[int] = None,
        http_client: Optional[httpx.Client] = None,
    ) -> None:
        if session is not None:
            warnings.warn(
                "Dilnaka(session=...) is ignored: the client uses httpx now; pass http_client=httpx.Client(...).",
                DeprecationWarning,
                stacklevel=2,
            )
        self.config: DilnakaConfig = load_config(api_key, timeout, env_file, base_url=base_url, max_retries=max_retries)
        self._transport = SyncTransport(self.config, http_client)

    def __repr__(self) -> str:
        return f"Dilnaka(base_url={self.config.base_url!r}, config={self.config!r})"

    def __enter__(self) -> Dilnaka:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections (not those of an `http_client` you passed in)."""
        self._transport.close()

    def upload(
        self,
        file_path: Source,
        folder: str = "uploads",
        content_type: Optional[str] = None,
        metadata: Optional[Mapping[str, str]] = None,
        *,
        filename: Optional[str] = None,
        progress: Optional[ProgressCallback] = None,
        multipart_threshold: Optional[int] = None,
        part_size: Optional[int] = None,
        concurrency: Optional[int] = None,
        resume: bool = False,
        state_dir: Optional[PathLike] = None,
        checksum: ChecksumOption = None,
    ) -> UploadedFile:
        """Upload a path, `bytes`, a binary file object or an iterator of bytes (of unknown size).

        `file_path` keeps its 0.0.8 name (callers pass it by keyword) but takes any of them.
        Up to `multipart_threshold` bytes (64 MiB): presign, one streamed PUT, complete. Above it,
        or for an iterator: a multipart upload in `part_size` parts (16 MiB), `concurrency` (4) at
        a time. `resume=True` (paths only) keeps a state file under `state_dir` so that the same
        call after a crash sends only the parts storage lacks.

        `checksum`: by default bytes in memory and every multipart part carry their SHA-256, which
        storage verifies (a mismatch is an `IntegrityError`); `"sha256"` also hashes a file sent in
        one PUT (a pre-pass over it); `False` sends none.

        `progress(sent, total)` is called as bytes reach storage, ending with `(total, total)`.
        If a step fails after the upload was reserved, the error carries `file_id`.
        """
        resolved = resolve_source(file_path, filename, content_type)
        options = UploadOptions(
            folder, metadata, multipart_threshold, part_size, concurrency, resume, state_dir, checksum
        )
        return flow.upload(self._transport, resolved, options, progress)

    def upload_directory(
        self,
        directory: PathLike,
        *,
        folder: str = "uploads",
        concurrency: Optional[int] = None,
        include: Optional[Sequence[str]] = None,
        exclude: Optional[Sequence[str]] = None,
        on_file_progress: Optional[FileProgressCallback] = None,
        on_progress: Optional[DirectoryProgressCallback] = None,
        metadata: Optional[Mapping[str, str]] = None,
        multipart_threshold: Optional[int] = None,
        part_size: Optional[int] = None,
        part_concurrency: Optional[int] = None,
        resume: bool = False,
        state_dir: Optional[PathLike] = None,
        checksum: ChecksumOption = None,
    ) -> DirectoryUploadResult:
        """Upload every file under `directory`, `concurrency` (4) files at a time.

        Each file goes to `folder + "/" + its relative directory` under its own name. `include` /
        `exclude`: glob lists over POSIX relative paths (`*`, `**`, `?`). Symlinks are followed only
        inside `directory`. Returns every file's result, sorted by path: `uploaded` [(path, file)]
        and `failed` [(path, error)]; one failure never stops the others. `on_file_progress(path,
        sent, total)`; `on_progress(DirectoryProgress)` over all files. The other options apply to
        each file as in `upload()` (`part_concurrency` is its `concurrency`).
        """
        options = UploadOptions(
            folder, metadata, multipart_threshold, part_size, part_concurrency, resume, state_dir, checksum
        )
        tree = plan_tree(directory, concurrency, include, exclude, options, (on_file_progress, on_progress))
        return directory_run_sync.upload_tree(
            self._transport, tree, options, concurrency, on_file_progress, on_progress
        )

    def resume_upload(
        self,
        file_id: str,
        source: Source,
        *,
        filename: Optional[str] = None,
        concurrency: Optional[int] = None,
        progress: Optional[ProgressCallback] = None,
    ) -> UploadedFile:
        """Continue a pending multipart upload from the same bytes: sends only the parts storage lacks."""
        resolved, plan = resume_source(source, filename, concurrency, self._transport.http)
        return run_sync.resume_upload(self._transport, file_id, resolved, plan, progress)

    def create_presigned_upload(
        self,
        filename: str,
        content_type: str,
        size: int,
        folder: str = "uploads",
        metadata: Optional[Mapping[str, str]] = None,
        *,
        checksum_sha256: Optional[str] = None,
    ) -> PresignedUpload:
        return _parse.presigned_upload(
            self._transport.call(presign_call(filename, content_type, size, folder, metadata, checksum_sha256))
        )

    def complete_upload(self, file_id: str, parts: Optional[Sequence[Any]] = None) -> UploadedFile:
        """Finish an upload; for a multipart one pass `parts` (each with `part_number` and `etag`)."""
        return _parse.uploaded_file(self._transport.call(complete_call(file_id, parts)))

    def create_multipart_upload(
        self,
        filename: str,
        content_type: str,
        size: Optional[int] = None,
        folder: str = "uploads",
        metadata: Optional[Mapping[str, str]] = None,
        part_size: Optional[int] = None,
        *,
        checksum_algorithm: Optional[str] = None,
    ) -> MultipartUpload:
        """Start a multipart upload (`size` None for a stream of unknown length); with
        `checksum_algorithm="SHA256"` every part must be presigned and completed with its checksum."""
        call = calls.create_multipart_call(
            filename, content_type, size, folder, metadata, part_size, checksum_algorithm
        )
        return _parse.multipart_upload(self._transport.call(call))

    def presign_upload_parts(
        self, file_id: str, part_numbers: Sequence[int], checksums: Optional[Mapping[int, str]] = None
    ) -> List[PresignedPart]:
        """Presigned URLs for up to 1,000 parts, in the order asked (`checksums`: part → base64 SHA-256)."""
        return _parse.presigned_parts(self._transport.call(calls.presign_parts_call(file_id, part_numbers, checksums)))

    def list_upload_parts(self, file_id: str) -> UploadPartList:
        """The parts storage holds for a pending multipart upload."""
        return _parse.upload_part_list(self._transport.call(calls.list_parts_call(file_id)))

    def abort_upload(self, file_id: str) -> AbortedUpload:
        """Abandon a pending upload (multipart or single PUT): storage frees its parts."""
        return _parse.aborted_upload(self._transport.call(calls.abort_call(file_id)))

    def list_files(self, limit: Optional[int] = None, status: Optional[str] = None) -> FilePager:
        """Every file, newest first, fetched `limit` per page as you iterate.

        `status`: `uploaded` (the backend's default), `pending` (not completed yet) or `all`."""
        files.list_files_page(limit, None, status)  # validates now, not at the first iteration

        def fetch_page(cursor: Optional[str]) -> Page:
            return _parse.file_page(self._transport.call(files.list_files_page(limit, cursor, status)))

        return FilePager(fetch_page)

    def get_file(self, file_id: str) -> UploadedFile:
        return _parse.uploaded_file(self._transport.call(files.get_file(file_id)))

    def get_file_access_url(self, file_id: str, expires_in: Optional[int] = None) -> FileAccessUrl:
        """A download URL; pass `expires_in` (seconds, 1 to 604800) for a temporary one."""
        access = _parse.file_access_url(self._transport.call(files.get_file_access_url(file_id, expires_in)))
        _parse.log_warning(access)
        return access

    def delete_file(self, file_id: str) -> DeletedFile:
        return _parse.deleted_file(self._transport.call(files.delete_file(file_id)))

    def download(
        self,
        file_id: str,
        destination: PathLike,
        *,
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
        expires_in: Optional[int] = None,
        verify: bool = True,
        overwrite: bool = True,
    ) -> DownloadedFile:
        """Download a file to `destination`, streamed to a temp file beside it and renamed only
        once complete and verified (size, and the file's SHA-256 when it has one).

        A reset mid-body continues with a `Range` request (up to `max_retries` times). A mismatch
        is an `IntegrityError`; no file is left under `destination` on any failure.
        `on_progress(received, total)`; `timeout`: seconds without a byte; `expires_in`: the access
        URL's lifetime; `overwrite=False` refuses an existing destination.
        """
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return run_download.download(self._transport, file_id, destination, options, overwrite)

    def download_bytes(
        self,
        file_id: str,
        *,
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
        expires_in: Optional[int] = None,
        verify: bool = True,
    ) -> bytes:
        """The file's bytes, verified as `download` does (the whole file is held in memory)."""
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return run_download.download_bytes(self._transport, file_id, options)

    def download_stream(
        self,
        file_id: str,
        *,
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
        expires_in: Optional[int] = None,
        verify: bool = True,
    ) -> Iterator[bytes]:
        """The file's bytes as they arrive: `for chunk in client.download_stream(file_id): ...`.

        Chunks are handed over before the whole file is verified: a mismatch raises
        `IntegrityError` at the end of the iteration, so discard what you kept if it does."""
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return run_download.download_stream(self._transport, file_id, options)

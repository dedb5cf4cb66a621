"""`AsyncDilnaka`: the same methods as `Dilnaka`, awaitable, on `httpx.AsyncClient`."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, List, Mapping, Optional, Sequence

import httpx

from . import _parse, files
from ._pagination import AsyncFilePager, Page
from ._transport import AsyncTransport
from .config import DilnakaConfig, PathLike, load_config
from .download import run_async as run_download
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
from .upload.directory import run_async as directory_run_async
from .upload.directory.plan import plan_tree
from .upload.directory.result import DirectoryProgressCallback, DirectoryUploadResult, FileProgressCallback
from .upload.multipart import calls, run_async
from .upload.options import UploadOptions, resume_source
from .upload.presign import presign_call
from .upload.source import AsyncSource, Source, resolve_source


class AsyncDilnaka:
    """Async Dilnaka client: `async with AsyncDilnaka() as client: await client.upload(...)`."""

    def __init__(
        self,
        api_key: Optional[str] = None,
        timeout: Optional[float] = None,
        env_file: Optional[PathLike] = None,
        *,
        base_url: Optional[str] = None,
        max_retries: Optional[int] = None,
        http_client: Optional[httpx.AsyncClient] = None,
    ) -> None:
        self.config: DilnakaConfig = load_config(api_key, timeout, env_file, base_url=base_url, max_retries=max_retries)
        self._transport = AsyncTransport(self.config, http_client)

    def __repr__(self) -> str:
        return f"AsyncDilnaka(base_url={self.config.base_url!r}, config={self.config!r})"

    async def __aenter__(self) -> AsyncDilnaka:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.close()

    async def upload(
        self,
        file_path: AsyncSource,
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
        """As `Dilnaka.upload`; also takes an async iterator of bytes. Cancelling it aborts the upload."""
        resolved = resolve_source(file_path, filename, content_type, streams_async=True)
        options = UploadOptions(
            folder, metadata, multipart_threshold, part_size, concurrency, resume, state_dir, checksum
        )
        return await flow.upload_async(self._transport, resolved, options, progress)

    async def upload_directory(
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
        """As `Dilnaka.upload_directory`, files as tasks; cancelling it cancels those in flight."""
        options = UploadOptions(
            folder, metadata, multipart_threshold, part_size, part_concurrency, resume, state_dir, checksum
        )
        # The walk stats every file: in a thread, so a large tree does not hold the event loop.
        callbacks = (on_file_progress, on_progress)
        tree = await asyncio.to_thread(plan_tree, directory, concurrency, include, exclude, options, callbacks)
        return await directory_run_async.upload_tree(
            self._transport, tree, options, concurrency, on_file_progress, on_progress
        )

    async def resume_upload(
        self,
        file_id: str,
        source: Source,
        *,
        filename: Optional[str] = None,
        concurrency: Optional[int] = None,
        progress: Optional[ProgressCallback] = None,
    ) -> UploadedFile:
        resolved, plan = resume_source(source, filename, concurrency, self._transport.http)
        return await run_async.resume_upload(self._transport, file_id, resolved, plan, progress)

    async def create_presigned_upload(
        self,
        filename: str,
        content_type: str,
        size: int,
        folder: str = "uploads",
        metadata: Optional[Mapping[str, str]] = None,
        *,
        checksum_sha256: Optional[str] = None,
    ) -> PresignedUpload:
        call = presign_call(filename, content_type, size, folder, metadata, checksum_sha256)
        return _parse.presigned_upload(await self._transport.call(call))

    async def complete_upload(self, file_id: str, parts: Optional[Sequence[Any]] = None) -> UploadedFile:
        return _parse.uploaded_file(await self._transport.call(complete_call(file_id, parts)))

    async def create_multipart_upload(
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
        call = calls.create_multipart_call(
            filename, content_type, size, folder, metadata, part_size, checksum_algorithm
        )
        return _parse.multipart_upload(await self._transport.call(call))

    async def presign_upload_parts(
        self, file_id: str, part_numbers: Sequence[int], checksums: Optional[Mapping[int, str]] = None
    ) -> List[PresignedPart]:
        return _parse.presigned_parts(
            await self._transport.call(calls.presign_parts_call(file_id, part_numbers, checksums))
        )

    async def list_upload_parts(self, file_id: str) -> UploadPartList:
        return _parse.upload_part_list(await self._transport.call(calls.list_parts_call(file_id)))

    async def abort_upload(self, file_id: str) -> AbortedUpload:
        return _parse.aborted_upload(await self._transport.call(calls.abort_call(file_id)))

    def list_files(self, limit: Optional[int] = None, status: Optional[str] = None) -> AsyncFilePager:
        """`async for file in client.list_files():` pages are fetched as you iterate."""
        files.list_files_page(limit, None, status)

        async def fetch_page(cursor: Optional[str]) -> Page:
            return _parse.file_page(await self._transport.call(files.list_files_page(limit, cursor, status)))

        return AsyncFilePager(fetch_page)

    async def get_file(self, file_id: str) -> UploadedFile:
        return _parse.uploaded_file(await self._transport.call(files.get_file(file_id)))

    async def get_file_access_url(self, file_id: str, expires_in: Optional[int] = None) -> FileAccessUrl:
        call = files.get_file_access_url(file_id, expires_in)
        access = _parse.file_access_url(await self._transport.call(call))
        _parse.log_warning(access)
        return access

    async def delete_file(self, file_id: str) -> DeletedFile:
        return _parse.deleted_file(await self._transport.call(files.delete_file(file_id)))

    async def download(
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
        """As `Dilnaka.download`; cancelling the task leaves no file under `destination`."""
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return await run_download.download(self._transport, file_id, destination, options, overwrite)

    async def download_bytes(
        self,
        file_id: str,
        *,
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
        expires_in: Optional[int] = None,
        verify: bool = True,
    ) -> bytes:
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return await run_download.download_bytes(self._transport, file_id, options)

    def download_stream(
        self,
        file_id: str,
        *,
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
        expires_in: Optional[int] = None,
        verify: bool = True,
    ) -> AsyncIterator[bytes]:
        """`async for chunk in client.download_stream(file_id):`; a mismatch raises at the end."""
        options = DownloadOptions(on_progress, timeout, expires_in, verify)
        return run_download.download_stream(self._transport, file_id, options)

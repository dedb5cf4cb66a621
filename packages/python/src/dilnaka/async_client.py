"""`AsyncDilnaka`: the same methods as `Dilnaka`, awaitable, on `httpx.AsyncClient`."""

from __future__ import annotations

from typing import Mapping, Optional

import httpx

from . import _parse, files
from ._pagination import AsyncFilePager, Page
from ._transport import AsyncTransport
from .config import DilnakaConfig, PathLike, load_config
from .types import DeletedFile, FileAccessUrl, PresignedUpload, ProgressCallback, UploadedFile
from .upload import flow
from .upload.complete import complete_call
from .upload.presign import presign_call
from .upload.source import Source, resolve_source


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
        file_path: Source,
        folder: str = "uploads",
        content_type: Optional[str] = None,
        metadata: Optional[Mapping[str, str]] = None,
        *,
        filename: Optional[str] = None,
        progress: Optional[ProgressCallback] = None,
    ) -> UploadedFile:
        resolved = resolve_source(file_path, filename, content_type)
        return await flow.upload_async(self._transport, resolved, folder, metadata, progress)

    async def create_presigned_upload(
        self,
        filename: str,
        content_type: str,
        size: int,
        folder: str = "uploads",
        metadata: Optional[Mapping[str, str]] = None,
    ) -> PresignedUpload:
        call = presign_call(filename, content_type, size, folder, metadata)
        return _parse.presigned_upload(await self._transport.call(call))

    async def complete_upload(self, file_id: str) -> UploadedFile:
        return _parse.uploaded_file(await self._transport.call(complete_call(file_id)))

    def list_files(self, limit: Optional[int] = None) -> AsyncFilePager:
        """`async for file in client.list_files():` pages are fetched as you iterate."""
        files.list_files_page(limit, None)

        async def fetch_page(cursor: Optional[str]) -> Page:
            return _parse.file_page(await self._transport.call(files.list_files_page(limit, cursor)))

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

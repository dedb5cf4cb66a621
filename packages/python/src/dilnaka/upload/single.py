"""One PUT: presign → PUT the bytes → complete, each step retried on its own.

Any failure after the presign carries `file_id`, so the caller can finish the upload later with
`complete_upload(file_id)` (or clean up with `delete_file(file_id)`).
"""

from __future__ import annotations

from typing import AsyncGenerator, Generator, List, Mapping, Optional

import httpx

from .. import _parse
from .._transport import AsyncTransport, SyncTransport
from ..errors import DilnakaError
from ..types import PresignedUpload, ProgressCallback, UploadedFile
from .complete import complete_call
from .presign import presign_call
from .put import ProgressCounter, async_chunks, chunks, put_request, storage_error
from .source import UploadSource


def upload(
    transport: SyncTransport,
    source: UploadSource,
    folder: str,
    metadata: Optional[Mapping[str, str]],
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    call = presign_call(source.filename, source.content_type, source.size, folder, metadata)
    presigned = _parse.presigned_upload(transport.call(call))
    try:
        put_bytes(transport, presigned, source, progress)
        return _parse.uploaded_file(transport.call(complete_call(presigned.file_id)))
    except DilnakaError as error:
        error.file_id = presigned.file_id
        raise


def put_bytes(
    transport: SyncTransport,
    presigned: PresignedUpload,
    source: UploadSource,
    progress: Optional[ProgressCallback],
) -> None:
    counter = ProgressCounter(progress, source.size)
    bodies: List[Generator[bytes, None, None]] = []

    def build() -> httpx.Request:
        bodies.append(chunks(source, counter))
        return put_request(transport.http, presigned, source.size, bodies[-1], transport.config.timeout)

    try:
        transport.send(build, storage_error)
    finally:
        for body in bodies:  # closes the file of an attempt that stopped half-way
            body.close()


async def upload_async(
    transport: AsyncTransport,
    source: UploadSource,
    folder: str,
    metadata: Optional[Mapping[str, str]],
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    call = presign_call(source.filename, source.content_type, source.size, folder, metadata)
    presigned = _parse.presigned_upload(await transport.call(call))
    try:
        await put_bytes_async(transport, presigned, source, progress)
        return _parse.uploaded_file(await transport.call(complete_call(presigned.file_id)))
    except DilnakaError as error:
        error.file_id = presigned.file_id
        raise


async def put_bytes_async(
    transport: AsyncTransport,
    presigned: PresignedUpload,
    source: UploadSource,
    progress: Optional[ProgressCallback],
) -> None:
    counter = ProgressCounter(progress, source.size)
    bodies: List[AsyncGenerator[bytes, None]] = []

    def build() -> httpx.Request:
        bodies.append(async_chunks(source, counter))
        return put_request(transport.http, presigned, source.size, bodies[-1], transport.config.timeout)

    try:
        await transport.send(build, storage_error)
    finally:
        for body in bodies:
            await body.aclose()

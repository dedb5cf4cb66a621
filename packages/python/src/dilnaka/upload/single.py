"""One PUT: presign → PUT the bytes → complete, each step retried on its own.

Any failure after the presign carries `file_id`. A PUT that fails abandons the upload (abortUpload,
or delete_file on a backend without it), so no pending file lingers, as in the TypeScript and PHP
SDKs (spec/faults/faults.json counts that abort); a failed complete keeps it, so the caller can
finish later with `complete_upload(file_id)` (the bytes are stored). With a checksum the presign
signs it into the URL and storage refuses other bytes (IntegrityError): bytes in memory fail at
once, a file is read and sent once more (the first read may have been the bad one).
"""

from __future__ import annotations

import contextlib
from typing import AsyncGenerator, Generator, List, Mapping, Optional

import httpx

from .. import _parse, files
from .._transport import ApiCall, AsyncTransport, SyncTransport
from ..errors import DilnakaAPIError, DilnakaError, IntegrityError
from ..types import PresignedUpload, ProgressCallback, UploadedFile
from .checksum import ChecksumOption, single_put_checksum
from .complete import complete_call
from .multipart.calls import abort_call
from .presign import presign_call
from .put import ProgressCounter, async_chunks, chunks, put_request, storage_error
from .source import UploadSource


def _presign(
    source: UploadSource, folder: str, metadata: Optional[Mapping[str, str]], checksum: ChecksumOption
) -> ApiCall:
    return presign_call(
        source.filename, source.content_type, source.size, folder, metadata, single_put_checksum(source, checksum)
    )


def upload(
    transport: SyncTransport,
    source: UploadSource,
    folder: str,
    metadata: Optional[Mapping[str, str]],
    progress: Optional[ProgressCallback],
    checksum: ChecksumOption = None,
) -> UploadedFile:
    presigned = _parse.presigned_upload(transport.call(_presign(source, folder, metadata, checksum)))
    try:
        try:
            put_bytes(transport, presigned, source, progress)
        except DilnakaError:
            _abandon(transport, presigned.file_id)
            raise
        try:
            return _parse.uploaded_file(transport.call(complete_call(presigned.file_id)))
        except DilnakaError as error:
            error.stored_for(presigned.file_id)
            raise
    except DilnakaError as error:
        error.file_id = presigned.file_id
        raise


#: A backend without the multipart extension has no abortUpload: delete the pending file instead.
_NO_ABORT = (404, 405, 501)


def _abandon(transport: SyncTransport, file_id: str) -> None:
    """Best effort: the upload is given up; a failed clean-up must not hide the real error."""
    try:
        transport.call(abort_call(file_id))
    except DilnakaAPIError as error:
        if error.status_code in _NO_ABORT:
            with contextlib.suppress(DilnakaError):
                transport.call(files.delete_file(file_id))
    except DilnakaError:
        pass


async def _abandon_async(transport: AsyncTransport, file_id: str) -> None:
    try:
        await transport.call(abort_call(file_id))
    except DilnakaAPIError as error:
        if error.status_code in _NO_ABORT:
            with contextlib.suppress(DilnakaError):
                await transport.call(files.delete_file(file_id))
    except DilnakaError:
        pass


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
        try:
            transport.send(build, storage_error)
        except IntegrityError:
            if source.path is None:
                raise
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
    checksum: ChecksumOption = None,
) -> UploadedFile:
    presigned = _parse.presigned_upload(await transport.call(_presign(source, folder, metadata, checksum)))
    try:
        try:
            await put_bytes_async(transport, presigned, source, progress)
        except DilnakaError:
            await _abandon_async(transport, presigned.file_id)
            raise
        try:
            return _parse.uploaded_file(await transport.call(complete_call(presigned.file_id)))
        except DilnakaError as error:
            error.stored_for(presigned.file_id)
            raise
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
        try:
            await transport.send(build, storage_error)
        except IntegrityError:
            if source.path is None:
                raise
            await transport.send(build, storage_error)
    finally:
        for body in bodies:
            await body.aclose()

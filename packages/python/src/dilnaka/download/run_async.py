"""`AsyncDilnaka.download()`, `download_bytes()` and `download_stream()`: the steps of `run_sync`,
awaited. File writes stay on the event loop (local disk, page cache); only the fsync, which can
wait for the device, runs in a thread.
"""

from __future__ import annotations

import asyncio
from typing import AsyncIterator, Tuple

from .. import _parse
from .._transport import ApiCall, AsyncTransport
from ..types import DownloadedFile
from .fetch_async import body_chunks
from .options import DownloadOptions
from .state import BodyState
from .target import TempFile, check_destination


async def locate(transport: AsyncTransport, calls: Tuple[ApiCall, ApiCall], options: DownloadOptions) -> BodyState:
    get_file, get_access_url = calls
    file = _parse.uploaded_file(await transport.call(get_file))
    access = _parse.file_access_url(await transport.call(get_access_url))
    _parse.log_warning(access)
    return options.body_state(file, access.url)


async def download(
    transport: AsyncTransport, file_id: str, destination: object, options: DownloadOptions, overwrite: bool
) -> DownloadedFile:
    path = check_destination(destination, overwrite)
    state = await locate(transport, options.calls(file_id), options)
    temp = TempFile(path)
    try:
        async for chunk in body_chunks(transport, state, options.timeout_for(transport.config), temp.restart):
            temp.write(chunk)
        checksum = state.verifier.finish()
        await asyncio.to_thread(temp.flush_to_disk)
        temp.commit(overwrite)
    except BaseException:  # an error, or the task was cancelled: no file under the destination name
        temp.discard()
        raise
    return DownloadedFile(state.file.id, path, state.size, checksum, state.file)


async def download_bytes(transport: AsyncTransport, file_id: str, options: DownloadOptions) -> bytes:
    state = await locate(transport, options.calls(file_id), options)
    buffer = bytearray()
    async for chunk in body_chunks(transport, state, options.timeout_for(transport.config), buffer.clear):
        buffer += chunk
    state.verifier.finish()
    return bytes(buffer)


def download_stream(transport: AsyncTransport, file_id: str, options: DownloadOptions) -> AsyncIterator[bytes]:
    calls = options.calls(file_id)  # checked now, not at the first iteration

    async def chunks() -> AsyncIterator[bytes]:
        state = await locate(transport, calls, options)
        async for chunk in body_chunks(transport, state, options.timeout_for(transport.config), None):
            yield chunk
        state.verifier.finish()

    return chunks()

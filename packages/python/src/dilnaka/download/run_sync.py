"""`Dilnaka.download()`, `download_bytes()` and `download_stream()`: find the file's size and
checksum and an access URL, then stream the body into a temp file, a buffer or the caller's loop.

The access URL comes from `getFileAccessUrl`, so a 402 (bandwidth) is raised and the overage
warning logged exactly as `get_file_access_url` does.
"""

from __future__ import annotations

from typing import Iterator, Tuple

from .. import _parse
from .._transport import ApiCall, SyncTransport
from ..types import DownloadedFile
from .fetch_sync import body_chunks
from .options import DownloadOptions
from .state import BodyState
from .target import TempFile, check_destination


def locate(transport: SyncTransport, calls: Tuple[ApiCall, ApiCall], options: DownloadOptions) -> BodyState:
    get_file, get_access_url = calls
    file = _parse.uploaded_file(transport.call(get_file))
    access = _parse.file_access_url(transport.call(get_access_url))
    _parse.log_warning(access)
    return options.body_state(file, access.url)


def download(
    transport: SyncTransport, file_id: str, destination: object, options: DownloadOptions, overwrite: bool
) -> DownloadedFile:
    path = check_destination(destination, overwrite)
    state = locate(transport, options.calls(file_id), options)
    file = state.file
    temp = TempFile(path)
    try:
        for chunk in body_chunks(transport, state, options.timeout_for(transport.config), temp.restart):
            temp.write(chunk)
        checksum = state.verifier.finish()
        temp.flush_to_disk()
        temp.commit(overwrite)
    except BaseException:  # an error, Ctrl-C: nothing under the destination name, no temp file left
        temp.discard()
        raise
    return DownloadedFile(file.id, path, file.size, checksum, file)


def download_bytes(transport: SyncTransport, file_id: str, options: DownloadOptions) -> bytes:
    state = locate(transport, options.calls(file_id), options)
    buffer = bytearray()
    for chunk in body_chunks(transport, state, options.timeout_for(transport.config), buffer.clear):
        buffer += chunk
    state.verifier.finish()
    return bytes(buffer)


def download_stream(transport: SyncTransport, file_id: str, options: DownloadOptions) -> Iterator[bytes]:
    calls = options.calls(file_id)  # checked now, not at the first iteration

    def chunks() -> Iterator[bytes]:
        state = locate(transport, calls, options)
        yield from body_chunks(transport, state, options.timeout_for(transport.config), None)
        state.verifier.finish()  # the caller has every chunk: a mismatch is raised at the end

    return chunks()

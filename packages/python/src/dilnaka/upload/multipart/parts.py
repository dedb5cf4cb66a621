"""One part: where its bytes come from, the PUT that carries them, and what to do when it fails.

A part of a file is read from its byte range (again on each attempt); a part of a stream is the
buffer it was read into, kept until storage has it. Bodies are streamed in 1 MiB chunks, checking
between chunks whether the upload was stopped (another part failed, or the caller interrupted).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import AsyncGenerator, Callable, Generator, Iterator, Optional, Tuple

import httpx

from ..._retry import delay_before_retry
from ...errors import StorageError, ValidationError
from ..source import RangeReader, UploadSource

CHUNK_SIZE = 1024 * 1024


class Stopped(Exception):
    """Raised inside a part's body when the upload is being stopped: ends its PUT at once."""


@dataclass(frozen=True)
class Part:
    number: int
    offset: int
    length: int
    #: The bytes of a stream's part (None: read the range from the source).
    data: Optional[bytes] = None


def part_size_of(number: int, part_size: int, size: int) -> int:
    """Bytes of part `number` in a file of `size` bytes: `part_size`, the last one the remainder."""
    return max(0, min(part_size, size - (number - 1) * part_size))


def chunks(
    source: Optional[UploadSource], part: Part, on_sent: Callable[[int], None], stop: threading.Event
) -> Generator[bytes, None, None]:
    with _reader(source, part) as read:
        sent = 0
        while sent < part.length:
            if stop.is_set():
                raise Stopped
            chunk = _next(read, part, sent, source)
            yield chunk  # resumes once the transport has written it
            sent += len(chunk)
            on_sent(sent)


async def async_chunks(
    source: Optional[UploadSource], part: Part, on_sent: Callable[[int], None], stop: threading.Event
) -> AsyncGenerator[bytes, None]:
    # Reads block briefly (local disk, page cache), as for the single PUT.
    with _reader(source, part) as read:
        sent = 0
        while sent < part.length:
            if stop.is_set():
                raise Stopped
            chunk = _next(read, part, sent, source)
            yield chunk
            sent += len(chunk)
            on_sent(sent)


@contextmanager
def _reader(source: Optional[UploadSource], part: Part) -> Iterator[RangeReader]:
    """Reads at offsets within the part: from its buffer, or from the source's range."""
    if part.data is not None:
        data = part.data
        yield lambda offset, length: data[offset : offset + length]
        return
    assert source is not None
    with source.ranges() as read:
        yield lambda offset, length: read(part.offset + offset, length)


def _next(read: RangeReader, part: Part, sent: int, source: Optional[UploadSource]) -> bytes:
    chunk = read(sent, min(CHUNK_SIZE, part.length - sent))
    if not chunk:
        name = source.filename if source is not None else "the stream"
        raise ValidationError(
            f"{name} shrank while it was being uploaded (part {part.number} ends short): "
            "upload a file that is not being written to."
        )
    return bytes(chunk)


def retry_decision(retry: int, max_retries: int, response: Optional[httpx.Response]) -> Optional[Tuple[float, bool]]:
    """`(seconds to wait, presign again)` before the next attempt, or None when the part fails.

    As every step (spec/scenarios/retry.json), plus: a 403 means the part URL expired or its
    signature went stale, so the part is presigned again; it counts against the same budget.
    """
    if retry >= max_retries:
        return None
    if response is not None and response.status_code == 403:
        return 0.0, True
    delay = delay_before_retry(retry, response)
    return None if delay is None else (delay, False)


def etag_of(response: httpx.Response, part_number: int) -> str:
    etag: Optional[str] = response.headers.get("etag")
    if not etag:
        raise StorageError(
            f"Storage stored part {part_number} but answered without an ETag header.",
            status_code=response.status_code,
            hint="The storage host must return ETag for part uploads (and expose it to browsers via CORS).",
        )
    return etag


def pause(stop: threading.Event, seconds: float) -> bool:
    """Waits before a part's retry; True when the upload was stopped meanwhile."""
    return stop.wait(seconds) if seconds > 0 else stop.is_set()

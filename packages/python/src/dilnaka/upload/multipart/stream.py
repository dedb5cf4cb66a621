"""A stream of unknown length cut into parts of exactly `part_size` bytes (the last may be shorter).

Pure bookkeeping: the runners pull chunks from the (async) iterator and `feed` them; a part is
taken only when the runner has a free slot, so at most `concurrency` parts are held in memory.
"""

from __future__ import annotations

from typing import AsyncIterator, Iterator, Optional

from ...errors import ValidationError
from .parts import Part
from .plan import MAX_PARTS


class StreamParts:
    def __init__(self, part_size: int) -> None:
        self.part_size = part_size
        self.ended = False
        #: Bytes handed out in parts so far.
        self.taken = 0
        self._pending = bytearray()
        self._next_number = 1

    @property
    def size(self) -> Optional[int]:
        """The stream's length, once it has ended."""
        return self.taken + len(self._pending) if self.ended else None

    def feed(self, chunk: object) -> None:
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise ValidationError(f"The iterator yielded a {type(chunk).__name__}: it must yield bytes.")
        self._pending += chunk

    def needs_more(self) -> bool:
        return not self.ended and len(self._pending) < self.part_size

    def needs_peek(self) -> bool:
        """Whether the stream might still go on (nothing pending, not ended): read once more to know."""
        return not self.ended and not self._pending

    def take(self) -> Optional[Part]:
        """The next part, or None when the stream has ended and every byte was taken."""
        if not self._pending and self.ended:
            return None
        if self._next_number > MAX_PARTS:
            raise ValidationError(
                f"The stream is longer than {MAX_PARTS} parts of {self.part_size} bytes: pass a larger part_size=."
            )
        length = min(self.part_size, len(self._pending))
        with memoryview(self._pending) as view:  # one copy into the part, not two
            data = bytes(view[:length])
        del self._pending[:length]
        part = Part(self._next_number, self.taken, length, data)
        self._next_number += 1
        self.taken += length
        return part


def next_part(parts: StreamParts, chunks: Iterator[bytes]) -> Optional[Part]:
    while parts.needs_more():
        _pull(parts, chunks)
    return parts.take()


def ended_after(parts: StreamParts, chunks: Iterator[bytes]) -> bool:
    """True when nothing follows what was taken (reads one more chunk if it must)."""
    while parts.needs_peek():
        _pull(parts, chunks)
    return parts.size == parts.taken


def _pull(parts: StreamParts, chunks: Iterator[bytes]) -> None:
    try:
        parts.feed(next(chunks))
    except StopIteration:
        parts.ended = True


async def next_part_async(parts: StreamParts, chunks: AsyncIterator[bytes]) -> Optional[Part]:
    while parts.needs_more():
        await _pull_async(parts, chunks)
    return parts.take()


async def ended_after_async(parts: StreamParts, chunks: AsyncIterator[bytes]) -> bool:
    while parts.needs_peek():
        await _pull_async(parts, chunks)
    return parts.size == parts.taken


async def _pull_async(parts: StreamParts, chunks: AsyncIterator[bytes]) -> None:
    try:
        parts.feed(await chunks.__anext__())
    except StopAsyncIteration:
        parts.ended = True

"""Which part URLs to presign, and when: batches of min(100, parts left), presigned again when old.

With checksums a part can only be presigned once it is hashed (its digest is signed into the URL),
so a batch holds the part asked for and the others hashed meanwhile (up to `concurrency`).

Pure bookkeeping (no I/O, no locks): the runners hold a lock around `batch_for` + the presign call
+ `add`, so parallel parts wait for one batch instead of each asking for its own.
"""

from __future__ import annotations

import time
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from ...types import PresignedPart
from .plan import MAX_PARTS

BATCH = 100
#: A URL this close to its expiry is not used: the part could not finish before it lapses.
EXPIRY_MARGIN = 60.0


class PartUrls:
    def __init__(
        self,
        todo: Optional[Sequence[int]],
        clock: Callable[[], float] = time.monotonic,
        checksums: bool = False,
    ) -> None:
        """`todo`: the part numbers to send, in order; None for a stream (parts as they come).
        `checksums`: the upload carries them, so only parts already `hashed` can be presigned."""
        self._todo = set(todo) if todo is not None else None
        self._checksums = checksums
        #: Hashed parts still to send (at most `concurrency`): the ones a batch may hold.
        self._hashed: Set[int] = set()
        self._last = max(self._todo, default=0) if self._todo is not None else MAX_PARTS
        self._clock = clock
        self._urls: Dict[int, Tuple[PresignedPart, float]] = {}

    def fresh(self, part_number: int) -> Optional[PresignedPart]:
        entry = self._urls.get(part_number)
        if entry is None:
            return None
        part, fetched = entry
        return part if self._clock() - fetched < part.expires_in - EXPIRY_MARGIN else None

    def batch_for(self, part_number: int) -> List[int]:
        """The parts to presign with `part_number`: it, then the next ones without a fresh URL."""
        batch = [part_number]
        if self._checksums:
            hashed = sorted(n for n in self._hashed if n != part_number and self.fresh(n) is None)
            return batch + hashed[: BATCH - 1]
        for n in range(part_number + 1, self._last + 1):
            if len(batch) == BATCH:
                break
            if (self._todo is None or n in self._todo) and self.fresh(n) is None:
                batch.append(n)
        return batch

    def hashed(self, part_number: int) -> None:
        """The part's checksum is known: it may be presigned (with the next part asking)."""
        self._hashed.add(part_number)

    def add(self, parts: Sequence[PresignedPart]) -> None:
        now = self._clock()
        for part in parts:
            self._urls[part.part_number] = (part, now)

    def get(self, part_number: int) -> PresignedPart:
        """The URL just presigned (used even if its lifetime is shorter than the margin)."""
        return self._urls[part_number][0]

    def stored(self, part_number: int) -> None:
        """The part is in storage: its URL is not needed again."""
        self._urls.pop(part_number, None)
        self._hashed.discard(part_number)
        if self._todo is not None:
            self._todo.discard(part_number)

    def expire(self, part_number: int) -> None:
        """Storage refused the URL (403): presign this part again before the next attempt."""
        self._urls.pop(part_number, None)

"""One progress stream for the whole file, fed by parts sent in parallel.

Each part counts up to the most bytes any of its attempts has sent, so a retried part is not
counted twice and the total never goes backwards. The callback runs under a lock: from one thread
at a time, in order.
"""

from __future__ import annotations

import threading
from typing import Dict, Optional, Tuple

from ...types import ProgressCallback


class PartProgress:
    def __init__(self, callback: Optional[ProgressCallback], total: Optional[int], already_sent: int = 0) -> None:
        self._callback = callback
        self._total = total
        self._loaded = already_sent
        self._most: Dict[int, int] = {}
        self._last: Optional[Tuple[int, Optional[int]]] = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            self._report()

    def sent(self, part_number: int, sent_in_attempt: int) -> None:
        """`sent_in_attempt` bytes of this attempt at the part have reached the socket."""
        with self._lock:
            before = self._most.get(part_number, 0)
            if sent_in_attempt > before:
                self._most[part_number] = sent_in_attempt
                self._loaded += sent_in_attempt - before
                self._report()

    def size_known(self, total: int) -> None:
        """A stream has ended: later calls (and the last one) carry its size."""
        with self._lock:
            self._total = total

    def end(self) -> None:
        """Every part is stored: the last call is `(total, total)`."""
        with self._lock:
            self._total = self._loaded if self._total is None else self._total
            self._report()

    def _report(self) -> None:
        now = (self._loaded, self._total)
        if self._callback is not None and now != self._last:
            self._last = now
            self._callback(*now)

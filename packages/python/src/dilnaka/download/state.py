"""One download's bytes across its attempts: how many arrived, their digest, the progress shown.

After a reset the next attempt asks for the rest (`Range`); when storage sends the whole body
again (200), a sink that can take its bytes back (a temp file, a buffer) starts over, and one that
cannot (an iterator whose chunks the caller already has) drops the repeated prefix instead.
"""

from __future__ import annotations

from typing import Callable, Optional

from ..types import ProgressCallback, UploadedFile
from ..upload.put import ProgressCounter
from .ranges import RESTART
from .verifier import Verifier

#: Empties the sink so the body can be written again from byte 0; None when it cannot.
Restart = Optional[Callable[[], None]]


class BodyState:
    def __init__(self, file: UploadedFile, url: str, verifier: Verifier, progress: Optional[ProgressCallback]) -> None:
        self.file = file
        self.file_id = file.id
        self.url = url
        self.size = file.size
        self.verifier = verifier
        self.progress = ProgressCounter(progress, file.size)  # reports only increases: monotonic
        self._skip = 0
        self.progress.update(0)

    @property
    def received(self) -> int:
        """The offset storage's next byte has (a repeated prefix still to drop comes before it)."""
        return self.verifier.received - self._skip

    @property
    def complete(self) -> bool:
        return self.received >= self.size

    def begin(self, answer: str, restart: Restart) -> None:
        """A successful answer arrived: `answer` is CONTINUE or RESTART (see ranges.judge_answer)."""
        if answer != RESTART:
            return  # a 206 from `received`: any prefix still to drop is still ahead
        if restart is not None:
            restart()
            self.verifier.reset()
            self._skip = 0
        else:
            self._skip = self.verifier.received

    def take(self, chunk: bytes) -> bytes:
        """The part of `chunk` to hand over (after a prefix to drop); raises past the file's size."""
        if self._skip:
            drop = min(self._skip, len(chunk))
            chunk, self._skip = chunk[drop:], self._skip - drop
            if not chunk:
                return chunk
        if self.verifier.received + len(chunk) > self.size:
            self.verifier.update(chunk)
            self.verifier.finish()  # raises size_mismatch
        self.verifier.update(chunk)
        self.progress.update(self.verifier.received)
        return chunk

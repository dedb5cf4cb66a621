"""Checks a download as its bytes arrive: the count against the file's size, and the SHA-256
against `file.checksum_sha256` when there is one, hashed incrementally so nothing is read twice
or held. A composite checksum (`<base64>-<n>`, a multipart object) is recomputed part by part from
the file's `part_size`; without one, a composite of several parts cannot be recomputed and only
the size is checked.
"""

from __future__ import annotations

import hashlib
from typing import Any, List, Optional

from ..errors import IntegrityError
from ..integrity import sha256


class Verifier:
    def __init__(
        self, file_id: str, size: int, checksum: Optional[str], part_size: Optional[int], *, verify: bool = True
    ) -> None:
        self.file_id = file_id
        self.size = size
        self.checksum = checksum
        count = sha256.composite_count(checksum) if checksum is not None else None
        #: Bytes per part for a composite; None for a whole-object checksum.
        self._part_bytes: Optional[int] = None
        if count is not None:
            self._part_bytes = part_size if part_size else (max(1, size) if count == 1 else None)
        self._hashing = verify and checksum is not None and (count is None or self._part_bytes is not None)
        self.received = 0
        self._hash: Any = None
        self._parts: List[str] = []
        self._in_part = 0
        self.reset()

    @property
    def checks_checksum(self) -> bool:
        return self._hashing

    def reset(self) -> None:
        """Starts over (storage answered a Range request with 200: the body comes again from byte 0)."""
        self._hash = hashlib.sha256() if self._hashing else None
        self._parts = []
        self._in_part = 0
        self.received = 0

    def update(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self._hash is None:
            return
        if self._part_bytes is None:
            self._hash.update(chunk)
            return
        view = memoryview(chunk)
        while view:  # a part boundary may fall inside a chunk
            take = min(len(view), self._part_bytes - self._in_part)
            self._hash.update(view[:take])
            view = view[take:]
            self._in_part += take
            if self._in_part == self._part_bytes:
                self._close_part()

    def finish(self) -> Optional[str]:
        """Every byte is in: checks the size, then the checksum. Returns the checksum verified
        (None when none was checked); raises IntegrityError on a mismatch."""
        if self.received != self.size:
            raise IntegrityError(
                f"The download of file {self.file_id} has {self.received} bytes; the file has {self.size}.",
                code="size_mismatch",
                hint="Download it again; if it persists, the stored object differs from its record: upload it again.",
                file_id=self.file_id,
            )
        if self._hash is None:
            return None
        if self._part_bytes is None:
            actual = sha256.encode(self._hash.digest())
        else:
            if self._in_part > 0 or not self._parts:
                self._close_part()
            actual = sha256.composite(self._parts)
        self._hash = None
        if actual != self.checksum:
            raise IntegrityError(
                f"The download of file {self.file_id} has SHA-256 {actual}; the file's is {self.checksum}.",
                code="checksum_mismatch",
                hint="The bytes changed on the way or in storage: download again; if it persists, upload it again.",
                file_id=self.file_id,
            )
        return actual

    def _close_part(self) -> None:
        self._parts.append(sha256.encode(self._hash.digest()))
        self._hash = hashlib.sha256()
        self._in_part = 0

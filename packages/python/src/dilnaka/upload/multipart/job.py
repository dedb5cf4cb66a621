"""One multipart upload in flight: its ids, the parts still to send, the ETags of those stored.

Shared by the sync and async runners; parts are recorded from several threads, under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional

from ...types import CompletedPart
from ..source import UploadSource
from .parts import Part, part_size_of
from .progress import PartProgress
from .state import StateWriter
from .urls import PartUrls


@dataclass
class Job:
    file_id: str
    part_size: int
    #: None for a stream of unknown size.
    part_count: Optional[int]
    size: Optional[int]
    #: None for a stream (its parts carry their bytes).
    source: Optional[UploadSource]
    concurrency: int
    progress: PartProgress
    #: Set when `resume` is on.
    writer: Optional[StateWriter] = None
    #: part number → ETag, for every part storage holds (listed at resume, or PUT now).
    etags: Dict[int, str] = field(default_factory=dict)
    #: part number → base64 SHA-256 when the upload carries checksums (filled as parts are hashed);
    #: None when it carries none.
    checksums: Optional[Dict[int, str]] = None
    urls: PartUrls = field(init=False)
    lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        todo = self.missing() if self.part_count is not None else None
        self.urls = PartUrls(todo, checksums=self.checksums is not None)

    def missing(self) -> List[int]:
        assert self.part_count is not None
        return [n for n in range(1, self.part_count + 1) if n not in self.etags]

    def file_parts(self) -> Iterator[Part]:
        """The parts of a file still to send, in order, each read from its byte range."""
        assert self.size is not None
        for number in self.missing():
            yield Part(number, (number - 1) * self.part_size, part_size_of(number, self.part_size, self.size))

    def stored(self, part: Part, etag: str) -> None:
        with self.lock:
            self.etags[part.number] = etag
            self.urls.stored(part.number)
        if self.writer is not None:
            self.writer.part_stored(part.number, etag, part.length)

    def hashed(self, part_number: int, checksum: str) -> None:
        """The part's checksum, known before its URL is asked for (it is signed into it)."""
        assert self.checksums is not None
        with self.lock:
            self.checksums[part_number] = checksum
            self.urls.hashed(part_number)

    def signed_checksums(self, part_numbers: List[int]) -> Optional[Dict[int, str]]:
        if self.checksums is None:
            return None
        return {n: self.checksums[n] for n in part_numbers}

    def completed_parts(self) -> List[CompletedPart]:
        sums = self.checksums or {}
        return [CompletedPart(n, etag, sums.get(n)) for n, etag in sorted(self.etags.items())]

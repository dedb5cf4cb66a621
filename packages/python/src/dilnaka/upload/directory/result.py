"""What `upload_directory` returns and reports as it goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional

from ...types import UploadedFile


@dataclass(frozen=True)
class DirectoryEntryUploaded:
    #: POSIX path relative to the directory uploaded.
    path: str
    file: UploadedFile


@dataclass(frozen=True)
class DirectoryEntryFailed:
    path: str
    #: A `DilnakaError` (ValidationError for a link outside the tree or an unreadable file).
    error: Exception


@dataclass(frozen=True)
class DirectoryUploadResult:
    """Every file's outcome, each list sorted by path. `ok` is True when nothing failed."""

    uploaded: List[DirectoryEntryUploaded] = field(default_factory=list)
    failed: List[DirectoryEntryFailed] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class DirectoryProgress:
    """Bytes sent over all files (`total`: their sizes) and files finished (uploaded or failed)."""

    loaded: int
    total: int
    files_done: int
    files_total: int


#: `on_file_progress(path, sent, total)` for each file as its bytes reach storage.
FileProgressCallback = Callable[[str, int, Optional[int]], None]
DirectoryProgressCallback = Callable[[DirectoryProgress], None]

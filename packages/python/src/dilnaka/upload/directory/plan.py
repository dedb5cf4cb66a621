"""Everything `upload_directory` checks before its first request, and where each file goes."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Dict, Optional, Sequence

from ...config import PathLike
from ...errors import ValidationError
from ...types import ProgressCallback
from ..checksum import check_option as check_checksum
from ..multipart.plan import MAX_CONCURRENCY, plan_upload
from ..options import UploadOptions
from ..presign import check_folder, check_metadata
from .globs import PathFilter
from .result import DirectoryProgress, DirectoryProgressCallback, FileProgressCallback
from .walk import Found, Walk, walk_tree

DEFAULT_FILE_CONCURRENCY = 4


def check_directory(directory: object, concurrency: Optional[int]) -> Path:
    if not isinstance(directory, (str, os.PathLike)):
        raise ValidationError(f"directory must be a path, got {type(directory).__name__}.")
    root = Path(directory)
    if not root.is_dir():
        raise ValidationError(f"{os.fspath(root)} is not a directory: pass the path of the folder to upload.")
    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= MAX_CONCURRENCY
    ):
        raise ValidationError(
            f"concurrency must be a whole number of files from 1 to {MAX_CONCURRENCY}, got {concurrency!r}."
        )
    return root


def plan_tree(
    directory: PathLike,
    concurrency: Optional[int],
    include: Optional[Sequence[str]],
    exclude: Optional[Sequence[str]],
    options: UploadOptions,
    callbacks: Sequence[object],
) -> Walk:
    root = check_directory(directory, concurrency)
    for callback in callbacks:
        if callback is not None and not callable(callback):
            raise ValidationError("on_file_progress and on_progress must be functions.")
    check_upload_options(options)
    return walk_tree(root, PathFilter(include, exclude))


def check_upload_options(options: UploadOptions) -> None:
    """The options passed to each file, checked once before any request (as `upload()` would)."""
    check_folder(options.folder)
    if options.metadata is not None:
        check_metadata(options.metadata)
    check_checksum(options.checksum)
    plan_upload(
        0,
        multipart_threshold=options.multipart_threshold,
        part_size=options.part_size,
        concurrency=options.concurrency,
    )
    if not isinstance(options.resume, bool):
        raise ValidationError(f"resume must be True or False, got {options.resume!r}.")


def file_options(options: UploadOptions, found: Found) -> UploadOptions:
    """The file goes to `folder + "/" + its relative directory`, under its base name."""
    parent = found.relative.rpartition("/")[0]
    return replace(options, folder=f"{options.folder.rstrip('/')}/{parent}" if parent else options.folder)


class Totals:
    """The aggregate progress over all files; fed from several threads (or tasks), under a lock."""

    def __init__(self, files: Sequence[Found], failed_early: int, on_progress: Optional[DirectoryProgressCallback]):
        self.total = sum(f.size for f in files)
        self.files_total = len(files) + failed_early
        self.files_done = failed_early
        self._sent: Dict[str, int] = {}
        self._loaded = 0
        self._callback = on_progress
        self._lock = threading.Lock()

    def sent(self, path: str, sent: int) -> None:
        with self._lock:
            before = self._sent.get(path, 0)
            if sent > before:  # a retried PUT starting again from 0 does not count twice
                self._sent[path] = sent
                self._loaded += sent - before
                self._report()

    def done(self) -> None:
        with self._lock:
            self.files_done += 1
            self._report()

    def start(self) -> None:
        with self._lock:
            self._report()

    def _report(self) -> None:
        if self._callback is not None:
            self._callback(DirectoryProgress(self._loaded, self.total, self.files_done, self.files_total))


def file_progress(totals: Totals, found: Found, on_file: Optional[FileProgressCallback]) -> ProgressCallback:
    def progress(sent: int, total: Optional[int]) -> None:
        totals.sent(found.relative, sent)
        if on_file is not None:
            on_file(found.relative, sent, total)

    return progress

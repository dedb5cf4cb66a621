"""`Dilnaka.upload_directory()`: the files of a tree, `concurrency` at a time on a thread pool,
all over the client's one `httpx.Client` (each file may itself send parts in parallel).

Each file's failure is recorded and the others go on. Ctrl-C stops starting new files; the ones
in flight finish (a worker thread cannot be interrupted), then the interrupt is raised. For an
upload you can cancel mid-file, use AsyncDilnaka: cancelling its task cancels every file.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

from ..._transport import SyncTransport
from .. import flow
from ..options import UploadOptions
from ..source import resolve_source
from .plan import DEFAULT_FILE_CONCURRENCY, Totals, file_options, file_progress
from .result import (
    DirectoryEntryFailed,
    DirectoryEntryUploaded,
    DirectoryProgressCallback,
    DirectoryUploadResult,
    FileProgressCallback,
)
from .walk import Found, Walk


def upload_tree(
    transport: SyncTransport,
    tree: Walk,
    options: UploadOptions,
    concurrency: Optional[int],
    on_file_progress: Optional[FileProgressCallback],
    on_progress: Optional[DirectoryProgressCallback],
) -> DirectoryUploadResult:
    uploaded: List[DirectoryEntryUploaded] = []
    failed = [DirectoryEntryFailed(path, error) for path, error in tree.failures]
    totals = Totals(tree.files, len(failed), on_progress)
    stop = threading.Event()
    lock = threading.Lock()

    def one(found: Found) -> None:
        if stop.is_set():
            return
        try:
            source = resolve_source(found.path, None, None)
            progress = file_progress(totals, found, on_file_progress)
            file = flow.upload(transport, source, file_options(options, found), progress)
            with lock:
                uploaded.append(DirectoryEntryUploaded(found.relative, file))
        except Exception as error:  # one file's failure never stops the others
            with lock:
                failed.append(DirectoryEntryFailed(found.relative, error))
        totals.done()

    totals.start()
    pool = ThreadPoolExecutor(max_workers=concurrency or DEFAULT_FILE_CONCURRENCY, thread_name_prefix="dilnaka-file")
    try:
        for future in [pool.submit(one, found) for found in tree.files]:
            future.result()
    except BaseException:
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return DirectoryUploadResult(sorted(uploaded, key=lambda e: e.path), sorted(failed, key=lambda e: e.path))

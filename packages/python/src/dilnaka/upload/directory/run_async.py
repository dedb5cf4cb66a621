"""`AsyncDilnaka.upload_directory()`: the files of a tree as asyncio tasks, `concurrency` at a
time under a semaphore, over the client's one `httpx.AsyncClient`. Cancelling it cancels every
file in flight (a multipart one aborts)."""

from __future__ import annotations

import asyncio
from typing import List, Optional

from ..._transport import AsyncTransport
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


async def upload_tree(
    transport: AsyncTransport,
    tree: Walk,
    options: UploadOptions,
    concurrency: Optional[int],
    on_file_progress: Optional[FileProgressCallback],
    on_progress: Optional[DirectoryProgressCallback],
) -> DirectoryUploadResult:
    uploaded: List[DirectoryEntryUploaded] = []
    failed = [DirectoryEntryFailed(path, error) for path, error in tree.failures]
    totals = Totals(tree.files, len(failed), on_progress)
    slots = asyncio.Semaphore(concurrency or DEFAULT_FILE_CONCURRENCY)

    async def one(found: Found) -> None:
        async with slots:
            try:
                source = resolve_source(found.path, None, None)
                progress = file_progress(totals, found, on_file_progress)
                file = await flow.upload_async(transport, source, file_options(options, found), progress)
                uploaded.append(DirectoryEntryUploaded(found.relative, file))
            except Exception as error:  # one file's failure never stops the others (CancelledError does)
                failed.append(DirectoryEntryFailed(found.relative, error))
            totals.done()

    totals.start()
    tasks = [asyncio.ensure_future(one(found)) for found in tree.files]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return DirectoryUploadResult(sorted(uploaded, key=lambda e: e.path), sorted(failed, key=lambda e: e.path))

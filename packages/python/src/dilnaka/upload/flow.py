"""`upload()`: check the options, plan, then one PUT or a multipart upload.

Everything that can be checked without a request is checked first (source, options, the plan),
so a bad call fails before it reserves anything.
"""

from __future__ import annotations

from typing import Optional, Union

from .._transport import AsyncTransport, SyncTransport
from ..types import ProgressCallback, UploadedFile
from . import single
from .multipart import run_async, run_sync
from .options import UploadOptions
from .source import StreamSource, UploadSource


def upload(
    transport: SyncTransport,
    source: Union[UploadSource, StreamSource],
    options: UploadOptions,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    plan = options.plan(source, transport.http)
    if isinstance(source, StreamSource):
        return run_sync.upload_stream(transport, source, options, plan, progress)
    if not plan.multipart:
        return single.upload(transport, source, options.folder, options.metadata, progress, options.checksum)
    return run_sync.upload_file(transport, source, options, plan, progress)


async def upload_async(
    transport: AsyncTransport,
    source: Union[UploadSource, StreamSource],
    options: UploadOptions,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    plan = options.plan(source, transport.http)
    if isinstance(source, StreamSource):
        return await run_async.upload_stream(transport, source, options, plan, progress)
    if not plan.multipart:
        return await single.upload_async(
            transport, source, options.folder, options.metadata, progress, options.checksum
        )
    return await run_async.upload_file(transport, source, options, plan, progress)

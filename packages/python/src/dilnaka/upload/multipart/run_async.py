"""`AsyncDilnaka.upload()` for a multipart upload: the same steps and rules as `run_sync`, awaited.

Cancelling the task (or Ctrl-C under `asyncio.run`) cancels every part, aborts the upload and
removes the state file; other failures abort unless `resume` is on; a failed complete keeps it.
"""

from __future__ import annotations

import contextlib
from typing import AsyncIterable, AsyncIterator, Dict, Iterable, Optional, Tuple, TypeVar, Union

from ... import _parse
from ..._transport import AsyncTransport
from ...errors import ConflictError, DilnakaAPIError, DilnakaError, NotFoundError, ValidationError
from ...files import get_file
from ...types import MultipartUpload, ProgressCallback, UploadedFile
from .. import single
from ..checksum import ChecksumOption, created_checksums, multipart_algorithm, resumed_checksums
from ..complete import complete_call
from ..options import UploadOptions
from ..source import StreamSource, UploadSource, bytes_source
from .calls import abort_call, create_multipart_call, list_parts_call
from .fallback import check_fallback
from .job import Job
from .parts import Part
from .plan import UploadPlan
from .progress import PartProgress
from .resume import CHANGED, CONTINUE, Identity, header_for, identity_of, judge, state_path, stored_parts
from .run_sync import make_job
from .send_async import send_parts
from .state import SavedUpload, StateWriter, read_state
from .stream import StreamParts, ended_after_async, next_part_async

T = TypeVar("T")


async def upload_file(
    transport: AsyncTransport,
    source: UploadSource,
    options: UploadOptions,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    identity = identity_of(transport.config.base_url, source, options.folder) if options.resume else None
    writer = StateWriter(state_path(identity, options.state_dir)) if identity is not None else None
    if identity is not None and writer is not None:
        found = await _resume(transport, identity, writer, options.checksum)
        if isinstance(found, UploadedFile):
            return found
        if found is not None:
            saved, etags, sums = found
            job = make_job(saved.file_id, saved.header["partSize"], source, plan, progress, etags, writer, sums)
            return await _run(transport, job, _each(job.file_parts()), keep_on_error=True)
    created = await _create(transport, source.filename, source.content_type, source.size, options, plan)
    if created is None:
        return await single.upload_async(
            transport, source, options.folder, options.metadata, progress, options.checksum
        )
    if identity is not None and writer is not None:
        writer.start(header_for(identity, created))
    job = make_job(created.file_id, created.part_size, source, plan, progress, {}, writer, created_checksums(created))
    return await _run(transport, job, _each(job.file_parts()), keep_on_error=options.resume)


async def upload_stream(
    transport: AsyncTransport,
    stream: StreamSource,
    options: UploadOptions,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    chunks = _each(stream.chunks)
    parts = StreamParts(plan.part_size)
    first = await next_part_async(parts, chunks)
    if await ended_after_async(parts, chunks):  # it fits in one part: one PUT of known size
        data = first.data if first is not None and first.data is not None else b""
        one = bytes_source(data, stream.filename, stream.content_type)
        return await single.upload_async(transport, one, options.folder, options.metadata, progress, options.checksum)
    created = await _create(transport, stream.filename, stream.content_type, None, options, plan)
    assert created is not None
    assert first is not None
    meter = PartProgress(progress, None)
    sums = created_checksums(created)
    job = Job(created.file_id, created.part_size, None, None, None, plan.concurrency, meter, checksums=sums)
    if created.part_size != plan.part_size:
        await _abort_quietly(transport, job.file_id)
        raise DilnakaAPIError(
            f"The API chose parts of {created.part_size} bytes for a stream cut into {plan.part_size}-byte parts.",
            code="invalid_response",
            file_id=job.file_id,
        )

    held = [first]  # handed over, so that no frame keeps part 1's buffer for the whole upload
    del first

    async def todo() -> AsyncIterator[Part]:
        part: Optional[Part] = held.pop()
        while part is not None:
            yield part
            part = await next_part_async(parts, chunks)
            if parts.size is not None:
                job.progress.size_known(parts.size)

    return await _run(transport, job, todo(), keep_on_error=False)


async def resume_upload(
    transport: AsyncTransport,
    file_id: str,
    source: UploadSource,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    try:
        listing = _parse.upload_part_list(await transport.call(list_parts_call(file_id)))
    except ConflictError as error:
        if error.code != "upload_already_completed":
            raise
        return _parse.uploaded_file(await transport.call(get_file(file_id)))
    if listing.size is not None and listing.size != source.size:
        raise ValidationError(
            f"The upload {file_id} expects {listing.size} bytes but the source has {source.size}: "
            "pass the same bytes as the first attempt."
        )
    header = {"partSize": listing.part_size, "partCount": listing.part_count, "size": source.size}
    etags = stored_parts(SavedUpload(header), listing)
    sums = resumed_checksums(listing, etags, None)
    job = make_job(listing.file_id, listing.part_size, source, plan, progress, etags, None, sums)
    return await _run(transport, job, _each(job.file_parts()), keep_on_error=True)


async def _each(items: Union[Iterable[T], AsyncIterable[T]]) -> AsyncIterator[T]:
    """Parts of a file, or a stream's chunks from a sync or an async iterator, as one async iterator."""
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


async def _resume(
    transport: AsyncTransport, identity: Identity, writer: StateWriter, checksum: ChecksumOption
) -> Union[UploadedFile, Tuple[SavedUpload, Dict[int, str], Optional[Dict[int, str]]], None]:
    saved = read_state(writer.file)
    verdict = judge(saved, identity)
    if verdict == CHANGED and saved is not None:
        await _abort_quietly(transport, saved.file_id)
    if verdict != CONTINUE or saved is None:
        return None
    try:
        listing = _parse.upload_part_list(await transport.call(list_parts_call(saved.file_id)))
    except NotFoundError:
        return None
    except ConflictError as error:
        if error.code != "upload_already_completed":
            raise
        file = _parse.uploaded_file(await transport.call(get_file(saved.file_id)))
        writer.remove()
        return file
    etags = stored_parts(saved, listing)
    return saved, etags, resumed_checksums(listing, etags, checksum)


async def _create(
    transport: AsyncTransport,
    filename: str,
    content_type: str,
    size: Optional[int],
    options: UploadOptions,
    plan: UploadPlan,
) -> Optional[MultipartUpload]:
    algorithm = multipart_algorithm(options.checksum)
    call = create_multipart_call(
        filename, content_type, size, options.folder, options.metadata, plan.part_size, algorithm
    )
    try:
        return _parse.multipart_upload(await transport.call(call))
    except DilnakaAPIError as error:
        check_fallback(error, size)
        return None


async def _run(transport: AsyncTransport, job: Job, todo: AsyncIterator[Part], *, keep_on_error: bool) -> UploadedFile:
    job.progress.start()
    try:
        await send_parts(transport, job, todo)
    except BaseException as error:
        interrupted = not isinstance(error, Exception)  # CancelledError, KeyboardInterrupt
        if interrupted or not keep_on_error:
            await _abort_quietly(transport, job.file_id)
            if job.writer is not None:
                job.writer.remove()
        if isinstance(error, DilnakaError):
            error.file_id = job.file_id
        raise
    job.progress.end()
    try:
        file = _parse.uploaded_file(await transport.call(complete_call(job.file_id, job.completed_parts())))
    except DilnakaError as error:
        error.stored_for(job.file_id, parts=True)
        raise
    if job.writer is not None:
        job.writer.remove()
    return file


async def _abort_quietly(transport: AsyncTransport, file_id: str) -> None:
    with contextlib.suppress(DilnakaError):
        await transport.call(abort_call(file_id))

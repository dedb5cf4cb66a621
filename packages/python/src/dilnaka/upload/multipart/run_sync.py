"""`Dilnaka.upload()` for a multipart upload: resume or create, send the parts, complete.

A failure after the create carries `file_id`. A failed part aborts the upload (no orphan parts),
unless `resume` is on: then the parts and the state file stay for the next run. An interrupt
(KeyboardInterrupt) always aborts and removes the state. A failed complete keeps the upload: every
part is stored, so `complete_upload(file_id, parts=list_upload_parts(file_id).parts)` can finish it.
"""

from __future__ import annotations

import contextlib
from typing import Dict, Iterator, Optional, Tuple, Union

from ... import _parse
from ..._transport import SyncTransport
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
from .parts import Part, part_size_of
from .plan import UploadPlan
from .progress import PartProgress
from .resume import CHANGED, CONTINUE, Identity, header_for, identity_of, judge, state_path, stored_parts
from .send_sync import send_parts
from .state import SavedUpload, StateWriter, read_state
from .stream import StreamParts, ended_after, next_part


def upload_file(
    transport: SyncTransport,
    source: UploadSource,
    options: UploadOptions,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    identity = identity_of(transport.config.base_url, source, options.folder) if options.resume else None
    writer = StateWriter(state_path(identity, options.state_dir)) if identity is not None else None
    if identity is not None and writer is not None:
        found = _resume(transport, identity, writer, options.checksum)
        if isinstance(found, UploadedFile):
            return found
        if found is not None:
            saved, etags, sums = found
            job = make_job(saved.file_id, saved.header["partSize"], source, plan, progress, etags, writer, sums)
            return _run(transport, job, job.file_parts(), keep_on_error=True)
    created = _create(transport, source.filename, source.content_type, source.size, options, plan)
    if created is None:
        return single.upload(transport, source, options.folder, options.metadata, progress, options.checksum)
    if identity is not None and writer is not None:
        writer.start(header_for(identity, created))
    job = make_job(created.file_id, created.part_size, source, plan, progress, {}, writer, created_checksums(created))
    return _run(transport, job, job.file_parts(), keep_on_error=options.resume)


def upload_stream(
    transport: SyncTransport,
    stream: StreamSource,
    options: UploadOptions,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
) -> UploadedFile:
    chunks = iter(stream.chunks)  # type: ignore[arg-type]
    parts = StreamParts(plan.part_size)
    first = next_part(parts, chunks)
    if ended_after(parts, chunks):  # it fits in one part: one PUT of known size
        data = first.data if first is not None and first.data is not None else b""
        one = bytes_source(data, stream.filename, stream.content_type)
        return single.upload(transport, one, options.folder, options.metadata, progress, options.checksum)
    created = _create(transport, stream.filename, stream.content_type, None, options, plan)
    assert created is not None
    assert first is not None
    meter = PartProgress(progress, None)
    sums = created_checksums(created)
    job = Job(created.file_id, created.part_size, None, None, None, plan.concurrency, meter, checksums=sums)
    if created.part_size != plan.part_size:
        _abort_quietly(transport, job.file_id)
        raise DilnakaAPIError(
            f"The API chose parts of {created.part_size} bytes for a stream cut into {plan.part_size}-byte parts.",
            code="invalid_response",
            file_id=job.file_id,
        )

    held = [first]  # handed over, so that no frame keeps part 1's buffer for the whole upload
    del first

    def todo() -> Iterator[Part]:
        part: Optional[Part] = held.pop()
        while part is not None:
            yield part
            part = next_part(parts, chunks)
            if parts.size is not None:
                job.progress.size_known(parts.size)

    return _run(transport, job, todo(), keep_on_error=False)


def resume_upload(
    transport: SyncTransport, file_id: str, source: UploadSource, plan: UploadPlan, progress: Optional[ProgressCallback]
) -> UploadedFile:
    """Continue a pending multipart upload: send the parts storage does not hold, complete."""
    try:
        listing = _parse.upload_part_list(transport.call(list_parts_call(file_id)))
    except ConflictError as error:
        if error.code != "upload_already_completed":
            raise
        return _parse.uploaded_file(transport.call(get_file(file_id)))
    if listing.size is not None and listing.size != source.size:
        raise ValidationError(
            f"The upload {file_id} expects {listing.size} bytes but the source has {source.size}: "
            "pass the same bytes as the first attempt."
        )
    header = {"partSize": listing.part_size, "partCount": listing.part_count, "size": source.size}
    etags = stored_parts(SavedUpload(header), listing)
    sums = resumed_checksums(listing, etags, None)
    job = make_job(listing.file_id, listing.part_size, source, plan, progress, etags, None, sums)
    return _run(transport, job, job.file_parts(), keep_on_error=True)


def make_job(
    file_id: str,
    part_size: int,
    source: UploadSource,
    plan: UploadPlan,
    progress: Optional[ProgressCallback],
    etags: Dict[int, str],
    writer: Optional[StateWriter],
    checksums: Optional[Dict[int, str]] = None,
) -> Job:
    count = -(-source.size // part_size)
    already = sum(part_size_of(n, part_size, source.size) for n in etags)
    meter = PartProgress(progress, source.size, already)
    return Job(file_id, part_size, count, source.size, source, plan.concurrency, meter, writer, dict(etags), checksums)


def _resume(
    transport: SyncTransport, identity: Identity, writer: StateWriter, checksum: ChecksumOption
) -> Union[UploadedFile, Tuple[SavedUpload, Dict[int, str], Optional[Dict[int, str]]], None]:
    """What the state file left by an earlier run leads to (spec/upload-state.md)."""
    saved = read_state(writer.file)
    verdict = judge(saved, identity)
    if verdict == CHANGED and saved is not None:
        _abort_quietly(transport, saved.file_id)
    if verdict != CONTINUE or saved is None:
        return None
    try:
        listing = _parse.upload_part_list(transport.call(list_parts_call(saved.file_id)))
    except NotFoundError:  # expired or aborted on the backend
        return None
    except ConflictError as error:
        if error.code != "upload_already_completed":
            raise
        file = _parse.uploaded_file(transport.call(get_file(saved.file_id)))  # the crash came after complete
        writer.remove()
        return file
    etags = stored_parts(saved, listing)
    return saved, etags, resumed_checksums(listing, etags, checksum)


def _create(
    transport: SyncTransport,
    filename: str,
    content_type: str,
    size: Optional[int],
    options: UploadOptions,
    plan: UploadPlan,
) -> Optional[MultipartUpload]:
    """The new multipart upload, or None when the backend has no multipart and one PUT can do."""
    algorithm = multipart_algorithm(options.checksum)
    call = create_multipart_call(
        filename, content_type, size, options.folder, options.metadata, plan.part_size, algorithm
    )
    try:
        return _parse.multipart_upload(transport.call(call))
    except DilnakaAPIError as error:
        check_fallback(error, size)
        return None


def _run(transport: SyncTransport, job: Job, todo: Iterator[Part], *, keep_on_error: bool) -> UploadedFile:
    job.progress.start()
    try:
        send_parts(transport, job, todo)
    except BaseException as error:
        interrupted = not isinstance(error, Exception)  # KeyboardInterrupt, SystemExit
        if interrupted or not keep_on_error:
            _abort_quietly(transport, job.file_id)
            if job.writer is not None:
                job.writer.remove()
        if isinstance(error, DilnakaError):
            error.file_id = job.file_id
        raise
    job.progress.end()
    try:
        file = _parse.uploaded_file(transport.call(complete_call(job.file_id, job.completed_parts())))
    except DilnakaError as error:
        error.stored_for(job.file_id, parts=True)
        raise
    if job.writer is not None:
        job.writer.remove()
    return file


def _abort_quietly(transport: SyncTransport, file_id: str) -> None:
    """Best effort: the upload is being given up; a failed abort must not hide the real error."""
    with contextlib.suppress(DilnakaError):
        transport.call(abort_call(file_id))

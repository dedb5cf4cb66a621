"""Sending parts from a bounded thread pool, all on the client's one `httpx.Client`.

At most `concurrency` parts are in flight (a slot is taken before the next part is even read, so a
stream holds at most that many buffers). The first part to fail for good stops the others
between two chunks; the caller then aborts or keeps the upload.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Iterator, List, Optional

import httpx

from ... import _parse
from ..._transport import SyncTransport, network_error
from ...errors import DilnakaAPIError, IntegrityError
from ...types import PresignedPart
from ..checksum import part_checksum
from ..put import storage_error, storage_request
from . import parts as part_steps
from .calls import presign_parts_call
from .job import Job
from .parts import Part, Stopped, chunks, etag_of, retry_decision


def send_parts(transport: SyncTransport, job: Job, todo: Iterator[Part]) -> None:
    stop = threading.Event()
    slots = threading.Semaphore(job.concurrency)
    failures: List[BaseException] = []
    futures: List[Future[None]] = []
    sender = _PartSender(transport, job, stop)

    def finished(future: Future[None]) -> None:
        error = None if future.cancelled() else future.exception()
        if error is not None and not isinstance(error, Stopped):
            failures.append(error)
            stop.set()
        slots.release()

    pool = ThreadPoolExecutor(max_workers=job.concurrency, thread_name_prefix="dilnaka-part")
    try:
        while True:
            slots.acquire()
            part = None if stop.is_set() else next(todo, None)  # read a stream's part only with a free slot
            if part is None:
                break
            future = pool.submit(sender.send, part)
            del part  # the worker owns the buffer now: freed once the part is stored
            futures.append(future)
            future.add_done_callback(finished)
        wait(futures)
    except BaseException:
        stop.set()  # KeyboardInterrupt, or the source failed: the parts in flight end at their next chunk
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if failures:
        raise failures[0]


class _PartSender:
    def __init__(self, transport: SyncTransport, job: Job, stop: threading.Event) -> None:
        self.transport = transport
        self.job = job
        self.stop = stop

    def send(self, part: Part) -> None:
        """PUT one part until storage has it: retries, and a fresh URL after a 403."""
        http, config = self.transport.http, self.transport.config
        if self.job.checksums is not None:
            self.job.hashed(part.number, part_checksum(self.job.source, part))
        retry = 0
        read_again = part.data is None  # a file's part refused for its checksum is read once more
        while True:
            presigned = self._url(part.number)
            body = chunks(self.job.source, part, lambda n: self.job.progress.sent(part.number, n), self.stop)
            request = storage_request(
                http, presigned.method, presigned.url, presigned.headers, part.length, body, config.timeout
            )
            response: Optional[httpx.Response] = None
            failure: Optional[httpx.TransportError] = None
            try:
                response = http.send(request, auth=None)
            except httpx.TransportError as exc:
                failure = exc
            finally:
                body.close()
            if response is not None and response.is_success:
                self.job.stored(part, etag_of(response, part.number))
                return
            decision = retry_decision(retry, config.max_retries, response)
            if decision is None:
                if response is not None:
                    error = storage_error(response)
                    if isinstance(error, IntegrityError) and read_again:
                        read_again = False
                        self._hash_again(part)
                        continue
                    raise error
                assert failure is not None
                raise network_error(failure, request, config.api_key) from failure
            delay, presign_again = decision
            if presign_again:
                with self.job.lock:
                    self.job.urls.expire(part.number)
            if part_steps.pause(self.stop, delay):
                raise Stopped
            retry += 1

    def _hash_again(self, part: Part) -> None:
        checksum = part_checksum(self.job.source, part)
        if self.job.checksums is not None and checksum != self.job.checksums.get(part.number):
            self.job.hashed(part.number, checksum)
            with self.job.lock:
                self.job.urls.expire(part.number)  # the URL was signed for the old digest

    def _url(self, part_number: int) -> PresignedPart:
        # Under the job's lock: parallel parts wait for one batch instead of each asking for one.
        with self.job.lock:
            fresh = self.job.urls.fresh(part_number)
            if fresh is not None:
                return fresh
            batch = self.job.urls.batch_for(part_number)
            call = presign_parts_call(self.job.file_id, batch, self.job.signed_checksums(batch))
            presigned = _parse.presigned_parts(self.transport.call(call))
            return take_url(self.job, presigned, part_number)


def take_url(job: Job, presigned: List[PresignedPart], part_number: int) -> PresignedPart:
    job.urls.add(presigned)
    if all(p.part_number != part_number for p in presigned):
        raise DilnakaAPIError(
            f"presignUploadParts did not return part {part_number}.",
            code="invalid_response",
            hint="Check DILNAKA_BASE_URL points at a Dilnaka API.",
        )
    return job.urls.get(part_number)

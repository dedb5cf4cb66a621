"""Sending parts as asyncio tasks under a semaphore, all on the client's one `httpx.AsyncClient`.

At most `concurrency` tasks exist at a time (a slot is taken before the next part is even read).
The first part to fail for good cancels the others; cancelling the caller cancels them all.
"""

from __future__ import annotations

import asyncio
import threading
from typing import AsyncIterator, List, Optional, Set

import httpx

from ... import _parse
from ..._transport import AsyncTransport, network_error
from ...errors import IntegrityError
from ...types import PresignedPart
from ..checksum import part_checksum
from ..put import storage_error, storage_request
from .calls import presign_parts_call
from .job import Job
from .parts import Part, Stopped, async_chunks, etag_of, retry_decision
from .send_sync import take_url


async def send_parts(transport: AsyncTransport, job: Job, todo: AsyncIterator[Part]) -> None:
    stop = threading.Event()  # read by the part bodies between chunks
    slots = asyncio.Semaphore(job.concurrency)
    tasks: Set[asyncio.Task[None]] = set()
    failures: List[BaseException] = []
    sender = _PartSender(transport, job, stop)

    def finished(task: asyncio.Task[None]) -> None:
        tasks.discard(task)
        slots.release()
        error = None if task.cancelled() else task.exception()
        if error is not None and not isinstance(error, Stopped):
            failures.append(error)
            stop.set()
            for other in tasks:
                other.cancel()

    try:
        while True:
            await slots.acquire()
            part = None if stop.is_set() else await _next(todo)  # read a stream's part only with a free slot
            if part is None:
                break
            task = asyncio.ensure_future(sender.send(part))
            del part  # the task owns the buffer now
            tasks.add(task)
            task.add_done_callback(finished)
        while tasks:
            await asyncio.wait(set(tasks))
    except BaseException:  # cancelled, or the source failed: stop every part before the caller aborts
        stop.set()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(set(tasks))
        raise
    if failures:
        raise failures[0]


async def _next(todo: AsyncIterator[Part]) -> Optional[Part]:
    try:
        return await todo.__anext__()
    except StopAsyncIteration:
        return None


class _PartSender:
    def __init__(self, transport: AsyncTransport, job: Job, stop: threading.Event) -> None:
        self.transport = transport
        self.job = job
        self.stop = stop
        self.presigning = asyncio.Lock()

    async def send(self, part: Part) -> None:
        """PUT one part until storage has it: retries, and a fresh URL after a 403."""
        http, config = self.transport.http, self.transport.config
        if self.job.checksums is not None:
            self.job.hashed(part.number, await self._hash(part))
        retry = 0
        read_again = part.data is None  # a file's part refused for its checksum is read once more
        while True:
            presigned = await self._url(part.number)
            body = async_chunks(self.job.source, part, lambda n: self.job.progress.sent(part.number, n), self.stop)
            request = storage_request(
                http, presigned.method, presigned.url, presigned.headers, part.length, body, config.timeout
            )
            response: Optional[httpx.Response] = None
            failure: Optional[httpx.TransportError] = None
            try:
                response = await http.send(request, auth=None)
            except httpx.TransportError as exc:
                failure = exc
            finally:
                await body.aclose()
            if response is not None and response.is_success:
                self.job.stored(part, etag_of(response, part.number))
                return
            decision = retry_decision(retry, config.max_retries, response)
            if decision is None:
                if response is not None:
                    error = storage_error(response)
                    if isinstance(error, IntegrityError) and read_again:
                        read_again = False
                        await self._hash_again(part)
                        continue
                    raise error
                assert failure is not None
                raise network_error(failure, request, config.api_key) from failure
            delay, presign_again = decision
            if presign_again:
                with self.job.lock:
                    self.job.urls.expire(part.number)
            await asyncio.sleep(delay)
            if self.stop.is_set():
                raise Stopped
            retry += 1

    async def _hash(self, part: Part) -> str:
        # In a thread: reading and hashing a 16 MiB part would hold the event loop (hashlib frees the GIL).
        return await asyncio.to_thread(part_checksum, self.job.source, part)

    async def _hash_again(self, part: Part) -> None:
        checksum = await self._hash(part)
        if self.job.checksums is not None and checksum != self.job.checksums.get(part.number):
            self.job.hashed(part.number, checksum)
            with self.job.lock:
                self.job.urls.expire(part.number)  # the URL was signed for the old digest

    async def _url(self, part_number: int) -> PresignedPart:
        # One batch at a time: parallel parts wait for it instead of each asking for their own.
        async with self.presigning:
            with self.job.lock:
                fresh = self.job.urls.fresh(part_number)
                batch = self.job.urls.batch_for(part_number) if fresh is None else []
            if fresh is not None:
                return fresh
            call = presign_parts_call(self.job.file_id, batch, self.job.signed_checksums(batch))
            presigned = _parse.presigned_parts(await self.transport.call(call))
            with self.job.lock:
                return take_url(self.job, presigned, part_number)

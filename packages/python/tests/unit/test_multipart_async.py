"""`AsyncDilnaka.upload()` in parts: the same requests as the sync client, parts as asyncio tasks
under a semaphore, cancellation aborting the upload."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, List, Optional, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import AsyncDilnaka

from .conftest import API_KEY, BASE_URL, json_response
from .multipart_fake import MultipartFake, created
from .test_multipart import PART, SIZE, data_of, write

MiB = 1024 * 1024


def run(fake: MultipartFake, use: Callable[[AsyncDilnaka], Awaitable[Any]], **options: Any) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(fake.handle_async)) as http:
            client = AsyncDilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http, **options)
            return await use(client)

    return asyncio.run(main())


@pytest.fixture
def no_async_sleep(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    recorded: List[float] = []
    real_sleep = asyncio.sleep

    async def record(delay: float, *args: Any) -> None:
        recorded.append(delay)
        await real_sleep(0)

    monkeypatch.setattr("dilnaka.upload.multipart.send_async.asyncio.sleep", record)
    monkeypatch.setattr("dilnaka._transport.asyncio.sleep", record)
    return recorded


def test_a_path_goes_in_parts_like_the_sync_client(tmp_path: Path, no_async_sleep: List[float]) -> None:
    data = data_of()
    fake = MultipartFake()
    fake.on(
        "putPart",
        lambda r: (
            httpx.Response(503)
            if len(fake.parts[int(r.url.params["partNumber"])]) == 1 and r.url.params["partNumber"] == "2"
            else httpx.Response(200, headers={"ETag": f'"etag-{r.url.params["partNumber"]}"'})
        ),
    )
    calls: List[Tuple[int, Optional[int]]] = []
    uploaded = run(
        fake,
        lambda c: c.upload(
            write(tmp_path, data), multipart_threshold=0, part_size=PART, progress=lambda s, t: calls.append((s, t))
        ),
    )
    assert uploaded.status == "uploaded"
    assert fake.api_ops() == ["createMultipartUpload", "presignUploadParts", "completeUpload"]
    assert {n: b[-1] for n, b in fake.parts.items()} == {1: data[:PART], 2: data[PART : 2 * PART], 3: data[2 * PART :]}
    assert len(fake.parts[2]) == 2 and len(no_async_sleep) == 1
    assert [s for s, _ in calls] == sorted(s for s, _ in calls) and calls[-1] == (SIZE, SIZE)
    assert fake.json[-1]["parts"] == [{"partNumber": n, "etag": f'"etag-{n}"'} for n in (1, 2, 3)]


def test_parts_run_as_concurrent_tasks_bounded_by_concurrency(tmp_path: Path) -> None:
    fake = MultipartFake(created(part_count=5))
    in_flight, most = [0], [0]

    async def hold(name: str, request: httpx.Request) -> None:
        if name == "putPart":
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
            await asyncio.sleep(0.02)
            in_flight[0] -= 1

    fake.before_async = hold
    run(
        fake,
        lambda c: c.upload(write(tmp_path, data_of(24 * MiB)), multipart_threshold=0, part_size=PART, concurrency=3),
    )
    assert most[0] == 3
    assert sorted(fake.parts) == [1, 2, 3, 4, 5]


def test_an_async_iterator_of_unknown_size() -> None:
    data = data_of(13 * MiB)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), MiB):
            await asyncio.sleep(0)
            yield data[i : i + MiB]

    fake = MultipartFake(created(part_count=None))
    calls: List[Tuple[int, Optional[int]]] = []
    run(
        fake, lambda c: c.upload(chunks(), filename="s.bin", part_size=PART, progress=lambda s, t: calls.append((s, t)))
    )
    assert "size" not in fake.json[0]
    assert b"".join(fake.parts[n][-1] for n in sorted(fake.parts)) == data
    assert calls[0] == (0, None) and calls[-1] == (len(data), len(data))


def test_a_sync_iterator_works_too_and_a_short_one_is_one_put() -> None:
    fake = MultipartFake()
    run(fake, lambda c: c.upload(iter([b"ab", b"c"]), filename="s.txt"))
    assert fake.log == ["createPresignedUpload", "put", "completeUpload"]


def test_the_sync_client_refuses_an_async_iterator_before_any_request() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"x"

    fake = MultipartFake()
    http = httpx.Client(transport=httpx.MockTransport(fake))
    with pytest.raises(dilnaka.ValidationError, match="AsyncDilnaka"):
        dilnaka.Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http).upload(chunks(), filename="s.bin")
    assert fake.log == []


def test_cancelling_the_task_cancels_the_parts_and_aborts(tmp_path: Path) -> None:
    fake = MultipartFake(created(part_count=5))
    started = asyncio.Event()

    async def hang(name: str, request: httpx.Request) -> None:
        if name == "putPart":
            started.set()
            await asyncio.sleep(30)

    fake.before_async = hang

    async def use(client: AsyncDilnaka) -> None:
        task = asyncio.ensure_future(
            client.upload(write(tmp_path, data_of(24 * MiB)), multipart_threshold=0, part_size=PART)
        )
        await asyncio.wait_for(started.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run(fake, use)
    assert fake.log[-1] == "abortUpload" and "completeUpload" not in fake.log
    assert "putPart" not in fake.log  # the hung parts never got an answer


def test_a_failed_part_aborts_and_carries_the_file_id(tmp_path: Path) -> None:
    fake = MultipartFake()
    fake.on("putPart", httpx.Response(400, text="<Error><Code>InvalidArgument</Code></Error>"))
    with pytest.raises(dilnaka.StorageError) as info:
        run(fake, lambda c: c.upload(write(tmp_path, data_of()), multipart_threshold=0, part_size=PART))
    assert info.value.file_id == "f_1"
    assert fake.log[-1] == "abortUpload"


def test_resume_continues_from_the_listed_parts(tmp_path: Path) -> None:
    path = write(tmp_path, data_of())
    state_dir = tmp_path / "state"
    fake = MultipartFake()
    fake.on(
        "putPart",
        lambda r: (
            httpx.Response(400)
            if r.url.params["partNumber"] == "3"
            else httpx.Response(200, headers={"ETag": f'"etag-{r.url.params["partNumber"]}"'})
        ),
    )
    options = {"multipart_threshold": 0, "part_size": PART, "concurrency": 1, "resume": True, "state_dir": state_dir}
    with pytest.raises(dilnaka.StorageError):
        run(fake, lambda c: c.upload(path, **options))
    again = MultipartFake()
    parts = [{"partNumber": n, "etag": f'"etag-{n}"', "size": PART} for n in (1, 2)]
    again.on(
        "listUploadParts",
        json_response(
            200, {"fileId": "f_1", "uploadId": "u_1", "partSize": PART, "partCount": 3, "size": SIZE, "parts": parts}
        ),
    )
    run(again, lambda c: c.upload(path, **options))
    assert again.api_ops() == ["listUploadParts", "presignUploadParts", "completeUpload"]
    assert sorted(again.parts) == [3]
    assert list((state_dir / "uploads").iterdir()) == []


def test_lower_level_operations() -> None:
    fake = MultipartFake(created(part_count=2))
    listed = {"fileId": "f_1", "uploadId": "u_1", "partSize": PART, "partCount": 2, "size": None, "parts": []}
    fake.on("listUploadParts", json_response(200, listed))

    async def use(c: AsyncDilnaka) -> Any:
        upload = await c.create_multipart_upload("a.bin", "application/octet-stream", size=2 * PART, part_size=PART)
        urls = await c.presign_upload_parts(upload.file_id, [1, 2])
        return upload, urls, await c.list_upload_parts("f_1"), await c.abort_upload("f_1")

    upload, urls, listing, aborted = run(fake, use)
    assert (upload.file_id, upload.part_count, [u.part_number for u in urls]) == ("f_1", 2, [1, 2])
    assert (listing.size, listing.parts, aborted.aborted) == (None, [], True)

"""AsyncDilnaka's downloads: the same wire and the same rules as the sync client's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Awaitable, Callable, List

import httpx
import pytest

from dilnaka import AsyncDilnaka, IntegrityError

from .conftest import API_KEY, BASE_URL
from .download_fake import DownloadFake

DATA = bytes(range(256)) * 4096


def run(fake: DownloadFake, use: Callable[[AsyncDilnaka], Awaitable[Any]]) -> Any:
    async def handle(request: httpx.Request) -> httpx.Response:
        return fake(request)

    async def main() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        async with http, AsyncDilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=2) as c:
            return await use(c)

    return asyncio.run(main())


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr("dilnaka.download.fetch_async.asyncio.sleep", instant)


def test_download_to_a_path_after_a_reset(tmp_path: Path) -> None:
    fake = DownloadFake(DATA)
    fake.plan = [{"reset": 123_456}, None]
    result = run(fake, lambda c: c.download("f1", tmp_path / "out.bin"))
    assert (tmp_path / "out.bin").read_bytes() == DATA and result.size == len(DATA)
    assert [r.headers.get("range") for r in fake.store_requests] == [None, "bytes=123456-"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_mismatch_leaves_no_file(tmp_path: Path) -> None:
    fake = DownloadFake(DATA)
    fake.plan = [{"flip": 5}]
    with pytest.raises(IntegrityError) as info:
        run(fake, lambda c: c.download("f1", tmp_path / "out.bin"))
    assert info.value.code == "checksum_mismatch"
    assert list(tmp_path.iterdir()) == []


def test_bytes_and_stream() -> None:
    fake = DownloadFake(DATA)
    fake.plan = [{"short": 1000}, None]
    assert run(fake, lambda c: c.download_bytes("f1")) == DATA

    async def collect(c: AsyncDilnaka) -> bytes:
        return b"".join([chunk async for chunk in c.download_stream("f1")])

    fake.plan = [{"reset": 70_000}, {"ignoreRange": True}]
    assert run(fake, collect) == DATA


def test_the_stream_raises_at_its_end() -> None:
    fake = DownloadFake(DATA)
    fake.plan = [{"flip": 99}]
    got: List[int] = []

    async def collect(c: AsyncDilnaka) -> None:
        async for chunk in c.download_stream("f1"):
            got.append(len(chunk))

    with pytest.raises(IntegrityError):
        run(fake, collect)
    assert sum(got) == len(DATA)


def test_cancelling_leaves_no_temp_file(tmp_path: Path) -> None:
    fake = DownloadFake(DATA)

    async def cancel_mid_way(c: AsyncDilnaka) -> None:
        def progress(n: int, total: Any) -> None:
            if n > 0:
                raise asyncio.CancelledError

        await c.download("f1", tmp_path / "out.bin", on_progress=progress)

    with pytest.raises(asyncio.CancelledError):
        run(fake, cancel_mid_way)
    assert list(tmp_path.iterdir()) == []

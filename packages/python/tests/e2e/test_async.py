"""`AsyncDilnaka` against the dev server: the same guarantees as the sync client."""

from __future__ import annotations

import asyncio
import hashlib
import io
import tracemalloc
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import AsyncDilnaka

from .conftest import DevServer, sha256_of_download, sha256_of_file
from .test_sync import FAULTS

pytestmark = pytest.mark.e2e


def run(dev_server: DevServer, use: Callable[[AsyncDilnaka], Awaitable[Any]], **kwargs: Any) -> Any:
    async def main() -> Any:
        async with AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, **kwargs) as client:
            return await use(client)

    return asyncio.run(main())


async def download(client: AsyncDilnaka, file_id: str) -> bytes:
    url = (await client.get_file_access_url(file_id, expires_in=60)).url
    async with httpx.AsyncClient() as http:
        return (await http.get(url)).content


def test_round_trip_and_async_for(dev_server: DevServer) -> None:
    async def use(client: AsyncDilnaka) -> None:
        uploaded = await client.upload(b"async hello", filename="async.txt", folder="e2e/async")
        assert (uploaded.status, uploaded.size, uploaded.content_type) == ("uploaded", 11, "text/plain")
        assert await client.get_file(uploaded.id) == uploaded
        assert uploaded.id in [f.id async for f in client.list_files(limit=3)]
        assert await download(client, uploaded.id) == b"async hello"
        assert (await client.delete_file(uploaded.id)).deleted
        with pytest.raises(dilnaka.NotFoundError):
            await client.get_file(uploaded.id)

    run(dev_server, use)


def test_each_source_kind_and_zero_bytes(dev_server: DevServer, tmp_path: Path) -> None:
    data = b"async kinds" * 999
    path = tmp_path / "kinds.bin"
    path.write_bytes(data)
    (tmp_path / "empty.bin").write_bytes(b"")

    async def use(client: AsyncDilnaka) -> None:
        with path.open("rb") as stream:
            for source, kwargs in [
                (path, {}),
                (str(path), {}),
                (data, {"filename": "k.bin"}),
                (stream, {}),
                (io.BytesIO(data), {"filename": "k.bin"}),
            ]:
                uploaded = await client.upload(source, **kwargs)
                assert hashlib.sha256(await download(client, uploaded.id)).digest() == hashlib.sha256(data).digest()
        progress: List[Tuple[int, int]] = []
        empty = await client.upload(tmp_path / "empty.bin", progress=lambda s, t: progress.append((s, t)))
        assert (empty.size, progress, await download(client, empty.id)) == (0, [(0, 0)], b"")

    run(dev_server, use)


def test_200_mib_streams_in_flat_memory_and_arrives_identical(dev_server: DevServer, big_file: Path) -> None:
    size = big_file.stat().st_size
    progress: List[int] = []

    async def use(client: AsyncDilnaka) -> Tuple[Any, int, str]:
        tracemalloc.start()
        try:
            uploaded = await client.upload(big_file, progress=lambda s, t: progress.append(s))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return uploaded, peak, (await client.get_file_access_url(uploaded.id)).url

    uploaded, peak, url = run(dev_server, use)
    assert peak < 32 * 1024 * 1024, f"peak traced memory {peak / 2**20:.1f} MiB"
    assert uploaded.size == size
    assert progress[0] == 0 and progress[-1] == size and progress == sorted(progress)
    assert sha256_of_download(url) == sha256_of_file(big_file)


@pytest.mark.parametrize("fault", [f for _, f in FAULTS], ids=[name for name, _ in FAULTS])
def test_temporary_faults_are_recovered(dev_server: DevServer, fault: dict) -> None:
    sent: List[str] = []

    async def record(request: httpx.Request) -> None:
        sent.append(f"{request.method} {request.url.path}")

    data = b"async survives " * 4096
    dev_server.arm(**fault)

    async def use(client: AsyncDilnaka) -> None:
        uploaded = await client.upload(data, filename="fault.bin")
        assert await download(client, uploaded.id) == data

    async def main() -> None:
        async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
            await use(AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, http_client=http))

    asyncio.run(main())
    target = {"createPresignedUpload": "POST /v1/uploads/presign", "completeUpload": "POST /v1/uploads/complete"}
    retried = target.get(fault["operation"], "PUT")
    assert sum(1 for s in sent if s.startswith(retried)) == 1 + fault["times"], sent


def test_a_complete_that_keeps_failing_leaves_a_file_id_to_finish_later(dev_server: DevServer) -> None:
    dev_server.arm(target="api", operation="completeUpload", status=503, times=3)

    async def use(client: AsyncDilnaka) -> None:
        with pytest.raises(dilnaka.InternalServerError) as info:
            await client.upload(b"async later", filename="later.txt")
        file_id = info.value.file_id
        assert file_id
        assert (await client.complete_upload(file_id)).status == "uploaded"
        assert await download(client, file_id) == b"async later"

    run(dev_server, use)

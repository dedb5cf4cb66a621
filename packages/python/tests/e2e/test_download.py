"""download / download_bytes / download_stream against the dev server and its real store: the
bytes and SHA-256 come back equal, a reset mid-body continues with Range (the store's log shows
it), a corrupted byte is an IntegrityError that leaves no file, composite checksums verify."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from dilnaka import AsyncDilnaka, Dilnaka, IntegrityError
from dilnaka.integrity import sha256

from .conftest import DevServer

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024


def pattern(size: int) -> bytes:
    block = hashlib.sha256(b"download").digest() * (MiB // 32)
    return b"".join(i.to_bytes(4, "big") + block[4:] for i in range(size // MiB + 1))[:size]


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
        yield c


def store_gets(server: DevServer, key: str) -> List[Dict[str, Any]]:
    requests = server.dev("GET", "/__dev/store-requests")["requests"]
    return [r for r in requests if r["method"] == "GET" and r["key"] == key]


def leftovers(directory: Path) -> List[str]:
    return sorted(p.name for p in directory.iterdir())


def test_path_bytes_and_stream_round_trip_with_the_checksum_stored(client: Dilnaka, tmp_path: Path) -> None:
    data = pattern(3 * MiB + 7)
    uploaded = client.upload(data, filename="three.bin", folder="e2e/download")
    assert uploaded.checksum_sha256 == sha256.of_bytes(data)  # bytes carry it; storage verified it
    progress: List[int] = []
    result = client.download(uploaded.id, tmp_path / "three.bin", on_progress=lambda n, t: progress.append(n))
    assert (tmp_path / "three.bin").read_bytes() == data
    assert (result.size, result.checksum_sha256, result.path) == (
        len(data),
        uploaded.checksum_sha256,
        tmp_path / "three.bin",
    )
    assert progress[0] == 0 and progress[-1] == len(data) and progress == sorted(progress)
    assert client.download_bytes(uploaded.id) == data
    assert b"".join(client.download_stream(uploaded.id)) == data
    assert leftovers(tmp_path) == ["three.bin"]


def test_a_reset_mid_download_continues_with_range(client: Dilnaka, dev_server: DevServer, tmp_path: Path) -> None:
    data = pattern(3 * MiB)
    uploaded = client.upload(data, filename="reset.bin", folder="e2e/download")
    dev_server.dev("DELETE", "/__dev/store-requests")
    dev_server.arm(target="store", operation="get", resetAfterBytes=MiB)
    client.download(uploaded.id, tmp_path / "reset.bin")
    assert (tmp_path / "reset.bin").read_bytes() == data
    gets = store_gets(dev_server, uploaded.key)
    assert [g["range"] for g in gets] == [None, f"bytes={MiB}-"]
    assert [g["status"] for g in gets] == [200, 206]


def test_a_file_past_the_background_sync_interval_reset_after_it_lands_whole(
    client: Dilnaka, dev_server: DevServer, tmp_path: Path
) -> None:
    data = pattern(40 * MiB + 7)  # past target.SYNC_EVERY (32 MiB): a background fdatasync ran
    uploaded = client.upload(data, filename="big.bin", folder="e2e/download")
    dev_server.dev("DELETE", "/__dev/store-requests")
    dev_server.arm(target="store", operation="get", resetAfterBytes=36 * MiB)
    result = client.download(uploaded.id, tmp_path / "big.bin")
    assert (tmp_path / "big.bin").read_bytes() == data
    assert result.checksum_sha256 == uploaded.checksum_sha256 is not None
    assert [g["status"] for g in store_gets(dev_server, uploaded.key)] == [200, 206]
    assert leftovers(tmp_path) == ["big.bin"]


def test_a_corrupted_byte_is_refused_and_leaves_no_file(client: Dilnaka, dev_server: DevServer, tmp_path: Path) -> None:
    data = pattern(2 * MiB)
    uploaded = client.upload(data, filename="flip.bin", folder="e2e/download")
    (tmp_path / "flip.bin").write_bytes(b"previous version")
    dev_server.arm(target="store", operation="get", corruptByte=4096)
    with pytest.raises(IntegrityError) as info:
        client.download(uploaded.id, tmp_path / "flip.bin")
    assert info.value.code == "checksum_mismatch" and info.value.hint
    assert (tmp_path / "flip.bin").read_bytes() == b"previous version"
    assert leftovers(tmp_path) == ["flip.bin"]  # no temp file either
    dev_server.arm(target="store", operation="get", corruptByte=10)
    with pytest.raises(IntegrityError):
        b"".join(client.download_stream(uploaded.id))


def test_a_multipart_file_verifies_its_composite_checksum(
    client: Dilnaka, dev_server: DevServer, tmp_path: Path
) -> None:
    data = pattern(12 * MiB + 5)
    uploaded = client.upload(
        data, filename="parts.bin", folder="e2e/download", multipart_threshold=8 * MiB, part_size=5 * MiB
    )
    parts = [sha256.of_bytes(data[o : o + 5 * MiB]) for o in range(0, len(data), 5 * MiB)]
    assert uploaded.checksum_sha256 == sha256.composite(parts)  # "<base64>-3"
    assert uploaded.part_size == 5 * MiB
    assert client.download(uploaded.id, tmp_path / "parts.bin").checksum_sha256 == uploaded.checksum_sha256
    assert (tmp_path / "parts.bin").read_bytes() == data
    dev_server.arm(target="store", operation="get", corruptByte=11 * MiB)  # in the third part
    with pytest.raises(IntegrityError):
        client.download_bytes(uploaded.id)


def test_async_download_after_a_reset_and_a_corrupted_byte(dev_server: DevServer, tmp_path: Path) -> None:
    data = pattern(2 * MiB + 1)

    async def main() -> None:
        async with AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
            uploaded = await c.upload(data, filename="async.bin", folder="e2e/download")
            dev_server.arm(target="store", operation="get", resetAfterBytes=300_000)
            await c.download(uploaded.id, tmp_path / "async.bin")
            assert (tmp_path / "async.bin").read_bytes() == data
            dev_server.arm(target="store", operation="get", resetAfterBytes=100_000)
            assert b"".join([chunk async for chunk in c.download_stream(uploaded.id)]) == data
            dev_server.arm(target="store", operation="get", corruptByte=1)
            with pytest.raises(IntegrityError):
                await c.download(uploaded.id, tmp_path / "bad.bin")
            assert not (tmp_path / "bad.bin").exists()

    asyncio.run(main())
    assert leftovers(tmp_path) == ["async.bin"]


def test_async_multipart_uploads_carry_part_checksums(dev_server: DevServer, tmp_path: Path) -> None:
    data = pattern(12 * MiB + 1)
    path = tmp_path / "async-parts.bin"
    path.write_bytes(data)
    parts = [sha256.of_bytes(data[o : o + 5 * MiB]) for o in range(0, len(data), 5 * MiB)]

    async def chunks() -> Any:
        for o in range(0, len(data), MiB):
            yield data[o : o + MiB]

    async def main() -> None:
        async with AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
            for source, extra in ((path, {}), (chunks(), {"filename": "stream.bin"})):
                uploaded = await c.upload(source, multipart_threshold=8 * MiB, part_size=5 * MiB, **extra)
                assert uploaded.checksum_sha256 == sha256.composite(parts)
                assert await c.download_bytes(uploaded.id) == data

    asyncio.run(main())

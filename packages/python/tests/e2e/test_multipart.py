"""Multipart uploads against the dev server and its real S3-compatible store (S3's part rules
enforced): round trips with equal SHA-256, faults recovered, abort, a backend without multipart.
5 MiB parts on 12 to 40 MiB files; the store's request log counts what was really PUT."""

from __future__ import annotations

import _thread
import asyncio
import hashlib
import io
import threading
from pathlib import Path
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import AsyncDilnaka, Dilnaka

from ..devserver import start_dev_server
from .conftest import DevServer, sha256_of_download, sha256_of_file

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024
PART = 5 * MiB
PARTS = {"multipart_threshold": 8 * MiB, "part_size": PART, "concurrency": 4}


def pattern(size: int, seed: int = 0) -> bytes:
    block = hashlib.sha256(str(seed).encode()).digest() * (MiB // 32)
    return b"".join(i.to_bytes(4, "big") + block[4:] for i in range(size // MiB)) + block[: size % MiB]


@pytest.fixture(scope="module")
def file_40(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mp") / "forty.bin"
    path.write_bytes(pattern(40 * MiB + 12345))  # 9 parts, the last one short
    return path


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
        yield c


def store_puts(server: DevServer, key: str) -> List[Dict[str, Any]]:
    """The PUTs the store front saw for `key`, oldest first."""
    requests = server.dev("GET", "/__dev/store-requests")["requests"]
    return [r for r in requests if r["method"] == "PUT" and r["key"] == key]


def downloaded_sha(client: Dilnaka, file_id: str) -> str:
    return sha256_of_download(client.get_file_access_url(file_id, expires_in=60).url)


def test_a_path_round_trip_in_parallel_parts(client: Dilnaka, dev_server: DevServer, file_40: Path) -> None:
    progress: List[Tuple[int, Optional[int]]] = []
    uploaded = client.upload(file_40, folder="e2e/multipart", progress=lambda s, t: progress.append((s, t)), **PARTS)
    size = file_40.stat().st_size
    assert (uploaded.status, uploaded.size) == ("uploaded", size)
    assert downloaded_sha(client, uploaded.id) == sha256_of_file(file_40)
    puts = store_puts(dev_server, uploaded.key)
    assert sorted(p["partNumber"] for p in puts) == list(range(1, 10))
    assert all(p["status"] == 200 for p in puts) and sum(p["bytes"] for p in puts) == size
    sent = [s for s, _ in progress]
    assert sent == sorted(sent) and progress[-1] == (size, size)


def test_bytes_a_file_object_and_an_iterator_of_unknown_size_round_trip(client: Dilnaka, dev_server: DevServer) -> None:
    data = pattern(23 * MiB + 77, seed=1)
    want = hashlib.sha256(data).hexdigest()
    from_bytes = client.upload(data, filename="b.bin", **PARTS)
    with io.BytesIO(b"skip" + data) as stream:
        stream.seek(4)
        from_object = client.upload(stream, filename="o.bin", **PARTS)

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(data), 1_000_000):  # chunks that do not line up with the parts
            yield data[i : i + 1_000_000]

    progress: List[Tuple[int, Optional[int]]] = []
    from_stream = client.upload(
        chunks(), filename="s.bin", part_size=PART, progress=lambda s, t: progress.append((s, t))
    )
    for uploaded in (from_bytes, from_object, from_stream):
        assert uploaded.size == len(data)
        assert downloaded_sha(client, uploaded.id) == want
        assert len([p for p in store_puts(dev_server, uploaded.key) if p["partNumber"]]) == 5
    assert progress[0] == (0, None) and progress[-1] == (len(data), len(data))


def test_async_round_trips_a_path_and_an_async_iterator(dev_server: DevServer, file_40: Path) -> None:
    data = pattern(12 * MiB, seed=2)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), MiB):
            yield data[i : i + MiB]

    async def main() -> Tuple[Any, Any]:
        async with AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
            return await c.upload(file_40, **PARTS), await c.upload(chunks(), filename="a.bin", part_size=PART)

    from_path, from_stream = asyncio.run(main())
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url) as c:
        assert downloaded_sha(c, from_path.id) == sha256_of_file(file_40)
        assert downloaded_sha(c, from_stream.id) == hashlib.sha256(data).hexdigest()


FAULTS = [
    ("part 2 answers 503 twice", {"part": 2, "status": 503, "retryAfter": 0, "times": 2}, 2, 3),
    ("part 3 is reset after 1 MiB", {"part": 3, "resetAfterBytes": MiB, "times": 1}, 3, 2),
]


@pytest.mark.parametrize(("fault", "part", "puts"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_a_failing_part_is_retried_alone(
    client: Dilnaka, dev_server: DevServer, file_40: Path, fault: dict, part: int, puts: int
) -> None:
    dev_server.arm(target="store", operation="put", **fault)
    progress: List[int] = []
    uploaded = client.upload(file_40, progress=lambda s, t: progress.append(s), **PARTS)
    assert downloaded_sha(client, uploaded.id) == sha256_of_file(file_40)
    seen = store_puts(dev_server, uploaded.key)
    assert len([p for p in seen if p["partNumber"] == part]) == puts  # the fault fired, then passed
    assert all(len([p for p in seen if p["partNumber"] == n]) == 1 for n in range(1, 10) if n != part)
    assert progress == sorted(progress) and progress[-1] == file_40.stat().st_size


def test_expired_part_urls_are_presigned_again(client: Dilnaka, dev_server: DevServer, file_40: Path) -> None:
    dev_server.arm(target="api", operation="presignUploadParts", expireUrl=True, times=1)
    uploaded = client.upload(file_40, **PARTS)
    assert downloaded_sha(client, uploaded.id) == sha256_of_file(file_40)
    assert {p["status"] for p in store_puts(dev_server, uploaded.key)} >= {403, 200}


def test_ctrl_c_aborts_and_leaves_nothing(dev_server: DevServer, file_40: Path) -> None:
    created: List[str] = []

    def remember(response: httpx.Response) -> None:
        if response.request.url.path == "/v1/uploads/multipart":
            response.read()
            created.append(response.json()["fileKey"])

    interrupted = threading.Event()

    def progress(sent: int, total: Optional[int]) -> None:
        if sent > 12 * MiB and not interrupted.is_set():
            interrupted.set()
            _thread.interrupt_main()  # what Ctrl-C does

    http = httpx.Client(event_hooks={"response": [remember]})
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, http_client=http) as client:
        with pytest.raises(KeyboardInterrupt):
            client.upload(file_40, progress=progress, **PARTS)
        key = created[0]
        file_id = key.rsplit("/", 1)[1].split("-", 1)[0]
        with pytest.raises(dilnaka.NotFoundError):
            client.list_upload_parts(file_id)
        with pytest.raises(dilnaka.NotFoundError):
            client.get_file(file_id)
        assert file_id not in [f.id for f in client.list_files(status="all")]
    http.close()
    seen = store_puts(dev_server, key)
    assert seen and len(seen) < 9  # stopped part-way
    assert all(p["status"] is not None or p["bytes"] < PART for p in seen)  # nothing left in flight
    threading.Event().wait(0.5)
    assert store_puts(dev_server, key) == seen  # and no part arrived after the abort


@pytest.fixture(scope="module")
def no_multipart_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    server = start_dev_server(tmp_path_factory.mktemp("no-multipart"), "--no-multipart")
    try:
        yield server
    finally:
        server.stop()


def test_a_backend_without_multipart_gets_one_put(no_multipart_server: DevServer) -> None:
    data = pattern(12 * MiB, seed=3)
    sent: List[str] = []
    http = httpx.Client(event_hooks={"request": [lambda r: sent.append(f"{r.method} {r.url.path}")]})
    with Dilnaka(api_key=no_multipart_server.api_key, base_url=no_multipart_server.base_url, http_client=http) as c:
        uploaded = c.upload(data, filename="fallback.bin", **PARTS)
        assert downloaded_sha(c, uploaded.id) == hashlib.sha256(data).hexdigest()
    http.close()
    assert sent[:2] == ["POST /v1/uploads/multipart", "POST /v1/uploads/presign"]
    puts = store_puts(no_multipart_server, uploaded.key)
    assert [(p["partNumber"], p["bytes"]) for p in puts] == [(None, len(data))]


def test_an_iterator_of_unknown_size_is_held_at_most_concurrency_parts_in_memory(client: Dilnaka) -> None:
    import tracemalloc

    block = pattern(MiB, seed=4)

    def chunks() -> Iterator[bytes]:
        for i in range(40):  # 40 MiB, never held whole: each chunk is a fresh copy
            yield i.to_bytes(4, "big") + block[4:]

    tracemalloc.start()
    try:
        uploaded = client.upload(chunks(), filename="memory.bin", part_size=PART, concurrency=2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert uploaded.size == 40 * MiB
    # The parts in flight, plus the one being cut (its pending bytes and their copy), plus chunks:
    # bounded by the options, not by the stream's 40 MiB (measured: 20.6 MiB).
    assert peak < (2 + 2) * PART + 4 * MiB, f"peak traced memory {peak / MiB:.1f} MiB"

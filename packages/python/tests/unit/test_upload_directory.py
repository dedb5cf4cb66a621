"""upload_directory against a scripted API and storage: the walk, folders, filters, symlinks,
failures that do not stop the others, bounded concurrency and aggregate progress."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path
from typing import Any, List

import httpx
import pytest

from dilnaka import AsyncDilnaka, Dilnaka, DirectoryProgress, ValidationError
from dilnaka.upload.directory.globs import compile_glob

from .conftest import API_KEY, BASE_URL, error_body, json_response
from .multipart_fake import MultipartFake


def tree(root: Path) -> Path:
    for relative, text in {
        "a.txt": "a",
        "b/c.txt": "cc",
        "b/d/e.jpg": "eee",
        "b/d/f.txt": "ffff",
        "z.jpg": "zzzzz",
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def client_for(fake: MultipartFake, **options: Any) -> Dilnaka:
    http = httpx.Client(transport=httpx.MockTransport(fake))
    return Dilnaka(**{"api_key": API_KEY, "base_url": BASE_URL, "http_client": http, **options})


def presigns(fake: MultipartFake) -> List[Any]:
    return [j for op, j in zip(fake.log, fake.json) if op == "createPresignedUpload"]


def test_every_file_goes_to_its_folder_in_sorted_order(tmp_path: Path) -> None:
    fake = MultipartFake()
    result = client_for(fake).upload_directory(tree(tmp_path / "site"), folder="docs", concurrency=1)
    assert [e.path for e in result.uploaded] == ["a.txt", "b/c.txt", "b/d/e.jpg", "b/d/f.txt", "z.jpg"]
    assert result.failed == [] and result.ok
    sent = [(p["folder"], p["filename"], p["size"]) for p in presigns(fake)]
    assert sent == [
        ("docs", "a.txt", 1),
        ("docs/b", "c.txt", 2),
        ("docs/b/d", "e.jpg", 3),
        ("docs/b/d", "f.txt", 4),
        ("docs", "z.jpg", 5),
    ]
    assert presigns(fake)[2]["contentType"] == "image/jpeg"


def test_the_default_folder_is_uploads(tmp_path: Path) -> None:
    fake = MultipartFake()
    client_for(fake).upload_directory(tree(tmp_path))
    assert sorted({p["folder"] for p in presigns(fake)}) == ["uploads", "uploads/b", "uploads/b/d"]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "b/c.txt", False),
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "b/d/f.txt", True),
        ("b/**", "b/d/e.jpg", True),
        ("b/*", "b/d/e.jpg", False),
        ("?.jpg", "z.jpg", True),
        ("?.jpg", "zz.jpg", False),
        ("b/?/e.jpg", "b/d/e.jpg", True),
        ("a.txt", "a_txt", False),  # '.' is literal
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_glob(pattern).fullmatch(path)) == matches


def test_include_and_exclude(tmp_path: Path) -> None:
    fake = MultipartFake()
    result = client_for(fake).upload_directory(tree(tmp_path), include=["**/*.txt"], exclude=["b/d/**"])
    assert [e.path for e in result.uploaded] == ["a.txt", "b/c.txt"]


def test_symlinks_inside_are_followed_and_outside_refused(tmp_path: Path) -> None:
    root = tree(tmp_path / "root")
    (tmp_path / "secret.txt").write_text("not yours")
    os.symlink(tmp_path / "secret.txt", root / "escape.txt")
    os.symlink(tmp_path, root / "up")  # a directory outside
    os.symlink(root / "b" / "c.txt", root / "link-to-c.txt")
    os.symlink(root / "b", root / "b" / "d" / "loop")  # back up the tree: walked once
    fake = MultipartFake()
    result = client_for(fake).upload_directory(root)
    assert [e.path for e in result.uploaded] == ["a.txt", "b/c.txt", "b/d/e.jpg", "b/d/f.txt", "link-to-c.txt", "z.jpg"]
    assert [e.path for e in result.failed] == ["escape.txt", "up"]
    assert all(isinstance(e.error, ValidationError) for e in result.failed)
    assert "escape.txt" in str(result.failed[0].error) and "outside" in str(result.failed[0].error)
    assert all(p["filename"] != "secret.txt" for p in presigns(fake))


def test_one_failure_does_not_stop_the_others(tmp_path: Path, sleeps: List[float]) -> None:
    fake = MultipartFake()

    def presign(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["filename"] == "c.txt":
            return json_response(413, error_body("file_too_large", "too big"))
        return fake.default("createPresignedUpload", request)

    fake.on("createPresignedUpload", presign)
    result = client_for(fake).upload_directory(tree(tmp_path), concurrency=2)
    assert [e.path for e in result.failed] == ["b/c.txt"]
    assert type(result.failed[0].error).__name__ == "PayloadTooLargeError"
    assert len(result.uploaded) == 4 and not result.ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_failure_before_any_request(tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "b" / "c.txt").chmod(0)
    fake = MultipartFake()
    result = client_for(fake).upload_directory(root)
    assert [e.path for e in result.failed] == ["b/c.txt"]
    assert all(p["filename"] != "c.txt" for p in presigns(fake))


def test_progress_over_all_files(tmp_path: Path) -> None:
    fake = MultipartFake()
    seen: List[DirectoryProgress] = []
    per_file: List[Any] = []
    client_for(fake).upload_directory(
        tree(tmp_path), on_progress=seen.append, on_file_progress=lambda *a: per_file.append(a)
    )
    assert seen[0] == DirectoryProgress(0, 15, 0, 5)
    assert seen[-1] == DirectoryProgress(15, 15, 5, 5)
    assert [s.loaded for s in seen] == sorted(s.loaded for s in seen)
    assert ("b/d/e.jpg", 3, 3) in per_file


def test_files_in_flight_are_bounded_by_concurrency(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(8):
        (root / f"{i}.txt").write_text("x")
    fake = MultipartFake()
    in_flight, most, lock = [0], [0], threading.Lock()

    def put(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.02)
        with lock:
            in_flight[0] -= 1
        return httpx.Response(200)

    fake.on("put", put)
    result = client_for(fake).upload_directory(root, concurrency=3)
    assert len(result.uploaded) == 8 and most[0] == 3


def test_bad_arguments_fail_before_any_request(tmp_path: Path) -> None:
    root = tree(tmp_path / "t")
    fake = MultipartFake()
    c = client_for(fake)
    for call in [
        lambda: c.upload_directory(tmp_path / "missing"),
        lambda: c.upload_directory(root / "a.txt"),
        lambda: c.upload_directory(root, concurrency=0),
        lambda: c.upload_directory(root, include="*.txt"),  # type: ignore[arg-type]
        lambda: c.upload_directory(root, folder="/abs"),
        lambda: c.upload_directory(root, checksum="md5"),
        lambda: c.upload_directory(root, part_size=1),
        lambda: c.upload_directory(root, on_progress=42),  # type: ignore[arg-type]
    ]:
        with pytest.raises(ValidationError):
            call()
    assert fake.log == []


def test_async_uploads_the_same_tree_bounded(tmp_path: Path) -> None:
    root = tree(tmp_path)
    fake = MultipartFake()
    in_flight, most = [0], [0]

    async def before(op: str, request: httpx.Request) -> None:
        if op == "put":
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
            await asyncio.sleep(0.01)
            in_flight[0] -= 1

    fake.before_async = before

    async def main() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle_async))
        async with http, AsyncDilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http) as c:
            return await c.upload_directory(root, folder="docs", concurrency=2)

    result = asyncio.run(main())
    assert [e.path for e in result.uploaded] == ["a.txt", "b/c.txt", "b/d/e.jpg", "b/d/f.txt", "z.jpg"]
    assert most[0] == 2
    assert sorted(p["folder"] for p in presigns(fake)) == ["docs", "docs", "docs/b", "docs/b/d", "docs/b/d"]


def test_cancelling_the_async_upload_cancels_the_files_in_flight(tmp_path: Path) -> None:
    root = tree(tmp_path)
    fake = MultipartFake()
    started: List[str] = []

    async def main() -> None:
        two_in_flight = asyncio.Event()

        async def hold(op: str, request: httpx.Request) -> None:
            if op == "put":
                started.append(str(request.url))
                if len(started) == 2:
                    two_in_flight.set()
                await asyncio.sleep(3600)  # a PUT that never ends

        fake.before_async = hold
        http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle_async))
        async with http, AsyncDilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http) as c:
            task = asyncio.ensure_future(c.upload_directory(root, concurrency=2))
            await two_in_flight.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(asyncio.wait_for(main(), 10))
    assert len(started) == 2  # no file started after the cancel
    assert "completeUpload" not in fake.log

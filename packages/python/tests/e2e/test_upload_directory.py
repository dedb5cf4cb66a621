"""upload_directory against the dev server: a 20-file nested tree (one of them unreadable, one a
symlink out of the tree), each file stored under folder/<its directory> with equal bytes."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Iterator, List

import pytest

from dilnaka import AsyncDilnaka, Dilnaka, DirectoryProgress, ValidationError

from .conftest import DevServer

pytestmark = pytest.mark.e2e
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
        yield c


def twenty_files(root: Path) -> List[str]:
    """20 files in 3 levels of folders (sizes 1 B to ~190 KiB), returned as sorted relative paths."""
    paths = []
    for i in range(20):
        relative = ["top", "a", "a/b", "a/b/c", "d"][i % 5] + f"/file-{i:02d}.bin"
        relative = relative.removeprefix("top/")
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes([i]) * (1 + i * 10_000))
        paths.append(relative)
    return sorted(paths)


def test_a_nested_tree_with_an_unreadable_file_and_an_escaping_link(
    client: Dilnaka, dev_server: DevServer, tmp_path: Path
) -> None:
    root = tmp_path / "tree"
    files = twenty_files(root)
    (tmp_path / "outside.txt").write_text("must not be uploaded")
    os.symlink(tmp_path / "outside.txt", root / "a" / "escape.txt")
    unreadable = root / "a" / "b" / "file-02.bin"
    unreadable.chmod(0)
    seen: List[DirectoryProgress] = []
    try:
        result = client.upload_directory(root, folder="e2e/tree", concurrency=4, on_progress=seen.append)
    finally:
        unreadable.chmod(0o644)
    failed = {e.path: e.error for e in result.failed}
    assert isinstance(failed.pop("a/escape.txt"), ValidationError)
    expected = [p for p in files if IS_ROOT or p != "a/b/file-02.bin"]
    if not IS_ROOT:  # root reads any file: then it is uploaded like the others
        assert isinstance(failed.pop("a/b/file-02.bin"), ValidationError)
    assert failed == {}
    assert [e.path for e in result.uploaded] == expected
    for entry in result.uploaded:
        parent = entry.path.rpartition("/")[0]
        folder = "e2e/tree" + (f"/{parent}" if parent else "")
        assert entry.file.key.startswith(folder + "/") and entry.file.original_name == entry.path.rpartition("/")[2]
        assert client.download_bytes(entry.file.id) == (root / entry.path).read_bytes()
    assert seen[-1].files_done == seen[-1].files_total == len(expected) + (1 if IS_ROOT else 2)
    assert seen[-1].loaded == seen[-1].total == sum((root / p).stat().st_size for p in expected)


def test_async_with_filters(dev_server: DevServer, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    twenty_files(root)

    async def main() -> List[str]:
        async with AsyncDilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
            result = await c.upload_directory(root, folder="e2e/async-tree", include=["a/**"], exclude=["**/c/*"])
            assert result.failed == []
            return [e.path for e in result.uploaded]

    assert asyncio.run(main()) == [
        "a/b/file-02.bin", "a/b/file-07.bin", "a/b/file-12.bin", "a/b/file-17.bin",
        "a/file-01.bin", "a/file-06.bin", "a/file-11.bin", "a/file-16.bin",
    ]  # fmt: skip

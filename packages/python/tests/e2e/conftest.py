"""End-to-end fixtures: one dev server (real API + S3-compatible store) for the whole session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from ..devserver import DevServer, start_dev_server

__all__ = ["DevServer"]


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    server = start_dev_server(tmp_path_factory.mktemp("dev-server-data"), "--faults")
    try:
        yield server
    finally:
        server.stop()
    violations = server.spec_violations()
    if violations:
        pytest.fail(f"the e2e traffic {violations}", pytrace=False)


@pytest.fixture(autouse=True)
def _no_leftover_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "dev_server" in request.fixturenames:
        request.getfixturevalue("dev_server").dev("DELETE", "/__dev/faults")


def sha256_of_download(url: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    with httpx.stream("GET", url, timeout=60) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 MiB of random-looking bytes (generated fast, not all held in memory)."""
    path = tmp_path_factory.mktemp("big") / "big.bin"
    block = os.urandom(1 << 20)
    with path.open("wb") as f:
        for i in range(200):
            f.write(i.to_bytes(4, "big") + block[4:])
    return path

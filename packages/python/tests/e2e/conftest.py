"""End-to-end fixtures: one dev server (real API + S3-compatible store) for the whole session."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import httpx
import pytest

REPO_ROOT = Path(__file__).parents[4]
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class DevServer:
    base_url: str
    api_key: str

    def dev(self, method: str, path: str, body: Optional[Any] = None) -> Dict[str, Any]:
        """Calls a dev-only endpoint (`/__dev/faults`, `/__dev/usage`, `/__dev/keys`)."""
        response = httpx.request(method, self.base_url + path, json=body, timeout=10)
        response.raise_for_status()
        result: Dict[str, Any] = response.json()
        return result

    def arm(self, **fault: Any) -> None:
        self.dev("POST", "/__dev/faults", fault)


def _start(data_dir: Path) -> tuple[subprocess.Popen[bytes], Dict[str, str], List[bytes]]:
    process = subprocess.Popen(
        ["pnpm", "--silent", "dev-server", "--port", "0", "--data-dir", str(data_dir), "--faults"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: stopping it stops pnpm, node and the store
    )
    assert process.stdout is not None and process.stderr is not None
    found: Dict[str, str] = {}
    ready = threading.Event()
    stderr: List[bytes] = []

    def read_stdout() -> None:  # keeps draining after the two lines, so the server never blocks
        assert process.stdout is not None
        for line in process.stdout:
            name, _, value = line.decode().strip().partition("=")
            if name in ("DILNAKA_BASE_URL", "DILNAKA_API_KEY") and name not in found:
                found[name] = value
                if len(found) == 2:
                    ready.set()
        ready.set()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            stderr.append(line)

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()
    ready.wait(START_TIMEOUT)
    return process, found, stderr


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    process, found, stderr = _start(tmp_path_factory.mktemp("dev-server-data"))
    try:
        if len(found) != 2:
            raise RuntimeError(
                f"the dev server did not print its two lines within {START_TIMEOUT} s "
                f"(exit code {process.poll()}): {b''.join(stderr[-20:]).decode(errors='replace')}"
            )
        server = DevServer(found["DILNAKA_BASE_URL"], found["DILNAKA_API_KEY"])
        deadline = time.monotonic() + 30
        while httpx.get(server.base_url + "/healthz", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "dev server never became healthy"
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)


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

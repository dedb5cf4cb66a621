"""The Python and PHP route helpers are interchangeable: with the same secret, an upload presigned
through one (the documented example servers, over HTTP) is completed through the other, and a
token signed by one is refused by the other when it was altered. The browser sees one route."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator

import httpx
import pytest

from .conftest import DevServer

pytestmark = pytest.mark.e2e

REPO = Path(__file__).parents[4]
PYTHON_EXAMPLE = REPO / "packages/python/examples/upload_route_server.py"
PHP_EXAMPLE = REPO / "packages/php/examples/upload-route-server.php"
SECRET = "interop-secret-shared-by-both-routes-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the route on port {port} never listened")


@pytest.fixture(scope="module")
def routes(dev_server: DevServer) -> Iterator[Dict[str, str]]:
    if shutil.which("php") is None:
        pytest.skip("php is not installed (scripts/setup.sh installs php8.2-cli)")
    env = {**os.environ, "DILNAKA_API_KEY": dev_server.api_key, "DILNAKA_BASE_URL": dev_server.base_url}
    env["DILNAKA_ROUTE_TOKEN_SECRET"] = SECRET
    python_port, php_port = free_port(), free_port()
    quiet = subprocess.DEVNULL
    processes = [
        subprocess.Popen(
            [sys.executable, str(PYTHON_EXAMPLE)], env={**env, "PORT": str(python_port)}, stdout=quiet, stderr=quiet
        ),
        subprocess.Popen(["php", "-S", f"127.0.0.1:{php_port}", str(PHP_EXAMPLE)], env=env, stdout=quiet, stderr=quiet),
    ]
    try:
        wait_for_port(python_port, processes[0])
        wait_for_port(php_port, processes[1])
        yield {
            "python": f"http://127.0.0.1:{python_port}/api/upload",
            "php": f"http://127.0.0.1:{php_port}/api/upload",
        }
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.parametrize(("presign_with", "complete_with"), [("python", "php"), ("php", "python")])
def test_presigned_by_one_helper_completed_by_the_other(
    routes: Dict[str, str], presign_with: str, complete_with: str
) -> None:
    data = f"presigned by {presign_with}, completed by {complete_with}".encode()
    announced = {"type": "presign", "filename": "x.txt", "contentType": "text/plain", "size": len(data)}
    presigned = httpx.post(routes[presign_with], json=announced, timeout=30)
    assert presigned.status_code == 200, presigned.text
    body = presigned.json()
    assert httpx.put(body["upload"]["url"], headers=body["upload"]["headers"], content=data).status_code == 200
    step = {"type": "complete", "fileId": body["fileId"], "token": body["token"]}

    tampered = httpx.post(
        routes[complete_with], json={**step, "token": body["token"][:-1] + ("A" if body["token"][-1] != "A" else "B")}
    )
    done = httpx.post(routes[complete_with], json=step, timeout=30)
    replayed = httpx.post(routes[presign_with], json=step, timeout=30)

    assert (tampered.status_code, tampered.json()["error"]) == (403, "token_invalid")
    assert done.status_code == 200, done.text
    assert done.json()["file"]["fileId"] == body["fileId"] and done.json()["file"]["status"] == "uploaded"
    assert (replayed.status_code, replayed.json()["error"]) == (403, "token_used")  # single use across helpers too

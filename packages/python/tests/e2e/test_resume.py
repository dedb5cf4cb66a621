"""`kill -9` mid-upload, then the same `upload(path, resume=True)` call sends only the parts
storage lacks (counted in the store's request log) and the bytes read back equal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest

from dilnaka import Dilnaka

from .conftest import DevServer, sha256_of_download, sha256_of_file
from .test_multipart import PART, pattern

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024
CHILD = Path(__file__).with_name("upload_child.py")
REPO = Path(__file__).parents[4]
TSX = REPO / "packages" / "dev-server" / "node_modules" / ".bin" / "tsx"
TS_CHILD = Path(__file__).with_name("ts_upload_child.mjs")
TS_CLIENT = REPO / "packages" / "client" / "src" / "index.ts"


def part_puts(server: DevServer, key: str, stored_only: bool = False) -> List[int]:
    """Part numbers of the part PUTs the store saw for `key` (only those it answered 200)."""
    requests = server.dev("GET", "/__dev/store-requests")["requests"]
    return [
        r["partNumber"]
        for r in requests
        if r["method"] == "PUT" and r["key"] == key and r["partNumber"] and (r["status"] == 200 or not stored_only)
    ]


def kill_mid_upload(server: DevServer, command: List[str], state_dir: Path, at_least: int) -> Dict[str, Any]:
    """Starts `command`, waits until its state file exists and `at_least` parts are stored, kills
    it with SIGKILL (no handler runs), and returns the state file's header."""
    env = {**os.environ, "DILNAKA_API_KEY": server.api_key, "DILNAKA_BASE_URL": server.base_url}
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            files = list((state_dir / "uploads").glob("*.jsonl")) if (state_dir / "uploads").is_dir() else []
            if files:
                header: Dict[str, Any] = json.loads(files[0].read_text().splitlines()[0])
                if len(set(part_puts(server, header["fileKey"], stored_only=True))) >= at_least:
                    child.send_signal(signal.SIGKILL)
                    child.wait(10)
                    return header
            time.sleep(0.02)
        raise AssertionError(f"the child never got {at_least} parts stored: {child.communicate(timeout=10)}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)


def test_kill_9_then_resume_sends_only_the_missing_parts(dev_server: DevServer, tmp_path: Path) -> None:
    path = tmp_path / "resumable.bin"
    path.write_bytes(pattern(40 * MiB, seed=7))  # 8 parts
    state_dir = tmp_path / "state"
    header = kill_mid_upload(dev_server, [sys.executable, str(CHILD), str(path), str(state_dir), "0.03"], state_dir, 2)
    assert header["source"]["path"] == os.path.abspath(path)

    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as client:
        held = {p.part_number for p in client.list_upload_parts(header["fileId"]).parts}
        assert 2 <= len(held) < 8
        dev_server.dev("DELETE", "/__dev/store-requests")
        uploaded = client.upload(
            path, multipart_threshold=8 * MiB, part_size=PART, concurrency=2, resume=True, state_dir=state_dir
        )
        assert uploaded.id == header["fileId"]
        assert sorted(part_puts(dev_server, uploaded.key)) == sorted(set(range(1, 9)) - held)  # each once
        assert sha256_of_download(client.get_file_access_url(uploaded.id, expires_in=60).url) == sha256_of_file(path)
    assert list((state_dir / "uploads").glob("*.jsonl")) == []


def test_an_upload_started_by_the_typescript_sdk_is_finished_by_python(dev_server: DevServer, tmp_path: Path) -> None:
    """The state file is shared (spec/upload-state.md): @dilnaka/client starts, is killed, Python resumes."""
    path = tmp_path / "shared.bin"
    path.write_bytes(pattern(33 * MiB + 5, seed=8))  # 7 parts
    state_dir = tmp_path / "state"
    # Parts 5 and 6 are held by the store, so the TypeScript child is surely mid-upload when it dies.
    armed = time.monotonic()
    dev_server.dev(
        "POST", "/__dev/faults", [{"target": "store", "operation": "put", "part": n, "delayMs": 3000} for n in (5, 6)]
    )
    command = [str(TSX), str(TS_CHILD), str(TS_CLIENT), str(path), str(state_dir)]
    header = kill_mid_upload(dev_server, command, state_dir, 4)
    time.sleep(max(0.0, armed + 3.5 - time.monotonic()))  # the held parts' handlers run out on dead sockets
    dev_server.dev("DELETE", "/__dev/faults")
    assert header["source"]["path"] == str(path)  # the TypeScript SDK wrote it

    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as client:
        size = path.stat().st_size
        listed = client.list_upload_parts(header["fileId"]).parts
        held = {p.part_number for p in listed if p.size == min(PART, size - (p.part_number - 1) * PART)}
        assert {1, 2, 3, 4} <= held and len(held) < 7
        dev_server.dev("DELETE", "/__dev/store-requests")
        uploaded = client.upload(
            path, multipart_threshold=8 * MiB, part_size=PART, concurrency=2, resume=True, state_dir=state_dir
        )
        assert uploaded.id == header["fileId"]
        assert sorted(part_puts(dev_server, uploaded.key)) == sorted(set(range(1, 8)) - held)
        assert sha256_of_download(client.get_file_access_url(uploaded.id, expires_in=60).url) == sha256_of_file(path)
    assert list((state_dir / "uploads").glob("*.jsonl")) == []

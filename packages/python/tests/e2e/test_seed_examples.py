"""Every Python example of the seed docs, run unchanged as a script against the dev server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional

import pytest

from dilnaka import Dilnaka

from .conftest import DevServer

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).parent / "seed_examples"
PLACEHOLDER_KEY = "dlk_dev_your_api_key_here"
PLACEHOLDER_IDS = ("file_123", "maext0cfjsquw2mu9o597fb9")
# A 1x1 PNG, so avatar.png is a real image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f0c8d40000000049454e44ae426082"
)
TEST_UPLOAD = b"Hello from the Dilnaka seed examples. This file is uploaded by the docs' own code, unchanged.\n"


def run_example(
    name: str, dev_server: DevServer, cwd: Path, replace: Optional[Dict[str, str]] = None
) -> subprocess.CompletedProcess[str]:
    source = (EXAMPLES / name).read_text()
    for old, new in (replace or {}).items():
        source = source.replace(old, new)
    (cwd / "test-upload.txt").write_bytes(TEST_UPLOAD)
    (cwd / "avatar.png").write_bytes(PNG)
    (cwd / name).write_text(source)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    if name.startswith("000_"):  # the PyPI page configures through the environment
        env.update(DILNAKA_API_KEY=dev_server.api_key, DILNAKA_BASE_URL=dev_server.base_url)
    else:  # the docs site through .env
        (cwd / ".env").write_text(
            f"DILNAKA_API_KEY={dev_server.api_key}\nDILNAKA_TIMEOUT=60\nDILNAKA_BASE_URL={dev_server.base_url}\n"
        )
    return subprocess.run(
        [sys.executable, name], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def last_error_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.fixture
def real_id(dev_server: DevServer) -> str:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url) as client:
        return client.upload(b"a file for the examples", filename="example.txt").id


def test_every_seed_example_has_a_test() -> None:
    tested = {"000_basic_upload.py", "001_core_flow.py", "001_upload_details.py", "001_list_files.py"}
    tested |= set(KEY_PLACEHOLDER) | set(ID_PLACEHOLDER)
    assert tested == {p.name for p in EXAMPLES.glob("*.py")}


@pytest.mark.parametrize("name", ["000_basic_upload.py", "001_core_flow.py"])
def test_basic_upload(name: str, dev_server: DevServer, tmp_path: Path) -> None:
    result = run_example(name, dev_server, tmp_path)
    assert result.returncode == 0, result.stderr
    file_id, key, status = result.stdout.splitlines()
    assert key.startswith("uploads/") and key.endswith(f"{file_id}-test-upload.txt")
    assert status == "uploaded"


def test_upload_details(dev_server: DevServer, tmp_path: Path) -> None:
    result = run_example("001_upload_details.py", dev_server, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Uploaded file:"
    assert lines[3:] == [" status: uploaded", f" size: {len(TEST_UPLOAD)}", " content_type: text/plain"]


def test_list_files(dev_server: DevServer, tmp_path: Path, real_id: str) -> None:
    result = run_example("001_list_files.py", dev_server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert any(line.startswith(f"{real_id} | uploaded | uploads/") for line in result.stdout.splitlines())


KEY_PLACEHOLDER = ["000_explicit_configuration.py", "001_alternate_setup.py"]


@pytest.mark.parametrize("name", KEY_PLACEHOLDER)
def test_explicit_key(name: str, dev_server: DevServer, tmp_path: Path) -> None:
    unchanged = run_example(name, dev_server, tmp_path)
    assert unchanged.returncode == 1
    assert last_error_line(unchanged).startswith("dilnaka.errors.AuthenticationError: ")
    with_real_key = run_example(name, dev_server, tmp_path, {PLACEHOLDER_KEY: dev_server.api_key})
    assert with_real_key.returncode == 0, with_real_key.stderr
    printed = with_real_key.stdout.strip()
    assert printed.startswith("UploadedFile(id='") and "key='avatars/" in printed
    assert "status='uploaded'" in printed and "content_type='image/png'" in printed and f"size={len(PNG)}" in printed


ID_PLACEHOLDER = {
    "000_file_access_url.py": lambda file_id: [file_id, "<url>", "<expires_in>", "<is_temporary>"],
    "000_temporary_access_url.py": lambda file_id: ["<url>", "600", "True"],
    "001_access_url.py": lambda file_id: ["<url>", "1200"],
    "001_delete_file.py": lambda file_id: [str({"success": True, "fileId": file_id, "deleted": True})],
}


@pytest.mark.parametrize("name", sorted(ID_PLACEHOLDER))
def test_fixed_file_id(name: str, dev_server: DevServer, tmp_path: Path, real_id: str) -> None:
    unchanged = run_example(name, dev_server, tmp_path)
    assert unchanged.returncode == 1
    assert last_error_line(unchanged).startswith("dilnaka.errors.NotFoundError: ")
    # The message rule (spec/scenarios/error-messages.json): "... failed: 404 not_found: ...".
    assert " failed: 404 not_found: " in last_error_line(unchanged)
    with_real_id = run_example(name, dev_server, tmp_path, dict.fromkeys(PLACEHOLDER_IDS, real_id))
    assert with_real_id.returncode == 0, with_real_id.stderr
    lines = with_real_id.stdout.splitlines()
    expected = ID_PLACEHOLDER[name](real_id)
    assert len(lines) == len(expected)
    for line, want in zip(lines, expected):
        if want == "<url>":
            assert line.startswith("http://127.0.0.1:") and "X-Amz-Signature=" in line
        elif want == "<expires_in>":
            assert line == "None" or int(line) > 0
        elif want == "<is_temporary>":
            assert line == str(lines[2] != "None")  # the seeds' rule
        else:
            assert line == want

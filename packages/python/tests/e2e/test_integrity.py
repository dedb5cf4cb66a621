"""Checksums on upload against the dev server's store, which verifies them as S3 does: a byte
corrupted on the way (a store fault flips it before the store sees it) is refused, never stored."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import dilnaka
from dilnaka import Dilnaka, IntegrityError
from dilnaka.integrity import sha256

from .conftest import DevServer

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024


def pattern(size: int, seed: bytes = b"integrity") -> bytes:
    block = hashlib.sha256(seed).digest() * (MiB // 32)
    return b"".join(i.to_bytes(4, "big") + block[4:] for i in range(size // MiB + 1))[:size]


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
        yield c


def store_puts(server: DevServer) -> List[Dict[str, Any]]:
    return [r for r in server.dev("GET", "/__dev/store-requests")["requests"] if r["method"] == "PUT"]


def test_bytes_with_a_corrupted_byte_are_refused_at_once(client: Dilnaka, dev_server: DevServer) -> None:
    dev_server.dev("DELETE", "/__dev/store-requests")
    dev_server.arm(target="store", operation="put", corruptByte=100)
    with pytest.raises(IntegrityError) as info:
        client.upload(pattern(64 * 1024), filename="bytes.bin", folder="e2e/integrity")
    error = info.value
    assert (error.code, error.status_code) == ("checksum_mismatch", 400)
    assert "BadDigest" in str(error) and error.hint and error.file_id
    assert [p["status"] for p in store_puts(dev_server)] == [400]  # not retried with the same bytes
    with pytest.raises(dilnaka.NotFoundError):  # nothing was stored, and the failed PUT abandoned the upload
        client.get_file(error.file_id)


def test_a_path_with_checksum_sha256_is_read_again_once(client: Dilnaka, dev_server: DevServer, tmp_path: Path) -> None:
    path = tmp_path / "one.bin"
    path.write_bytes(pattern(MiB + 3))
    dev_server.dev("DELETE", "/__dev/store-requests")
    dev_server.arm(target="store", operation="put", corruptByte=0)
    uploaded = client.upload(path, folder="e2e/integrity", checksum="sha256")
    assert uploaded.checksum_sha256 == sha256.of_bytes(path.read_bytes())
    assert [p["status"] for p in store_puts(dev_server)] == [400, 200]
    assert client.download_bytes(uploaded.id) == path.read_bytes()


def test_a_path_without_the_option_sends_no_checksum(client: Dilnaka, tmp_path: Path) -> None:
    path = tmp_path / "plain.bin"
    path.write_bytes(b"no pre-pass for one PUT from disk")
    assert client.upload(path, folder="e2e/integrity").checksum_sha256 is None


def test_a_corrupted_part_is_refused_then_read_again(client: Dilnaka, dev_server: DevServer, tmp_path: Path) -> None:
    path = tmp_path / "parts.bin"
    data = pattern(16 * MiB + 1)
    path.write_bytes(data)
    dev_server.dev("DELETE", "/__dev/store-requests")
    dev_server.arm(target="store", operation="put", part=2, corruptByte=12345)
    uploaded = client.upload(path, folder="e2e/integrity", multipart_threshold=8 * MiB, part_size=5 * MiB)
    part_two = [p["status"] for p in store_puts(dev_server) if p["partNumber"] == 2]
    assert part_two == [400, 200]
    parts = [sha256.of_bytes(data[o : o + 5 * MiB]) for o in range(0, len(data), 5 * MiB)]
    assert uploaded.checksum_sha256 == sha256.composite(parts)
    assert client.download_bytes(uploaded.id) == data


def test_a_corrupted_part_of_a_stream_fails_and_aborts(client: Dilnaka, dev_server: DevServer) -> None:
    data = pattern(12 * MiB, b"stream")
    dev_server.arm(target="store", operation="put", part=1, corruptByte=7)
    chunks = (data[o : o + MiB] for o in range(0, len(data), MiB))
    with pytest.raises(IntegrityError) as info:
        client.upload(chunks, filename="stream.bin", folder="e2e/integrity", part_size=5 * MiB)
    assert info.value.file_id is not None
    pending = [f.id for f in client.list_files(status="pending")]
    assert info.value.file_id not in pending  # aborted


def test_a_resumed_upload_completes_with_the_stored_parts_checksums(dev_server: DevServer, tmp_path: Path) -> None:
    path = tmp_path / "resume.bin"
    data = pattern(16 * MiB, b"resume")
    path.write_bytes(data)
    options = {"multipart_threshold": 8 * MiB, "part_size": 5 * MiB, "concurrency": 1, "resume": True}
    state = tmp_path / "state"
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30, max_retries=0) as first:
        dev_server.arm(target="store", operation="put", part=3, status=500, times=1)
        with pytest.raises(dilnaka.StorageError) as info:
            first.upload(path, folder="e2e/integrity", state_dir=state, **options)
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as client:
        first_parts = client.list_upload_parts(info.value.file_id).parts
        assert [p.part_number for p in first_parts] == [1, 2] and all(p.checksum_sha256 for p in first_parts)
        dev_server.dev("DELETE", "/__dev/store-requests")
        stored = client.upload(path, folder="e2e/integrity", state_dir=state, **options)
        sent = sorted(p["partNumber"] for p in store_puts(dev_server) if p["status"] == 200)
    assert stored.id == info.value.file_id and sent == [3, 4]  # only the missing parts
    parts = [sha256.of_bytes(data[o : o + 5 * MiB]) for o in range(0, len(data), 5 * MiB)]
    assert [p.checksum_sha256 for p in first_parts] == parts[:2]
    assert stored.checksum_sha256 == sha256.composite(parts)

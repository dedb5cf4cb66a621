"""Dilnaka.download / download_bytes / download_stream against a scripted API and storage host."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import httpx
import pytest

from dilnaka import (
    APIConnectionError,
    Dilnaka,
    IntegrityError,
    QuotaExceededError,
    StorageError,
    ValidationError,
)
from dilnaka.integrity import sha256

from .conftest import API_KEY, BASE_URL, error_body, json_response
from .download_fake import DownloadFake, sha256_b64

DATA = bytes(range(256)) * 4096  # 1 MiB


@pytest.fixture
def fake() -> DownloadFake:
    return DownloadFake(DATA)


@pytest.fixture
def dl(fake: DownloadFake, sleeps: List[float]) -> Iterator[Dilnaka]:
    http = httpx.Client(transport=httpx.MockTransport(fake))
    with Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=3) as c:
        yield c


def leftovers(directory: Path) -> List[str]:
    return sorted(p.name for p in directory.iterdir() if ".dilnaka-part-" in p.name)


def test_download_to_a_path_verifies_and_renames(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    seen: List[Tuple[int, Optional[int]]] = []
    result = dl.download("f1", tmp_path / "out.bin", on_progress=lambda n, t: seen.append((n, t)))
    assert (tmp_path / "out.bin").read_bytes() == DATA
    assert (result.file_id, result.path, result.size) == ("f1", tmp_path / "out.bin", len(DATA))
    assert result.checksum_sha256 == sha256_b64(DATA) == result.file.checksum_sha256
    assert seen[0] == (0, len(DATA)) and seen[-1] == (len(DATA), len(DATA))
    assert [n for n, _ in seen] == sorted({n for n, _ in seen})  # strictly increasing
    assert leftovers(tmp_path) == []
    store = fake.store_requests
    assert len(store) == 1 and str(store[0].url) == fake.access.json()["url"]
    assert "authorization" not in store[0].headers and "range" not in store[0].headers
    assert store[0].headers["accept-encoding"] == "identity"


def test_a_reset_mid_body_continues_with_range(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    fake.plan = [{"reset": 300_000}, {"reset": 100_000}, None]
    seen: List[int] = []
    dl.download("f1", tmp_path / "out.bin", on_progress=lambda n, t: seen.append(n))
    assert (tmp_path / "out.bin").read_bytes() == DATA
    ranges = [r.headers.get("range") for r in fake.store_requests]
    assert ranges == [None, "bytes=300000-", "bytes=400000-"]
    assert seen == sorted(seen) and seen[-1] == len(DATA)


def test_a_short_body_continues_with_range(dl: Dilnaka, fake: DownloadFake) -> None:
    fake.plan = [{"short": 5000}, None]
    assert dl.download_bytes("f1") == DATA
    assert [r.headers.get("range") for r in fake.store_requests] == [None, "bytes=5000-"]


def test_a_200_to_a_range_request_starts_over(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    fake.plan = [{"reset": 200_000}, {"ignoreRange": True}]
    seen: List[int] = []
    dl.download("f1", tmp_path / "out.bin", on_progress=lambda n, t: seen.append(n))
    assert (tmp_path / "out.bin").read_bytes() == DATA
    assert seen == sorted(seen)  # never back to 0 although the body came again
    fake.plan = [{"reset": 200_000}, {"ignoreRange": True}]
    assert dl.download_bytes("f1") == DATA


def test_a_stream_drops_the_repeated_prefix_of_a_200(dl: Dilnaka, fake: DownloadFake) -> None:
    fake.plan = [{"reset": 200_000}, {"ignoreRange": True, "reset": 100_000}, None]
    assert b"".join(dl.download_stream("f1")) == DATA
    assert [r.headers.get("range") for r in fake.store_requests] == [None, "bytes=200000-", "bytes=100000-"]


def test_a_206_from_elsewhere_is_refused(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    fake.plan = [{"reset": 1000}, {"contentRange": "bytes 0-1048575/1048576"}]
    with pytest.raises(StorageError) as info:
        dl.download("f1", tmp_path / "out.bin")
    assert info.value.code == "range_mismatch"
    assert list(tmp_path.iterdir()) == []


def test_a_flipped_byte_is_an_integrity_error_and_leaves_no_file(
    dl: Dilnaka, fake: DownloadFake, tmp_path: Path
) -> None:
    (tmp_path / "out.bin").write_bytes(b"the old version")
    fake.plan = [{"flip": 4096}]
    with pytest.raises(IntegrityError) as info:
        dl.download("f1", tmp_path / "out.bin")
    assert (info.value.code, info.value.file_id) == ("checksum_mismatch", "f1")
    assert info.value.hint and isinstance(info.value, StorageError)
    assert (tmp_path / "out.bin").read_bytes() == b"the old version"  # untouched
    assert leftovers(tmp_path) == []


def test_verify_false_accepts_the_bytes_as_they_come(dl: Dilnaka, fake: DownloadFake) -> None:
    fake.plan = [{"flip": 0}]
    result = dl.download_bytes("f1", verify=False)
    assert result != DATA and len(result) == len(DATA)


def test_a_size_mismatch_without_checksum(fake: DownloadFake, dl: Dilnaka, tmp_path: Path) -> None:
    fake.file = {**fake.file, "checksumSha256": None, "size": len(DATA) - 1}
    with pytest.raises(IntegrityError) as info:
        dl.download("f1", tmp_path / "out.bin")
    assert info.value.code == "size_mismatch"
    assert list(tmp_path.iterdir()) == []


def test_a_composite_checksum_is_recomputed_from_the_part_size(dl: Dilnaka, fake: DownloadFake) -> None:
    part = 300_000
    parts = [sha256.of_bytes(DATA[o : o + part]) for o in range(0, len(DATA), part)]
    fake.file = {**fake.file, "checksumSha256": sha256.composite(parts), "partSize": part}
    assert dl.download_bytes("f1") == DATA
    fake.plan = [{"flip": 700_000}]
    with pytest.raises(IntegrityError):
        dl.download_bytes("f1")


def test_the_stream_raises_at_its_end(dl: Dilnaka, fake: DownloadFake) -> None:
    fake.plan = [{"flip": 10}]
    received = bytearray()

    def consume() -> None:
        for chunk in dl.download_stream("f1"):
            received.extend(chunk)

    with pytest.raises(IntegrityError):
        consume()
    assert len(received) == len(DATA)


def test_bandwidth_402_and_the_overage_warning(
    dl: Dilnaka, fake: DownloadFake, caplog: pytest.LogCaptureFixture
) -> None:
    fake.access = json_response(402, error_body("bandwidth_limit_exceeded", "Monthly bandwidth used up"))
    with pytest.raises(QuotaExceededError) as info:
        dl.download_bytes("f1")
    assert info.value.code == "bandwidth_limit_exceeded" and fake.store_requests == []
    body = {"fileId": "f1", "url": "https://storage.test/b/k", "isTemporary": True}
    fake.access = json_response(200, {**body, "warning": "bandwidth_overage_active", "message": "billed as overage"})
    with caplog.at_level(logging.WARNING, logger="dilnaka"):
        assert dl.download_bytes("f1") == DATA
    assert "bandwidth_overage_active: billed as overage" in caplog.text


def test_storage_refusing_is_a_storage_error(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    fake.plan = [{"status": 403}]
    with pytest.raises(StorageError) as info:
        dl.download("f1", tmp_path / "out.bin")
    assert (info.value.status_code, info.value.code) == (403, "AccessDenied")
    assert "download() again" in str(info.value)
    assert len(fake.store_requests) == 1  # a 403 is not retried


def test_503s_are_retried(dl: Dilnaka, fake: DownloadFake, sleeps: List[float]) -> None:
    fake.plan = [{"status": 503}, None]
    assert dl.download_bytes("f1") == DATA
    assert len(sleeps) == 1


def test_resets_beyond_max_retries_fail(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    fake.plan = [{"reset": 10}]
    with pytest.raises(APIConnectionError):
        dl.download("f1", tmp_path / "out.bin")
    assert len(fake.store_requests) == 4  # max_retries=3
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments_fail_before_any_request(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    (tmp_path / "exists").write_bytes(b"x")
    bad: List[Any] = [
        lambda: dl.download("f1", tmp_path / "exists", overwrite=False),
        lambda: dl.download("f1", tmp_path),
        lambda: dl.download("f1", tmp_path / "no-dir" / "x"),
        lambda: dl.download("f1", 42),
        lambda: dl.download_bytes("f1", expires_in=0),
        lambda: dl.download_bytes("f1", timeout=0),
        lambda: dl.download_bytes(""),
        lambda: dl.download_stream("f1", verify="yes"),  # type: ignore[arg-type]
    ]
    for call in bad:
        with pytest.raises(ValidationError):
            call()
    assert fake.requests == []


def test_expires_in_and_timeout_reach_the_wire(dl: Dilnaka, fake: DownloadFake) -> None:
    dl.download_bytes("f1", expires_in=60, timeout=7)
    access = next(r for r in fake.requests if r.url.path.endswith("/access-url"))
    assert access.url.params["expiresIn"] == "60"
    assert fake.store_requests[0].extensions["timeout"]["read"] == 7


def test_an_interrupt_leaves_no_temp_file(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    def stop(received: int, total: Optional[int]) -> None:
        if received > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        dl.download("f1", tmp_path / "out.bin", on_progress=stop)
    assert os.listdir(tmp_path) == []


def test_an_empty_file(sleeps: List[float], tmp_path: Path) -> None:
    fake = DownloadFake(b"")
    http = httpx.Client(transport=httpx.MockTransport(fake))
    seen: List[Tuple[int, Optional[int]]] = []
    with Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http) as c:
        result = c.download("f1", tmp_path / "empty", on_progress=lambda n, t: seen.append((n, t)))
    assert (tmp_path / "empty").read_bytes() == b"" and result.checksum_sha256 == sha256_b64(b"")
    assert seen == [(0, 0)]
    assert "range" not in fake.store_requests[0].headers


def test_an_unwritable_directory_fails_before_any_request(dl: Dilnaka, fake: DownloadFake, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes anywhere but into /proc/1 (Linux)
        if not os.path.isdir("/proc/1"):
            pytest.skip("root writes anywhere and there is no /proc/1 here")
        locked = Path("/proc/1")
    with pytest.raises(ValidationError, match="Cannot write"):
        dl.download("f1", locked / "out.bin")
    assert fake.requests == []

"""`Dilnaka` against the dev server: real uploads to its S3-compatible store, downloaded back."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import Dilnaka

from .conftest import DevServer, sha256_of_download, sha256_of_file

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30) as c:
        yield c


def download(client: Dilnaka, file_id: str) -> bytes:
    return httpx.get(client.get_file_access_url(file_id, expires_in=60).url, timeout=30).content


def test_upload_list_get_access_delete_round_trip(client: Dilnaka, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello dilnaka\n")
    uploaded = client.upload(path, folder="e2e/notes", metadata={"owner": "pytest"})
    assert (uploaded.status, uploaded.size, uploaded.content_type) == ("uploaded", 14, "text/plain")
    assert uploaded.key.startswith("e2e/notes/") and uploaded.key.endswith("notes.txt")
    assert client.get_file(uploaded.id) == uploaded
    assert uploaded.id in [f.id for f in client.list_files()]
    access = client.get_file_access_url(uploaded.id, expires_in=120)
    assert (access.expires_in, access.is_temporary) == (120, True)
    assert httpx.get(access.url).content == b"hello dilnaka\n"
    assert client.delete_file(uploaded.id).deleted is True
    with pytest.raises(dilnaka.NotFoundError):
        client.get_file(uploaded.id)


def _sources(tmp_path: Path) -> List[Tuple[str, Any, dict]]:
    data = b"source kinds \x00\xff" * 1000
    path = tmp_path / "kind.bin"
    path.write_bytes(data)
    return [
        ("str path", str(path), {}),
        ("Path", path, {}),
        ("bytes", data, {"filename": "kind.bin"}),
        ("bytearray", bytearray(data), {"filename": "kind.bin"}),
        ("memoryview", memoryview(data), {"filename": "kind.bin"}),
        ("open file", path.open("rb"), {}),
        ("BytesIO", io.BytesIO(data), {"filename": "kind.bin"}),
    ]


def test_each_source_kind_arrives_intact(client: Dilnaka, tmp_path: Path) -> None:
    expected = hashlib.sha256(b"source kinds \x00\xff" * 1000).hexdigest()
    for kind, source, kwargs in _sources(tmp_path):
        uploaded = client.upload(source, **kwargs)
        assert uploaded.size == 15_000, kind
        assert hashlib.sha256(download(client, uploaded.id)).hexdigest() == expected, kind
        if hasattr(source, "close"):
            source.close()


def test_a_zero_byte_file(client: Dilnaka, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    progress: List[Tuple[int, int]] = []
    uploaded = client.upload(tmp_path / "empty.txt", progress=lambda s, t: progress.append((s, t)))
    assert (uploaded.size, uploaded.status) == (0, "uploaded")
    assert download(client, uploaded.id) == b""
    assert progress == [(0, 0)]


def test_200_mib_streams_in_flat_memory_and_arrives_identical(client: Dilnaka, big_file: Path) -> None:
    size = big_file.stat().st_size
    progress: List[Tuple[int, int]] = []
    tracemalloc.start()
    try:
        uploaded = client.upload(big_file, progress=lambda s, t: progress.append((s, t)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, f"peak traced memory {peak / 2**20:.1f} MiB"
    assert uploaded.size == size
    sent = [s for s, _ in progress]
    assert sent == sorted(sent) and len(set(sent)) == len(sent)
    assert progress[0] == (0, size) and progress[-1] == (size, size)
    assert {t for _, t in progress} == {size}
    assert sha256_of_download(client.get_file_access_url(uploaded.id).url) == sha256_of_file(big_file)


FAULTS = [
    ("api presign 503 x2", {"target": "api", "operation": "createPresignedUpload", "status": 503, "times": 2}),
    ("api complete 429", {"target": "api", "operation": "completeUpload", "status": 429, "retryAfter": 1, "times": 1}),
    ("api presign reset", {"target": "api", "operation": "createPresignedUpload", "reset": True, "times": 1}),
    ("api complete reset", {"target": "api", "operation": "completeUpload", "reset": True, "times": 1}),
    ("store put 503 x2", {"target": "store", "operation": "put", "status": 503, "times": 2}),
    ("store put 429", {"target": "store", "operation": "put", "status": 429, "retryAfter": 1, "times": 1}),
    ("store put reset", {"target": "store", "operation": "put", "reset": True, "times": 1}),
]


@pytest.mark.parametrize("fault", [f for _, f in FAULTS], ids=[name for name, _ in FAULTS])
def test_temporary_faults_are_recovered(dev_server: DevServer, fault: dict) -> None:
    sent: List[str] = []
    http = httpx.Client(event_hooks={"request": [lambda r: sent.append(f"{r.method} {r.url.path}")]})
    data = b"survives faults " * 4096
    dev_server.arm(**fault)
    progress: List[int] = []
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, http_client=http) as client:
        uploaded = client.upload(data, filename="fault.bin", progress=lambda s, t: progress.append(s))
        assert uploaded.status == "uploaded"
        assert download(client, uploaded.id) == data
    http.close()
    target = {"createPresignedUpload": "POST /v1/uploads/presign", "completeUpload": "POST /v1/uploads/complete"}
    retried = target.get(fault["operation"], "PUT")
    assert sum(1 for s in sent if s.startswith(retried)) == 1 + fault["times"], sent  # the fault fired, then passed
    assert progress == sorted(progress) and progress[-1] == len(data)


def test_fault_header_on_api_calls_is_recovered(dev_server: DevServer) -> None:
    http = httpx.Client(headers={"X-Dilnaka-Fault": f"status=503;times=2;id={id(object())}"})
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, http_client=http) as client:
        assert client.get_file_access_url(client.upload(b"x", filename="h.txt").id).url
    http.close()


def test_a_complete_that_keeps_failing_leaves_a_file_id_to_finish_later(client: Dilnaka, dev_server: DevServer) -> None:
    dev_server.arm(target="api", operation="completeUpload", status=503, times=3)
    with pytest.raises(dilnaka.InternalServerError) as info:
        client.upload(b"finish me later", filename="later.txt")
    file_id = info.value.file_id
    assert file_id and file_id in str(info.value)
    assert client.get_file(file_id).status == "pending"
    assert client.complete_upload(file_id).status == "uploaded"
    assert download(client, file_id) == b"finish me later"


def test_an_expired_upload_url_is_a_storage_error_with_the_fix(client: Dilnaka, dev_server: DevServer) -> None:
    dev_server.arm(target="store", operation="put", expireUrl=True, times=1)
    with pytest.raises(dilnaka.StorageError) as info:
        client.upload(b"too late", filename="late.txt")
    assert info.value.status_code == 403
    assert info.value.file_id
    assert info.value.hint and "upload() again" in info.value.hint


def test_a_wrong_key_is_an_authentication_error_without_the_key(dev_server: DevServer) -> None:
    key = "dlk_dev_this_key_does_not_exist_9876"
    with (
        Dilnaka(api_key=key, base_url=dev_server.base_url) as client,
        pytest.raises(dilnaka.AuthenticationError) as info,
    ):
        client.get_file("anything")
    assert key not in str(info.value) and key not in repr(info.value)


def test_free_plan_past_its_bandwidth_gets_a_quota_error(dev_server: DevServer) -> None:
    key = dev_server.dev("POST", "/__dev/keys", {"sameApp": False, "plan": "free"})["apiKey"]
    with Dilnaka(api_key=key, base_url=dev_server.base_url) as client:
        file_id = client.upload(b"quota", filename="q.txt").id
        httpx.post(
            dev_server.base_url + "/__dev/usage",
            json={"bandwidthBytes": 6 * 10**9},
            headers={"Authorization": f"Bearer {key}"},
        ).raise_for_status()
        with pytest.raises(dilnaka.QuotaExceededError) as info:
            client.get_file_access_url(file_id)
    assert info.value.code == "bandwidth_limit_exceeded"


def test_pro_plan_past_its_bandwidth_gets_the_url_with_a_warning(dev_server: DevServer) -> None:
    key = dev_server.dev("POST", "/__dev/keys", {"sameApp": False, "plan": "pro"})["apiKey"]
    with Dilnaka(api_key=key, base_url=dev_server.base_url) as client:
        file_id = client.upload(b"overage", filename="o.txt").id
        httpx.post(
            dev_server.base_url + "/__dev/usage",
            json={"bandwidthBytes": 60 * 10**9},
            headers={"Authorization": f"Bearer {key}"},
        ).raise_for_status()
        access = client.get_file_access_url(file_id, expires_in=60)
    assert access.warning == "bandwidth_overage_active"
    assert access.url


def test_list_files_pages_through_every_file(dev_server: DevServer) -> None:
    key = dev_server.dev("POST", "/__dev/keys", {"sameApp": False})["apiKey"]
    with Dilnaka(api_key=key, base_url=dev_server.base_url) as client:
        ids = {client.upload(f"{i}".encode(), filename=f"{i}.txt").id for i in range(5)}
        assert {f.id for f in client.list_files(limit=2)} == ids
        assert len(client.list_files(limit=2)) == 5

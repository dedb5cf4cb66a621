"""The upload flow against a scripted API and storage: exact requests, sources, progress, retries."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import Dilnaka

from .conftest import API_KEY, FILE, FakeServer, error_body, json_response

STORAGE = "https://storage.test"


def presign_body(content_type: str = "text/plain") -> Dict[str, Any]:
    return {
        "fileId": "clx_file_id",
        "fileKey": "uploads/2026/05/clx_file_id-test.txt",
        "uploadUrl": f"{STORAGE}/bucket/uploads/x?X-Amz-Signature=abc",
        "expiresIn": 300,
        "method": "PUT",
        "headers": {"Content-Type": content_type},
    }


def script_happy_path(server: FakeServer, content_type: str = "text/plain") -> None:
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body(content_type)))
    server.on("PUT", "/bucket/uploads/x", httpx.Response(200))
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))


def test_upload_from_a_path_sends_presign_put_complete(client: Dilnaka, server: FakeServer, tmp_path: Path) -> None:
    path = tmp_path / "test.txt"
    path.write_bytes(b"hello")
    script_happy_path(server)
    uploaded = client.upload(str(path))
    assert (uploaded.id, uploaded.status, uploaded.size) == ("clx_file_id", "uploaded", 5)
    presign, put, complete = server.requests
    assert json.loads(server.bodies[0]) == {
        "filename": "test.txt",
        "contentType": "text/plain",
        "size": 5,
        "folder": "uploads",
    }
    assert str(put.url) == f"{STORAGE}/bucket/uploads/x?X-Amz-Signature=abc"
    assert server.bodies[1] == b"hello"
    assert put.headers["content-type"] == "text/plain"
    assert put.headers["content-length"] == "5"
    assert "transfer-encoding" not in put.headers
    assert "authorization" not in put.headers  # the key never goes to storage
    assert presign.headers["authorization"] == complete.headers["authorization"] == f"Bearer {API_KEY}"
    assert json.loads(server.bodies[2]) == {"fileId": "clx_file_id"}


def test_the_key_is_not_sent_to_storage_even_from_client_default_headers(server: FakeServer, tmp_path: Path) -> None:
    script_happy_path(server, "application/octet-stream")
    http = httpx.Client(transport=httpx.MockTransport(server), headers={"Authorization": f"Bearer {API_KEY}"})
    Dilnaka(api_key=API_KEY, base_url="https://api.test", http_client=http).upload(b"abc", filename="x.bin")
    assert "authorization" not in server.requests[1].headers


def test_upload_from_bytes_with_options(client: Dilnaka, server: FakeServer) -> None:
    script_happy_path(server, "application/json")
    client.upload(b'{"a":1}', folder="docs/2026", filename="a.json", metadata={"owner": "me"})
    assert json.loads(server.bodies[0]) == {
        "filename": "a.json",
        "contentType": "application/json",
        "size": 7,
        "folder": "docs/2026",
        "metadata": {"owner": "me"},
        # bytes in memory always carry their SHA-256 (base64), at no extra read
        "checksumSha256": base64.b64encode(hashlib.sha256(b'{"a":1}').digest()).decode(),
    }
    assert server.bodies[1] == b'{"a":1}'


def test_upload_from_a_file_object_starts_at_its_position_and_leaves_it_open(
    client: Dilnaka, server: FakeServer, tmp_path: Path
) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"HEADERpng-bytes")
    script_happy_path(server, "image/png")
    with path.open("rb") as stream:
        stream.seek(6)
        client.upload(stream, content_type="image/png")
        assert not stream.closed
    assert json.loads(server.bodies[0])["filename"] == "photo.png"
    assert json.loads(server.bodies[0])["size"] == 9
    assert server.bodies[1] == b"png-bytes"


def test_a_zero_byte_file(client: Dilnaka, server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    script_happy_path(server)
    calls: List[Tuple[int, int]] = []
    client.upload(tmp_path / "empty.txt", progress=lambda sent, total: calls.append((sent, total)))
    assert server.requests[1].headers["content-length"] == "0"
    assert server.bodies[1] == b""
    assert calls == [(0, 0)]


def test_progress_is_monotonic_and_complete_across_a_put_retry(
    client: Dilnaka, server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dilnaka.upload.put.CHUNK_SIZE", 4)
    path = tmp_path / "data.bin"
    path.write_bytes(b"0123456789")
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body("application/octet-stream")))
    server.on("PUT", "/bucket/uploads/x", httpx.Response(503), httpx.Response(200))
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))
    calls: List[Tuple[int, int]] = []
    client.upload(path, progress=lambda sent, total: calls.append((sent, total)))
    assert server.bodies[1] == server.bodies[2] == b"0123456789"  # the retry resends every byte
    assert calls == [(0, 10), (4, 10), (8, 10), (10, 10)]


def test_storage_rejection_is_a_storage_error_with_the_file_id(client: Dilnaka, server: FakeServer) -> None:
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body()))
    xml = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    server.on("PUT", "/bucket/uploads/x", httpx.Response(403, text=xml))
    server.on(
        "DELETE",
        "/v1/uploads/clx_file_id",
        json_response(200, {"success": True, "fileId": "clx_file_id", "aborted": True}),
    )
    with pytest.raises(dilnaka.StorageError, match="Request has expired") as info:
        client.upload(b"hello", filename="test.txt")
    assert (info.value.status_code, info.value.code, info.value.file_id) == (403, "AccessDenied", "clx_file_id")
    assert isinstance(info.value, dilnaka.DilnakaAPIError)
    # the failed PUT abandons the upload: no pending file lingers
    assert [f"{r.method} {r.url.path}" for r in server.requests][-1] == "DELETE /v1/uploads/clx_file_id"


def test_a_failed_put_on_a_backend_without_abort_deletes_the_pending_file(client: Dilnaka, server: FakeServer) -> None:
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body()))
    server.on("PUT", "/bucket/uploads/x", httpx.Response(403, text="<Error><Code>AccessDenied</Code></Error>"))
    server.on("DELETE", "/v1/uploads/clx_file_id", json_response(404, error_body("not_found")))
    server.on(
        "DELETE",
        "/v1/files/clx_file_id",
        json_response(200, {"success": True, "fileId": "clx_file_id", "deleted": True}),
    )
    with pytest.raises(dilnaka.StorageError):
        client.upload(b"hello", filename="test.txt")
    assert [f"{r.method} {r.url.path}" for r in server.requests][-2:] == [
        "DELETE /v1/uploads/clx_file_id",
        "DELETE /v1/files/clx_file_id",
    ]


def test_a_complete_that_fails_after_retries_exposes_the_file_id(
    client: Dilnaka, server: FakeServer, sleeps: List[float]
) -> None:
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body()))
    server.on("PUT", "/bucket/uploads/x", httpx.Response(200))
    server.on("POST", "/v1/uploads/complete", json_response(503, error_body("service_unavailable")))
    with pytest.raises(dilnaka.InternalServerError) as info:
        client.upload(b"hello", filename="test.txt")
    assert info.value.file_id == "clx_file_id"
    assert "clx_file_id" in str(info.value)
    assert len(sleeps) == 2
    server.routes["POST /v1/uploads/complete"] = []
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))
    assert client.complete_upload(info.value.file_id).status == "uploaded"


def test_a_failed_presign_is_not_followed_by_a_put(client: Dilnaka, server: FakeServer) -> None:
    server.on("POST", "/v1/uploads/presign", json_response(402, error_body("storage_limit_exceeded")))
    with pytest.raises(dilnaka.QuotaExceededError) as info:
        client.upload(b"x", filename="x.txt")
    assert info.value.file_id is None
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("source", "kwargs", "error", "match"),
    [
        ("does/not/exist.txt", {}, FileNotFoundError, "File not found"),
        (".", {}, dilnaka.ValidationError, "not a file"),
        (b"abc", {}, dilnaka.ValidationError, "filename= is required"),
        (io.StringIO("text"), {"filename": "a.txt"}, dilnaka.ValidationError, "text mode"),
        (12345, {}, dilnaka.ValidationError, "Cannot upload a int"),
        (b"abc", {"filename": "a", "folder": "../etc"}, dilnaka.ValidationError, "folder"),
        (b"abc", {"filename": "a", "folder": "/abs"}, dilnaka.ValidationError, "folder"),
        (b"abc", {"filename": "a", "metadata": {"n": 1}}, dilnaka.ValidationError, "metadata"),
    ],
)
def test_bad_input_is_rejected_before_any_request(
    client: Dilnaka, server: FakeServer, source: Any, kwargs: Dict[str, Any], error: type, match: str
) -> None:
    with pytest.raises(error, match=match) as info:
        client.upload(source, **kwargs)
    assert isinstance(info.value, dilnaka.ValidationError)
    assert server.requests == []


class _Pipe(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        return 0


def test_a_non_seekable_stream_is_rejected_with_the_fix(client: Dilnaka, server: FakeServer) -> None:
    with pytest.raises(dilnaka.ValidationError, match="not seekable"):
        client.upload(_Pipe(), filename="pipe.bin")  # type: ignore[arg-type]
    assert server.requests == []


def test_a_file_that_shrinks_during_upload_is_reported(client: Dilnaka, server: FakeServer, tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"0123456789")
    server.on("POST", "/v1/uploads/presign", lambda r: (path.write_bytes(b"01"), json_response(200, presign_body()))[1])
    server.on("PUT", "/bucket/uploads/x", httpx.Response(200))
    server.on(
        "DELETE",
        "/v1/uploads/clx_file_id",
        json_response(200, {"success": True, "fileId": "clx_file_id", "aborted": True}),
    )
    with pytest.raises(dilnaka.ValidationError, match="shrank") as info:
        client.upload(path)
    assert info.value.file_id == "clx_file_id"


def test_the_0_0_8_keyword_names_still_work(client: Dilnaka, server: FakeServer, tmp_path: Path) -> None:
    path = tmp_path / "test.txt"
    path.write_bytes(b"hello")
    script_happy_path(server)
    client.upload(file_path=str(path), folder="uploads", content_type="text/plain", metadata={"a": "b"})
    assert json.loads(server.bodies[0])["metadata"] == {"a": "b"}

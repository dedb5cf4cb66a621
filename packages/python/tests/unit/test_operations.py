"""The exact requests each operation sends, and the typed results it returns."""

from __future__ import annotations

import json
import logging

import pytest

from dilnaka import DeletedFile, Dilnaka, FileAccessUrl, UploadedFile, ValidationError

from .conftest import API_KEY, FILE, FakeServer, json_response


def test_get_file_sends_the_key_and_returns_an_uploaded_file(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/clx_file_id", json_response(200, {**FILE, "etag": '"abc"', "createdAt": "2026-05-01"}))
    file = client.get_file("clx_file_id")
    assert file == UploadedFile(
        id="clx_file_id",
        key="uploads/2026/05/clx_file_id-test.txt",
        status="uploaded",
        original_name="test.txt",
        content_type="text/plain",
        size=5,
        public_url=None,
        etag='"abc"',
        created_at="2026-05-01",
    )
    request = server.requests[0]
    assert str(request.url) == "https://api.test/v1/files/clx_file_id"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("dilnaka-python/")


def test_file_ids_are_one_path_segment(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/a%2F..%2Fb", json_response(200, FILE))
    client.get_file(" a/../b ")
    assert server.requests[0].url.raw_path == b"/v1/files/a%2F..%2Fb"


def test_access_url_with_expiry(client: Dilnaka, server: FakeServer) -> None:
    body = {"fileId": "f1", "url": "https://s3/x", "expiresIn": 600, "isTemporary": True}
    server.on("GET", "/v1/files/f1/access-url", json_response(200, body))
    assert client.get_file_access_url("f1", expires_in=600) == FileAccessUrl("f1", "https://s3/x", 600, True)
    assert server.requests[0].url.query == b"expiresIn=600"


def test_access_url_without_expiry_sends_no_query(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/f1/access-url", json_response(200, {"fileId": "f1", "url": "u", "isTemporary": False}))
    access = client.get_file_access_url("f1")
    assert server.requests[0].url.query == b""
    assert (access.expires_in, access.is_temporary) == (None, False)


@pytest.mark.parametrize(("expires_in", "temporary"), [(600, True), (None, False)])
def test_is_temporary_follows_expires_in_when_the_backend_omits_it(
    client: Dilnaka, server: FakeServer, expires_in: object, temporary: bool
) -> None:
    server.on(
        "GET", "/v1/files/f1/access-url", json_response(200, {"fileId": "f1", "url": "u", "expiresIn": expires_in})
    )
    assert client.get_file_access_url("f1").is_temporary is temporary


def test_bandwidth_overage_warning_is_surfaced(
    client: Dilnaka, server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    body = {
        "success": True,
        "warning": "bandwidth_overage_active",
        "message": "Extra usage will be billed.",
        "fileId": "f1",
        "url": "u",
        "expiresIn": 1200,
        "isTemporary": True,
    }
    server.on("GET", "/v1/files/f1/access-url", json_response(200, body))
    with caplog.at_level(logging.WARNING, logger="dilnaka"):
        access = client.get_file_access_url("f1", expires_in=1200)
    assert (access.warning, access.warning_message) == ("bandwidth_overage_active", "Extra usage will be billed.")
    assert "bandwidth_overage_active" in caplog.text


@pytest.mark.parametrize("bad", [0, -5, 1.5, "600", True, 604_801])
def test_bad_expires_in_is_rejected_before_any_request(client: Dilnaka, server: FakeServer, bad: object) -> None:
    with pytest.raises(ValidationError, match="expires_in"):
        client.get_file_access_url("f1", expires_in=bad)  # type: ignore[arg-type]
    assert server.requests == []


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_empty_or_non_string_ids_are_rejected_before_any_request(
    client: Dilnaka, server: FakeServer, bad: object
) -> None:
    for call in (client.get_file, client.delete_file, client.get_file_access_url, client.complete_upload):
        with pytest.raises(ValidationError, match="file_id"):
            call(bad)  # type: ignore[arg-type]
    assert server.requests == []


def test_validation_errors_are_value_errors_as_in_0_0_8(client: Dilnaka) -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        client.get_file_access_url("f1", expires_in=0)


def test_delete_returns_the_body_as_a_typed_dict(client: Dilnaka, server: FakeServer) -> None:
    server.on("DELETE", "/v1/files/f1", json_response(200, {"success": True, "fileId": "f1", "deleted": True}))
    result = client.delete_file("f1")
    assert isinstance(result, DeletedFile)
    assert result == {"success": True, "fileId": "f1", "deleted": True}
    assert (result.file_id, result.deleted, result.success) == ("f1", True, True)
    assert "'deleted': True" in str(result)
    assert json.loads(json.dumps(result))["fileId"] == "f1"


def test_list_files_follows_next_cursor_lazily(client: Dilnaka, server: FakeServer) -> None:
    page1 = {"files": [{**FILE, "fileId": "a"}, {**FILE, "fileId": "b"}], "nextCursor": "c1"}
    page2 = {"files": [{**FILE, "fileId": "c"}], "nextCursor": None}
    server.on("GET", "/v1/files", json_response(200, page1), json_response(200, page2))
    files = client.list_files(limit=2)
    assert server.requests == []  # nothing fetched until iterated
    iterator = iter(files)
    assert next(iterator).id == "a"
    assert len(server.requests) == 1
    assert [f.id for f in iterator] == ["b", "c"]
    assert [r.url.query for r in server.requests] == [b"limit=2", b"limit=2&cursor=c1"]


def test_list_files_accepts_a_bare_array_and_behaves_like_the_old_list(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files", json_response(200, [FILE]))
    files = client.list_files()
    assert len(files) == 1
    assert files[0].id == "clx_file_id"
    assert [f.key for f in files] == [FILE["key"]]
    assert bool(files)
    assert len(server.requests) == 1
    assert server.requests[0].url.query == b""


def test_list_files_rejects_a_bad_limit_before_any_request(client: Dilnaka, server: FakeServer) -> None:
    with pytest.raises(ValidationError, match="limit"):
        client.list_files(limit=0)
    assert server.requests == []


def test_complete_upload_posts_the_file_id(client: Dilnaka, server: FakeServer) -> None:
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))
    assert client.complete_upload("clx_file_id").status == "uploaded"
    assert json.loads(server.bodies[0]) == {"fileId": "clx_file_id"}
    assert server.requests[0].headers["content-type"] == "application/json"


def test_create_presigned_upload_sends_the_contract_body(client: Dilnaka, server: FakeServer) -> None:
    presign = {
        "fileId": "f1",
        "fileKey": "avatars/2026/05/f1-a.png",
        "uploadUrl": "https://s3/put",
        "expiresIn": 300,
        "method": "PUT",
        "headers": {"Content-Type": "image/png"},
    }
    server.on("POST", "/v1/uploads/presign", json_response(200, presign))
    presigned = client.create_presigned_upload("a.png", "image/png", 10, folder="avatars", metadata={"k": "v"})
    assert (presigned.file_id, presigned.upload_url, presigned.headers) == (
        "f1",
        "https://s3/put",
        {"Content-Type": "image/png"},
    )
    assert json.loads(server.bodies[0]) == {
        "filename": "a.png",
        "contentType": "image/png",
        "size": 10,
        "folder": "avatars",
        "metadata": {"k": "v"},
    }


def test_a_response_off_the_contract_is_a_typed_error(client: Dilnaka, server: FakeServer) -> None:
    from dilnaka import DilnakaAPIError

    server.on("GET", "/v1/files/f1", json_response(200, {"fileId": "f1"}))
    with pytest.raises(DilnakaAPIError, match="does not match the contract") as info:
        client.get_file("f1")
    assert info.value.code == "invalid_response"


def test_the_sync_client_closes_only_the_http_client_it_created() -> None:
    import httpx

    owned = Dilnaka(api_key=API_KEY)
    with owned:
        pass
    injected = httpx.Client()
    with Dilnaka(api_key=API_KEY, http_client=injected):
        pass
    assert (owned._transport.http.is_closed, injected.is_closed) == (True, False)
    injected.close()

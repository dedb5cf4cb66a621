"""`AsyncDilnaka` sends the same requests and behaves like `Dilnaka` (same scripted server)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import AsyncDilnaka

from .conftest import API_KEY, FILE, FakeServer, error_body, json_response
from .test_upload import presign_body, script_happy_path


class AsyncFakeServer(FakeServer):
    async def handle(self, request: httpx.Request) -> httpx.Response:
        await request.aread()  # drains the streamed body like a real server
        request.read = lambda: request.content  # type: ignore[method-assign]
        return self(request)


@pytest.fixture
def async_sleeps(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    recorded: List[float] = []

    async def record(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr("dilnaka._transport.asyncio.sleep", record)
    return recorded


def run(server: AsyncFakeServer, use: Callable[[AsyncDilnaka], Awaitable[Any]], **kwargs: Any) -> Any:
    async def main() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(server.handle))
        async with AsyncDilnaka(api_key=API_KEY, base_url="https://api.test", http_client=http, **kwargs) as client:
            result = await use(client)
        await http.aclose()
        return result

    return asyncio.run(main())


def test_operations_send_the_same_requests_as_the_sync_client(async_sleeps: List[float]) -> None:
    server = AsyncFakeServer()
    server.on("GET", "/v1/files/f1", json_response(200, FILE))
    server.on("GET", "/v1/files/f1/access-url", json_response(200, {"fileId": "f1", "url": "u", "expiresIn": 600}))
    server.on("DELETE", "/v1/files/f1", json_response(200, {"success": True, "fileId": "f1", "deleted": True}))
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))

    async def use(client: AsyncDilnaka) -> Tuple[Any, ...]:
        return (
            await client.get_file("f1"),
            await client.get_file_access_url("f1", expires_in=600),
            await client.delete_file("f1"),
            await client.complete_upload("f1"),
        )

    file, access, deleted, completed = run(server, use)
    assert (file.id, access.is_temporary, deleted.deleted, completed.status) == ("clx_file_id", True, True, "uploaded")
    assert [(r.method, r.url.path, r.url.query) for r in server.requests] == [
        ("GET", "/v1/files/f1", b""),
        ("GET", "/v1/files/f1/access-url", b"expiresIn=600"),
        ("DELETE", "/v1/files/f1", b""),
        ("POST", "/v1/uploads/complete", b""),
    ]
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in server.requests)


def test_async_for_follows_next_cursor() -> None:
    server = AsyncFakeServer()
    page1 = {"files": [{**FILE, "fileId": "a"}], "nextCursor": "c1"}
    page2 = {"files": [{**FILE, "fileId": "b"}]}
    server.on("GET", "/v1/files", json_response(200, page1), json_response(200, page2))

    async def use(client: AsyncDilnaka) -> List[str]:
        return [f.id async for f in client.list_files(limit=1)]

    assert run(server, use) == ["a", "b"]
    assert [r.url.query for r in server.requests] == [b"limit=1", b"limit=1&cursor=c1"]


def test_upload_streams_retries_and_reports_progress(
    tmp_path: Path, async_sleeps: List[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dilnaka.upload.put.CHUNK_SIZE", 4)
    path = tmp_path / "data.txt"
    path.write_bytes(b"0123456789")
    server = AsyncFakeServer()
    server.on("POST", "/v1/uploads/presign", json_response(200, presign_body()))
    server.on("PUT", "/bucket/uploads/x", httpx.Response(503), httpx.Response(200))
    server.on("POST", "/v1/uploads/complete", json_response(200, FILE))
    calls: List[Tuple[int, int]] = []

    uploaded = run(server, lambda c: c.upload(path, progress=lambda s, t: calls.append((s, t))))
    assert uploaded.status == "uploaded"
    put = server.requests[1]
    assert "authorization" not in put.headers
    assert put.headers["content-length"] == "10"
    assert server.bodies[1] == server.bodies[2] == b"0123456789"
    assert calls == [(0, 10), (4, 10), (8, 10), (10, 10)]
    assert len(async_sleeps) == 1
    assert json.loads(server.bodies[0])["filename"] == "data.txt"


def test_a_failed_complete_carries_the_file_id(async_sleeps: List[float]) -> None:
    server = AsyncFakeServer()
    script_happy_path(server)
    server.routes["POST /v1/uploads/complete"] = []
    server.on("POST", "/v1/uploads/complete", json_response(409, error_body("upload_incomplete")))
    with pytest.raises(dilnaka.ConflictError) as info:
        run(server, lambda c: c.upload(b"abc", filename="a.txt"))
    assert info.value.file_id == "clx_file_id"
    assert info.value.hint is not None and "upload the file again" in info.value.hint


def test_bad_input_is_rejected_before_any_request() -> None:
    server = AsyncFakeServer()
    with pytest.raises(dilnaka.ValidationError, match="expires_in"):
        run(server, lambda c: c.get_file_access_url("f1", expires_in=-1))
    with pytest.raises(FileNotFoundError):
        run(server, lambda c: c.upload("missing.txt"))
    assert server.requests == []


def test_network_errors_become_connection_errors(async_sleeps: List[float]) -> None:
    server = AsyncFakeServer()

    def reset(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    server.on("GET", "/v1/files/f1", reset)
    with pytest.raises(dilnaka.APIConnectionError, match="connection refused"):
        run(server, lambda c: c.get_file("f1"))
    assert len(async_sleeps) == 2


def test_the_client_closes_the_http_client_it_created() -> None:
    async def main() -> Tuple[bool, bool]:
        owned = AsyncDilnaka(api_key=API_KEY)
        async with owned:
            pass
        injected_http = httpx.AsyncClient()
        async with AsyncDilnaka(api_key=API_KEY, http_client=injected_http):
            pass
        closed = (owned._transport.http.is_closed, injected_http.is_closed)
        await injected_http.aclose()
        return closed

    assert asyncio.run(main()) == (True, False)


def test_repr_redacts_the_key() -> None:
    client = AsyncDilnaka(api_key=API_KEY)
    assert API_KEY not in repr(client)
    assert "dlk_dev_…abcd" in repr(client)
    asyncio.run(client.close())

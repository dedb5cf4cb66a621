"""Unit-test helpers: a client whose httpx transport is a scripted fake of the API and storage."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Iterator, List, Optional

import httpx
import pytest

from dilnaka import Dilnaka

API_KEY = "dlk_dev_unit_test_key_1234abcd"
BASE_URL = "https://api.test"


def json_response(status: int, body: Any, headers: Optional[Dict[str, str]] = None) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json", **(headers or {})}
    )


def error_body(code: str, message: str = "boom") -> Dict[str, Any]:
    return {"success": False, "error": code, "message": message}


FILE = {
    "fileId": "clx_file_id",
    "status": "uploaded",
    "key": "uploads/2026/05/clx_file_id-test.txt",
    "originalName": "test.txt",
    "contentType": "text/plain",
    "size": 5,
    "publicUrl": None,
}


class FakeServer:
    """Answers from a queue of responses per "METHOD path", recording each request (body read)."""

    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []
        self.bodies: List[bytes] = []
        self.routes: Dict[str, List[Callable[[httpx.Request], httpx.Response]]] = {}

    def on(self, method: str, path: str, *responses: Any) -> None:
        queue = self.routes.setdefault(f"{method} {path}", [])
        for response in responses:
            queue.append(response if callable(response) else (lambda _r, resp=response: resp))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.read())
        self.requests.append(request)
        queue = self.routes.get(f"{request.method} {request.url.raw_path.decode().split('?')[0]}")
        if not queue:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        handler = queue.pop(0) if len(queue) > 1 else queue[0]
        return handler(request)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    """Records retry waits instead of sleeping, so retry tests are instant and can assert delays."""
    recorded: List[float] = []
    monkeypatch.setattr("dilnaka._transport.time.sleep", recorded.append)

    def pause(stop: Any, seconds: float) -> bool:  # a part's retry wait (interruptible in real use)
        recorded.append(seconds)
        return bool(stop.is_set())

    monkeypatch.setattr("dilnaka.upload.multipart.parts.pause", pause)
    return recorded


@pytest.fixture
def client(server: FakeServer, sleeps: List[float]) -> Iterator[Dilnaka]:
    http = httpx.Client(transport=httpx.MockTransport(server))
    with Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http) as c:
        yield c
    http.close()

"""The documented upload route examples, run against the dev server: the stdlib server as a real
process over HTTP (CORS, 405, a refusal, a whole upload), FastAPI and Flask through their test clients.

FastAPI and Flask are not in the repo's venv yet: those two tests skip until they are installed
(`pip install "fastapi>=0.110" "flask>=3"`); the stdlib server always runs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator

import httpx
import pytest

from dilnaka import Dilnaka

from .conftest import DevServer

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).parents[2] / "examples"
SECRET = "examples-e2e-secret-" + "z" * 32
PAGE = "http://127.0.0.1:5173"  # a page on another loopback port, as a dev server of a web app


@pytest.fixture(scope="module")
def stdlib_route(dev_server: DevServer) -> Iterator[str]:
    env = {**os.environ, "DILNAKA_API_KEY": dev_server.api_key, "DILNAKA_BASE_URL": dev_server.base_url}
    env.update({"DILNAKA_ROUTE_TOKEN_SECRET": SECRET, "PORT": "0"})
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "upload_route_server.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        assert line.startswith("listening on http://127.0.0.1:"), line
        yield line.removeprefix("listening on ") + "/api/upload"
    finally:
        process.terminate()
        process.wait(timeout=10)


def upload_through(post: Any, data: bytes, name: str, content_type: str, headers: Dict[str, str]) -> Dict[str, Any]:
    """The browser uploader's steps over a route: presign, PUT to storage, complete."""
    presigned = post({"type": "presign", "filename": name, "contentType": content_type, "size": len(data)}, headers)
    assert presigned.status_code == 200, json_of(presigned)
    body = json_of(presigned)
    upload = body["upload"]
    assert httpx.put(upload["url"], headers=upload["headers"], content=data).status_code == 200
    done = post({"type": "complete", "fileId": body["fileId"], "token": body["token"]}, headers)
    assert done.status_code == 200, json_of(done)
    file: Dict[str, Any] = json_of(done)["file"]
    return file


def json_of(response: Any) -> Any:
    """httpx and Starlette's test client have `.json()`, Werkzeug's test client `.get_json()`."""
    return response.get_json() if hasattr(response, "get_json") else response.json()


def test_the_stdlib_server_uploads_for_a_loopback_page(stdlib_route: str, dev_server: DevServer) -> None:
    preflight = httpx.options(stdlib_route, headers={"Origin": PAGE, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == PAGE

    file = upload_through(
        lambda body, headers: httpx.post(stdlib_route, json=body, headers=headers),
        b"from the page",
        "page.txt",
        "text/plain",
        {"Origin": PAGE},
    )

    assert file["status"] == "uploaded" and file["key"].startswith("browser-uploads/")
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, env_file="/nonexistent") as client:
        assert file["fileId"] in [f.id for f in client.list_files()]


def test_the_stdlib_server_refuses_and_answers_only_post(stdlib_route: str) -> None:
    refused = httpx.post(
        stdlib_route,
        json={"type": "presign", "filename": "setup.exe", "contentType": "application/octet-stream", "size": 5},
    )
    assert refused.status_code == 403 and refused.json()["error"] == "upload_refused"

    wrong_method = httpx.get(stdlib_route, headers={"Origin": "https://elsewhere.example"})
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "POST"
    assert wrong_method.json()["error"] == "method_not_allowed"
    assert "Access-Control-Allow-Origin" not in wrong_method.headers  # only loopback pages


def load_example(name: str, dev_server: DevServer, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("DILNAKA_API_KEY", dev_server.api_key)
    monkeypatch.setenv("DILNAKA_BASE_URL", dev_server.base_url)
    monkeypatch.setenv("DILNAKA_ROUTE_TOKEN_SECRET", SECRET)
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fastapi_example(dev_server: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi", reason='FastAPI is not installed: pip install "fastapi>=0.110"')
    from fastapi.testclient import TestClient

    example = load_example("upload_route_fastapi", dev_server, monkeypatch)
    with TestClient(example.app) as http:
        post = lambda body, headers: http.post("/api/upload", json=body, headers=headers)  # noqa: E731
        anonymous = post({"type": "presign", "filename": "a.png", "contentType": "image/png", "size": 3}, {})
        assert anonymous.status_code == 403 and anonymous.json()["message"] == "Sign in to upload."
        assert (
            post(
                {"type": "presign", "filename": "a.gif", "contentType": "image/gif", "size": 3}, {"X-Demo-User": "ana"}
            ).status_code
            == 415
        )
        file = upload_through(post, b"png", "a.png", "image/png", {"X-Demo-User": "ana"})
        assert file["metadata"] == {"user": "ana"} and file["key"].startswith("avatars/")
        assert http.get("/api/upload").headers["Allow"] == "POST"


def test_the_flask_example(dev_server: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("flask", reason='Flask is not installed: pip install "flask>=3"')
    example = load_example("upload_route_flask", dev_server, monkeypatch)
    http = example.app.test_client()

    def post(body: Dict[str, Any], headers: Dict[str, str]) -> Any:
        return http.post("/api/upload", json=body, headers=headers)

    anonymous = post({"type": "presign", "filename": "a.png", "contentType": "image/png", "size": 3}, {})
    assert anonymous.status_code == 403 and anonymous.get_json()["message"] == "Sign in to upload."
    file = upload_through(post, b"png", "a.png", "image/png", {"X-Demo-User": "ana"})
    assert file["metadata"] == {"user": "ana"} and file["key"].startswith("avatars/")
    assert http.get("/api/upload").headers["Allow"] == "POST"

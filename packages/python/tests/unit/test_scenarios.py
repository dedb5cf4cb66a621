"""Every case of spec/scenarios/*.json (the vectors all three SDKs share) through the real client,
with only the httpx transport injected. A scenario file without a runner here fails the suite."""

from __future__ import annotations

import email.utils
import json
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import httpx
import pytest

from dilnaka import Dilnaka, DilnakaError
from dilnaka._redact import redact_key

from .conftest import API_KEY, BASE_URL, FILE, json_response

SCENARIOS = Path(__file__).resolve().parents[4] / "spec" / "scenarios"
FILES = sorted(p.name for p in SCENARIOS.glob("*.json") if p.name != "schema.json")
CASES = [(f, c) for f in FILES for c in json.loads((SCENARIOS / f).read_text(encoding="utf-8"))["cases"]]
Case = Dict[str, Any]


def wire_headers(headers: Dict[str, Any]) -> Dict[str, str]:
    def value(v: Any) -> str:
        return v if isinstance(v, str) else email.utils.formatdate(time.time() + v["httpDateFromNow"], usegmt=True)

    return {k: value(v) for k, v in headers.items()}


def answer(given: Case) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        if given.get("connectionError"):
            raise httpx.ConnectError("connection refused", request=request)
        headers = wire_headers(given.get("headers", {}))
        if "bodyText" in given:
            return httpx.Response(given["status"], text=given["bodyText"], headers=headers)
        return json_response(given["status"], given["body"], headers)

    return respond


def client(responses: List[Any], requests: List[httpx.Request], **options: Any) -> Dilnaka:
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        nxt = queue.pop(0)
        return nxt(request) if callable(nxt) else nxt

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Dilnaka(**{"api_key": API_KEY, "base_url": BASE_URL, "http_client": http, **options})


def query(request: httpx.Request) -> Dict[str, str]:
    return dict(request.url.params)


def error_classification(given: Case, want: Case, sleeps: List[float], **_: Any) -> None:
    with pytest.raises(DilnakaError) as info:
        client([answer(given)], [], max_retries=0).get_file("f1")
    e: Any = info.value
    assert type(e).__name__ == want["class"]["python"]
    assert (e.status_code, e.code, e.request_id, e.retry_after) == (
        want["status"],
        want["code"],
        want["requestId"],
        want["retryAfter"],
    )
    assert e.hint and e.hint.strip()


def retry(given: Case, want: Case, sleeps: List[float], **_: Any) -> None:
    requests: List[httpx.Request] = []
    c = client([answer(given), json_response(200, {**FILE, "fileId": "f1"})], requests, max_retries=1)
    if not want["retried"]:
        with pytest.raises(DilnakaError):
            c.get_file("f1")
        assert (len(requests), sleeps) == (1, [])
        return
    assert c.get_file("f1").id == "f1" and len(requests) == 2
    if "delaySeconds" not in want:
        return
    if want["delaySeconds"] is None:
        assert 0.375 <= sleeps[0] <= 0.5
    else:
        assert sleeps[0] == pytest.approx(want["delaySeconds"], abs=want.get("tolerance", 0.001))


def access_url(given: Case, want: Case, **_: Any) -> None:
    requests: List[httpx.Request] = []
    access = client([json_response(200, given["body"])], requests).get_file_access_url("f1", given.get("expiresIn"))
    warning = {"code": access.warning, "message": access.warning_message} if access.warning else None
    assert query(requests[0]) == want["query"]
    assert (access.is_temporary, access.expires_in, warning) == (
        want["isTemporary"],
        want["expiresIn"],
        want["warning"],
    )


def config(given: Case, want: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **_: Any) -> None:
    if "redact" in given:
        assert redact_key(given["redact"]) == want["redacted"]
        return
    for name in ("DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT", "DILNAKA_MAX_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in given["env"].items():
        monkeypatch.setenv(name, value)
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in given["dotenv"].items()), encoding="utf-8")
    explicit = given["explicit"]
    options = {
        "api_key": explicit.get("apiKey"),
        "base_url": explicit.get("baseUrl"),
        "timeout": explicit.get("timeout"),
    }
    requests: List[httpx.Request] = []
    make = lambda: client([json_response(200, {**FILE, "fileId": "f1"})], requests, env_file=env_file, **options)  # noqa: E731
    if "class" in want:
        with pytest.raises(DilnakaError) as info:
            make()
        assert (type(info.value).__name__, requests) == (want["class"]["python"], [])
        return
    make().get_file("f1")
    sent = requests[0]
    assert (sent.headers["authorization"], str(sent.url), sent.extensions["timeout"]["read"]) == (
        f"Bearer {want['apiKey']}",
        f"{want['baseUrl']}/v1/files/f1",
        want["timeout"],
    )


def list_pagination(given: Case, want: Case, **_: Any) -> None:
    def file(i: str) -> Dict[str, Any]:
        return {**FILE, "fileId": i, "key": f"uploads/{i}", "originalName": f"{i}.txt", "size": 1}

    pages = [
        json_response(
            200, [file(i) for i in p] if isinstance(p, list) else {**p, "files": [file(i) for i in p["files"]]}
        )
        for p in given["pages"]
    ]
    requests: List[httpx.Request] = []
    ids: List[str] = []
    error = None
    try:
        for f in client(pages, requests).list_files(limit=given.get("limit")):
            ids.append(f.id)
    except DilnakaError as e:
        error = type(e).__name__
    assert (ids, [query(r) for r in requests]) == (want["ids"], want["queries"])
    assert error == want.get("class", {}).get("python")


RUNNERS: Dict[str, Callable[..., None]] = {
    "error-classification.json": error_classification,
    "retry.json": retry,
    "access-url.json": access_url,
    "config.json": config,
    "list-pagination.json": list_pagination,
}


@pytest.mark.parametrize("file", FILES)
def test_every_scenario_file_has_a_runner(file: str) -> None:
    assert file in RUNNERS


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_scenario(file: str, case: Case, sleeps: List[float], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    RUNNERS[file](case["given"], case["expect"], sleeps=sleeps, monkeypatch=monkeypatch, tmp_path=tmp_path)

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

import dilnaka
import dilnaka.errors
from dilnaka import Dilnaka, DilnakaError, IntegrityError, plan_upload
from dilnaka._redact import redact_key
from dilnaka.config import parse_env_text
from dilnaka.download.verifier import Verifier
from dilnaka.integrity import sha256
from dilnaka.upload.source import UploadSource, guess_content_type, resolve_source

from .conftest import API_KEY, BASE_URL, FILE, json_response
from .error_messages_runner import error_messages
from .multipart_fake import MultipartFake, created

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


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def expect_error(error: BaseException, want: Case) -> None:
    assert type(error).__name__ == want["class"]["python"], repr(error)
    if "field" in want:
        assert snake(want["field"]) in str(error)
    if "messageContains" in want:
        assert want["messageContains"] in str(error)
    if "code" in want:
        assert getattr(error, "code", None) == want["code"]
    if "status" in want:
        assert getattr(error, "status_code", None) == want["status"]


def multipart_plan(given: Case, want: Case, **_: Any) -> None:
    options = {snake(k): v for k, v in given.get("options", {}).items()}
    if "error" in want:
        with pytest.raises(DilnakaError) as info:
            plan_upload(given["size"], **options)
        expect_error(info.value, want["error"])
        return
    plan = plan_upload(given["size"], **options)
    assert plan.multipart == want["multipart"]
    if plan.multipart:
        assert (plan.part_size, plan.part_count) == (want["partSize"], want["partCount"])


def multipart_client(fake: MultipartFake, **options: Any) -> Dilnaka:
    http = httpx.Client(transport=httpx.MockTransport(fake))
    return Dilnaka(**{"api_key": API_KEY, "base_url": BASE_URL, "http_client": http, **options})


def multipart_fallback(given: Case, want: Case, tmp_path: Path, **_: Any) -> None:
    path = tmp_path / "a.bin"
    with path.open("wb") as f:
        f.truncate(given["size"])  # sparse: a 6 GiB case costs nothing, and must not be read
    fake = MultipartFake()
    fake.on("createMultipartUpload", json_response(given["status"], given["body"]))
    client = multipart_client(fake, max_retries=0)
    if "error" in want:
        with pytest.raises(DilnakaError) as info:
            client.upload(path, multipart_threshold=0)
        expect_error(info.value, want["error"])
    else:
        assert client.upload(path, multipart_threshold=0).status == want["result"]
    assert fake.log == want["requests"]


def multipart_part_retry(given: Case, want: Case, tmp_path: Path, **_: Any) -> None:
    path = tmp_path / "ten.bin"
    path.write_bytes(b"0123456789")
    fake = MultipartFake(created(part_size=5242880, part_count=1))
    fake.on("putPart", *[answer_part(a) for a in given["answers"]], httpx.Response(200, headers={"ETag": '"etag-1"'}))
    client = multipart_client(fake, max_retries=2)
    if "error" in want:
        with pytest.raises(DilnakaError) as info:
            client.upload(path, multipart_threshold=0)
        expect_error(info.value, want["error"])
        assert getattr(info.value, "file_id", None) == "f_1"
    else:
        assert client.upload(path, multipart_threshold=0).status == want["result"]
        assert fake.json[-1]["parts"] == [{"partNumber": 1, "etag": '"etag-1"'}]
    assert fake.log.count("presignUploadParts") == want["presignCalls"]
    assert fake.log.count("putPart") == want["putCalls"]
    assert ("abortUpload" in fake.log) == want.get("aborted", False)
    assert all(body == b"0123456789" for body in fake.parts[1])  # every attempt resends the whole part


def answer_part(given: Case) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        if given.get("connectionError"):
            raise httpx.ConnectError("connection reset", request=request)
        return httpx.Response(given["status"], text=given.get("body", ""), headers=given.get("headers", {}))

    return respond


def resume_state(given: Case, want: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **_: Any) -> None:
    import hashlib
    import os

    path = tmp_path / "a.bin"
    path.write_bytes(bytes(range(256)) * (12582912 // 256))
    os.utime(path, ns=(given["mtimeMs"] * 1_000_000, given["mtimeMs"] * 1_000_000))
    state_dir = tmp_path / "state"
    monkeypatch.setenv("DILNAKA_STATE_DIR", str(state_dir))
    # The location rule of spec/upload-state.md, computed here, independently of the SDK.
    identity = f"v1\n{BASE_URL}\n{os.path.abspath(path)}\nuploads\na.bin"
    state_file = state_dir / "uploads" / f"{hashlib.sha256(identity.encode()).hexdigest()}.jsonl"
    if given["stateLines"] is not None:
        state_file.parent.mkdir(parents=True)
        state_file.write_text("".join(state_line(line, str(path)) for line in given["stateLines"]), encoding="utf-8")
    fake = MultipartFake(created("f_new", "u_new", 5242880, 3))
    listed = given["listParts"]
    fake.on("listUploadParts", json_response(listed["status"], listed["body"]))
    uploaded = multipart_client(fake).upload(path, resume=True, part_size=5242880, multipart_threshold=0)
    assert uploaded.status == want["result"]
    assert fake.api_ops() == want["requests"]
    assert sorted(fake.parts) == want["sent"]
    complete = [j for op, j in zip(fake.log, fake.json) if op == "completeUpload"]
    assert ([p["etag"] for p in complete[0]["parts"]] if complete else None) == want["completeParts"]
    assert state_file.exists() == want["stateFileAfter"]
    for number, bodies in fake.parts.items():  # each part's bytes are its range of the file
        offset = (number - 1) * 5242880
        assert bodies[-1] == path.read_bytes()[offset : offset + 5242880]


def state_line(line: Any, path: str) -> str:
    if isinstance(line, str):
        return line  # written as it is (a torn line)
    if line.get("$header"):
        own = {k: v for k, v in line.items() if k != "$header"}
        base = {"fileId": "f_old", "uploadId": "u_old", "baseURL": BASE_URL, "folder": "uploads", "filename": "a.bin"}
        line = {**base, **own, "source": {"path": path, **own.get("source", {})}}
    return json.dumps(line) + "\n"


def scenario_bytes(spec: Case) -> bytes:
    repeat, size = spec["repeat"].encode(), spec["size"]
    return (repeat * (size // len(repeat) + 1))[:size] if size else b""


def checksums(given: Case, want: Case, tmp_path: Path, **_: Any) -> None:
    """The SDK's own hashing: of bytes, of a file's ranges read as a part's PUT reads them, the
    composite, and the download Verifier fed in uneven chunks (accepts, then refuses a flipped byte)."""
    data = scenario_bytes(given["bytes"])
    assert sha256.of_bytes(data) == want["sha256"]
    path = tmp_path / "sum.bin"
    path.write_bytes(data)
    source = resolve_source(path, None, None)
    assert isinstance(source, UploadSource)
    with source.ranges() as read:
        assert sha256.of_range(read, 0, len(data)) == want["sha256"]
        part_size = given.get("partSize")
        if part_size is not None:
            parts = [sha256.of_range(read, o, min(part_size, len(data) - o)) for o in range(0, len(data), part_size)]
            assert parts == want["parts"]
            assert sha256.composite([p for p in parts if p is not None]) == want["composite"]
            assert sha256.composite_count(want["composite"]) == len(parts)
            verifies(data, want["composite"], part_size)
    assert sha256.composite_count(want["sha256"]) is None
    verifies(data, want["sha256"], None)


def verifies(data: bytes, checksum: str, part_size: Any) -> None:
    def verify(body: bytes) -> Any:
        verifier = Verifier("f1", len(body), checksum, part_size)
        for at in range(0, len(body), 1048583):  # 1 MiB + 7: part boundaries fall inside chunks
            verifier.update(body[at : at + 1048583])
        return verifier.finish()

    assert verify(data) == checksum
    if not data:
        return
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 1
    with pytest.raises(IntegrityError) as info:
        verify(bytes(flipped))
    assert info.value.code == "checksum_mismatch"


def dotenv(given: Case, want: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **_: Any) -> None:
    """The parser on each text; the file search through a real client in a real directory tree."""
    if "text" in given:
        assert parse_env_text(given["text"]) == want["values"]
        return
    for path, text in given["files"].items():
        target = tmp_path / path
        if path.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    (tmp_path / given["cwd"]).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path / given["cwd"])
    for name in ("DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT", "DILNAKA_MAX_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in given.get("env", {}).items():
        monkeypatch.setenv(name, value)
    if "class" in want:
        with pytest.raises(getattr(dilnaka, want["class"]["python"])) as raised:
            Dilnaka(env_file=given.get("envFile"))
        assert want["messageIncludes"] in str(raised.value)
        return
    requests: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return json_response(200, FILE)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    Dilnaka(env_file=given.get("envFile"), http_client=http).get_file(str(FILE["fileId"]))
    assert requests[0].headers["authorization"] == f"Bearer {want['apiKey']}"
    if "baseUrl" in want:
        assert str(requests[0].url) == f"{want['baseUrl']}/v1/files/{FILE['fileId']}"


def error_hierarchy(given: Case, want: Case) -> None:
    cls = getattr(dilnaka, given["class"]["python"])  # exported from the package
    sdk_classes = {c for c in vars(dilnaka.errors).values() if isinstance(c, type) and c.__module__ == "dilnaka.errors"}
    parents = [c.__name__ for c in cls.__mro__[1:] if c in sdk_classes]
    assert parents == [p["python"] for p in want["parents"]]


def content_type(given: Case, want: Case) -> None:
    assert guess_content_type(given["filename"]) == want["contentType"]


RUNNERS: Dict[str, Callable[..., None]] = {
    "error-classification.json": error_classification,
    "retry.json": retry,
    "access-url.json": access_url,
    "config.json": config,
    "list-pagination.json": list_pagination,
    "multipart-plan.json": multipart_plan,
    "multipart-fallback.json": multipart_fallback,
    "multipart-part-retry.json": multipart_part_retry,
    "resume-state.json": resume_state,
    "checksums.json": checksums,
    "dotenv.json": dotenv,
    "content-type.json": lambda given, want, **_: content_type(given, want),
    "error-hierarchy.json": lambda given, want, **_: error_hierarchy(given, want),
    "error-messages.json": error_messages,
}


@pytest.mark.parametrize("file", FILES)
def test_every_scenario_file_has_a_runner(file: str) -> None:
    assert file in RUNNERS


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_scenario(file: str, case: Case, sleeps: List[float], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    RUNNERS[file](case["given"], case["expect"], sleeps=sleeps, monkeypatch=monkeypatch, tmp_path=tmp_path)

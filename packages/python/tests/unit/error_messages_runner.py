"""The runner of spec/scenarios/error-messages.json: one message rule for every error (what failed,
why, the request id, then the hint), checked on the real client with only the httpx transport injected."""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List

import httpx
import pytest

from dilnaka import Dilnaka, DilnakaError

from .conftest import API_KEY, BASE_URL, json_response

Case = Dict[str, Any]


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _respond(given: Case, request: httpx.Request) -> httpx.Response:
    if given.get("connection") == "refused":
        # What httpx raises when nothing listens on the port.
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    headers = given.get("headers", {})
    if "bodyText" in given:
        return httpx.Response(given["status"], text=given["bodyText"], headers=headers)
    return json_response(given["status"], given["body"], headers)


def _error(given: Case) -> tuple[DilnakaError, int]:
    if "config" in given:
        options = {snake(k).replace("base_u_r_l", "base_url"): v for k, v in given["config"].items()}
        with pytest.raises(DilnakaError) as info:
            Dilnaka(env_file=None, **options)
        return info.value, 0
    requests: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return _respond(given.get("answer", {"status": 500, "bodyText": "unexpected"}), request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=given.get("maxRetries", 0))
    calls: Dict[str, Callable[[], object]] = {
        "getFile": lambda: client.get_file(given["fileId"]),
        "deleteFile": lambda: client.delete_file(given["fileId"]),
        "getFileAccessUrl": lambda: client.get_file_access_url(given["fileId"], expires_in=given["expiresIn"]),
        "createPresignedUpload": lambda: client.create_presigned_upload(
            **{snake(k): v for k, v in given["input"].items()}
        ),
    }
    with pytest.raises(DilnakaError) as info:
        calls[given["call"]]()
    return info.value, len(requests)


def error_messages(given: Case, want: Case, **_: Any) -> None:
    error, requests = _error(given)
    e: Any = error
    text = str(error)
    assert type(error).__name__ == want["class"]["python"], text
    assert e.code == want["code"], text
    assert e.hint and e.hint.strip()
    # The rule: ... then ". Hint: " and the hint, last.
    assert text.endswith(f". Hint: {e.hint}"), text
    if "requestId" in want:
        assert e.request_id == want["requestId"]
    if "requests" in want:
        assert requests == want["requests"]
    if "messageStartsWith" in want:
        assert text.startswith(want["messageStartsWith"]), text
    for part in want.get("messageContains", []):
        assert part in text, text
    for part in want.get("messageContainsAnyCase", []):
        assert part.lower() in text.lower(), text
    for part in want.get("messageLacks", []):
        assert part not in text, text
    for part in want.get("hintContains", []):
        assert part in e.hint, e.hint
    for part in want.get("hintLacks", []):
        assert part not in e.hint, e.hint
    if "field" in want:
        assert e.field == snake(want["field"]), text
        assert snake(want["field"]) in text, text

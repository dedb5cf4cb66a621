"""Completion tokens against the dev server: a forged, expired, replayed or other file's token is
403 and completes nothing (the file stays pending, `on_upload_completed` never runs)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any, Dict, Iterator

import httpx
import pytest

from dilnaka import Dilnaka, UploadPolicy
from dilnaka.upload_route import TokenClaims, sign_token

from .conftest import DevServer
from .test_upload_route import SECRET, Route

pytestmark = pytest.mark.e2e


@pytest.fixture
def route(dev_server: DevServer) -> Iterator[Route]:
    with Dilnaka(
        api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30, env_file="/nonexistent"
    ) as client:
        yield Route(client, UploadPolicy(folder="e2e/route-tokens"))


def uploaded_but_not_completed(route: Route, data: bytes = b"bytes in storage") -> Dict[str, Any]:
    """Presigned through the route and PUT to storage: only the complete step is left."""
    body: Dict[str, Any] = route.post(
        {"type": "presign", "filename": "t.txt", "contentType": "text/plain", "size": len(data)}
    ).body
    upload = body["upload"]
    assert httpx.put(upload["url"], headers=upload["headers"], content=data).status_code == 200
    return body


def complete(route: Route, file_id: str, token: str) -> Any:
    return route.post({"type": "complete", "fileId": file_id, "token": token})


def assert_refused(route: Route, answer: Any, code: str, file_id: str) -> None:
    assert answer.status == 403, answer.body
    assert answer.body["success"] is False and answer.body["error"] == code and answer.body["message"]
    assert route.client.get_file(file_id).status == "pending"
    assert route.completed == []


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda t, fid: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), id="altered-signature"),
        pytest.param(
            lambda t, fid: (
                "v1."
                + b64(json.dumps({"fid": fid, "size": 16, "mp": False, "exp": 4102444800}).encode())
                + "."
                + t.split(".")[2]
            ),
            id="altered-payload",
        ),
        pytest.param(
            lambda t, fid: sign_token(
                TokenClaims(fid, 16, False, int(time.time()) + 600), "another-secret-" + "y" * 32
            ),
            id="other-secret",
        ),
        pytest.param(lambda t, fid: "v2." + t.split(".", 1)[1], id="other-version"),
        pytest.param(lambda t, fid: t.split(".", 1)[1], id="two-parts"),
        pytest.param(lambda t, fid: "", id="empty"),
    ],
)
def test_a_forged_token_is_403_token_invalid(route: Route, forge: Any) -> None:
    body = uploaded_but_not_completed(route)
    answer = complete(route, body["fileId"], forge(body["token"], body["fileId"]))
    assert_refused(route, answer, "token_invalid", body["fileId"])


def test_an_expired_token_is_403_token_expired(route: Route) -> None:
    body = uploaded_but_not_completed(route)
    expired = sign_token(TokenClaims(body["fileId"], 16, False, int(time.time()) - 1), SECRET)
    assert_refused(route, complete(route, body["fileId"], expired), "token_expired", body["fileId"])


def test_a_token_of_another_file_cannot_complete_it(route: Route) -> None:
    mine = uploaded_but_not_completed(route)
    theirs = uploaded_but_not_completed(route)

    answer = complete(route, theirs["fileId"], mine["token"])

    assert_refused(route, answer, "token_mismatch", theirs["fileId"])
    for step in ("abort", "presignParts"):  # nor abort it, nor presign its parts
        extra = {"partNumbers": [1]} if step == "presignParts" else {}
        refused = route.post({"type": step, "fileId": theirs["fileId"], "token": mine["token"], **extra})
        assert (refused.status, refused.body["error"]) == (403, "token_mismatch")
    assert route.client.get_file(theirs["fileId"]).status == "pending"


def test_a_replayed_token_is_403_token_used(route: Route) -> None:
    body = uploaded_but_not_completed(route)
    assert complete(route, body["fileId"], body["token"]).status == 200

    again = complete(route, body["fileId"], body["token"])

    assert again.status == 403
    assert again.body == {
        "success": False,
        "error": "token_used",
        "message": "This upload is already completed; its token cannot be used again.",
    }
    assert [f.id for f in route.completed] == [body["fileId"]]  # on_upload_completed ran once

"""The route's step rules against the dev server, as the TypeScript helper answers them: the token's
kind (single PUT or multipart) decides which steps it may take, a completed upload turns every
later step into `token_used`, a failing `on_upload_completed` is a 500 after the file is stored,
and the route's own key being refused is the operator's 502, not the visitor's 401."""

from __future__ import annotations

from typing import Any, Dict, Iterator

import httpx
import pytest

from dilnaka import Dilnaka, UploadPolicy, handle_upload

from .conftest import DevServer
from .test_upload_route import SECRET, Route
from .test_upload_route_tokens import uploaded_but_not_completed

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30, env_file="/nonexistent") as c:
        yield c


def multipart(route: Route) -> Dict[str, Any]:
    announced = {"type": "presign", "filename": "m.bin", "contentType": "application/octet-stream", "size": 6 * MiB}
    body: Dict[str, Any] = route.post(announced).body
    assert body["multipart"] == {"partSize": 5 * MiB, "partCount": 2}
    return body


def test_the_tokens_kind_decides_the_steps_shape(client: Dilnaka) -> None:
    route = Route(client, UploadPolicy(folder="e2e/route-steps", multipart_threshold=5 * MiB, part_size=5 * MiB))
    single = uploaded_but_not_completed(route)
    parted = multipart(route)

    answers = [
        route.post({"type": "presignParts", "fileId": single["fileId"], "token": single["token"], "partNumbers": [1]}),
        route.post(
            {
                "type": "complete",
                "fileId": single["fileId"],
                "token": single["token"],
                "parts": [{"partNumber": 1, "etag": "x"}],
            }
        ),
        route.post({"type": "complete", "fileId": parted["fileId"], "token": parted["token"]}),
    ]

    assert [(a.status, a.body["error"], a.body["message"]) for a in answers] == [
        (400, "invalid_request", "This upload is a single PUT: it has no parts to presign."),
        (400, "invalid_request", "A single-PUT upload completes without `parts`."),
        (400, "invalid_request", "A multipart upload completes with `parts`: every part's number and ETag."),
    ]
    assert client.get_file(single["fileId"]).status == "pending" and route.completed == []


def test_after_complete_every_step_of_the_token_is_token_used(client: Dilnaka) -> None:
    route = Route(client, UploadPolicy(folder="e2e/route-steps", multipart_threshold=5 * MiB, part_size=5 * MiB))
    body = multipart(route)
    urls = route.post(
        {"type": "presignParts", "fileId": body["fileId"], "token": body["token"], "partNumbers": [1, 2]}
    ).body["parts"]
    parts = []
    for part, size in zip(urls, (5 * MiB, 1 * MiB)):
        answer = httpx.put(part["url"], headers=part["headers"], content=b"p" * size, timeout=60)
        parts.append({"partNumber": part["partNumber"], "etag": answer.headers["ETag"]})
    token = {"fileId": body["fileId"], "token": body["token"]}
    assert route.post({"type": "complete", **token, "parts": parts}).status == 200

    later = [
        route.post({"type": "presignParts", **token, "partNumbers": [1]}),
        route.post({"type": "abort", **token}),
        route.post({"type": "complete", **token, "parts": parts}),
    ]

    assert [(a.status, a.body["error"]) for a in later] == [(403, "token_used")] * 3
    assert client.get_file(body["fileId"]).status == "uploaded" and len(route.completed) == 1


def test_a_failing_on_upload_completed_is_a_500_after_the_file_is_stored(
    client: Dilnaka, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(file: Any, completion: Any) -> None:
        raise RuntimeError("the app's database is down")

    def post(body: Dict[str, Any]) -> Any:
        return handle_upload(
            body, client=client, token_secret=SECRET, on_before_upload=lambda i: None, on_upload_completed=broken
        )

    presigned = post({"type": "presign", "filename": "b.txt", "contentType": "text/plain", "size": 4}).body
    assert (
        httpx.put(presigned["upload"]["url"], headers=presigned["upload"]["headers"], content=b"data").status_code
        == 200
    )

    answer = post({"type": "complete", "fileId": presigned["fileId"], "token": presigned["token"]})

    assert answer.status == 500
    assert answer.body == {
        "success": False,
        "error": "upload_callback_failed",
        "message": "The file is stored, but the site could not record it; contact the site's operator.",
    }
    assert "the app's database is down" not in str(answer.body)  # nothing internal reaches the page
    assert "the app's database is down" in caplog.text  # but the operator's log has it
    assert client.get_file(presigned["fileId"]).status == "uploaded"


def test_the_routes_own_key_refused_is_the_operators_502(dev_server: DevServer) -> None:
    with Dilnaka(api_key="dlk_dev_not_a_real_key_0000", base_url=dev_server.base_url, env_file="/nonexistent") as wrong:
        answer = handle_upload(
            {"type": "presign", "filename": "a.txt", "contentType": "text/plain", "size": 1},
            client=wrong,
            token_secret=SECRET,
            on_before_upload=lambda i: None,
        )

    assert answer.status == 502 and answer.body["success"] is False
    assert (
        answer.body["message"]
        == "The upload route's Dilnaka API key was refused; the site's operator must fix its configuration."
    )

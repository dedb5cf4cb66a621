"""The upload route (`handle_upload`, spec/upload-route.yaml) against the dev server and its real
store: the browser's three steps done by hand (presign through the route, PUT to storage, complete
through the route), multipart through the route, and the policy refusing before any presign."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from typing import Any, Dict, Iterator, List

import httpx
import pytest

from dilnaka import (
    AsyncDilnaka,
    Dilnaka,
    UploadIntent,
    UploadPolicy,
    UploadRefused,
    async_handle_upload,
    handle_upload,
)
from dilnaka.types import UploadedFile
from dilnaka.upload_route import UploadCompletion

from .conftest import DevServer, sha256_of_download

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024
SECRET = "route-e2e-secret-" + "x" * 32


class Route:
    """One app's upload route: a policy, the files its `on_upload_completed` saw, the intents."""

    def __init__(self, client: Dilnaka, policy: Any = None) -> None:
        self.client = client
        self.policy = policy if policy is not None else UploadPolicy(folder="e2e/route")
        self.intents: List[UploadIntent] = []
        self.completed: List[UploadedFile] = []
        self.completions: List[UploadCompletion] = []

    def before(self, intent: UploadIntent) -> Any:
        self.intents.append(intent)
        if isinstance(self.policy, Exception):
            raise self.policy
        return self.policy

    def done(self, file: UploadedFile, completion: UploadCompletion) -> None:
        self.completed.append(file)
        self.completions.append(completion)

    def post(self, body: Any, **kwargs: Any) -> Any:
        return handle_upload(
            body,
            client=self.client,
            token_secret=SECRET,
            on_before_upload=self.before,
            on_upload_completed=self.done,
            request={"user": "ana"},
            **kwargs,
        )


@pytest.fixture
def client(dev_server: DevServer) -> Iterator[Dilnaka]:
    with Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, timeout=30, env_file="/nonexistent") as c:
        yield c


def put(upload: Dict[str, Any], data: bytes) -> httpx.Response:
    """What the browser does: the presigned method and headers, nothing else (no API key)."""
    response = httpx.request(upload["method"], upload["url"], headers=upload["headers"], content=data, timeout=60)
    assert response.status_code in (200, 201, 204), response.text
    return response


def all_file_ids(client: Dilnaka) -> List[str]:
    return [f.id for f in client.list_files(status="all")]


def test_presign_put_complete_through_the_route(client: Dilnaka, dev_server: DevServer) -> None:
    route = Route(client, UploadPolicy(allowed_content_types=["text/*"], max_size=1024, folder="e2e/route"))
    data = b"hello from the browser"
    presigned = route.post(
        {
            "type": "presign",
            "filename": "hello.txt",
            "contentType": "text/plain",
            "size": len(data),
            "clientPayload": '{"album":"a1"}',
        }
    )
    assert presigned.status == 200, presigned.body
    body = presigned.body
    assert body["type"] == "presign" and body["multipart"] is None
    assert body["upload"]["method"] == "PUT" and body["upload"]["url"].startswith("http")
    assert dev_server.api_key not in str(body)  # nothing the page receives carries the key
    assert route.intents[0].client_payload == '{"album":"a1"}' and route.intents[0].request == {"user": "ana"}
    put(body["upload"], data)

    done = route.post({"type": "complete", "fileId": body["fileId"], "token": body["token"]})

    assert done.status == 200, done.body
    assert done.body["type"] == "complete"
    file = done.body["file"]
    assert file["fileId"] == body["fileId"] and file["status"] == "uploaded" and file["size"] == len(data)
    assert file["key"].startswith("e2e/route/")
    assert [f.id for f in route.completed] == [body["fileId"]]
    assert route.completions == [UploadCompletion('{"album":"a1"}', {"user": "ana"})]  # carried by the token
    assert body["fileId"] in [f.id for f in client.list_files()]  # listed as uploaded
    assert (
        sha256_of_download(client.get_file_access_url(body["fileId"], expires_in=60).url)
        == hashlib.sha256(data).hexdigest()
    )


def test_multipart_through_the_route(client: Dilnaka) -> None:
    data = bytes(range(256)) * (12 * MiB // 256)  # 12 MiB: three 5 MiB parts, the last one short
    route = Route(client, UploadPolicy(folder="e2e/route", multipart_threshold=8 * MiB, part_size=5 * MiB))
    presigned = route.post(
        {"type": "presign", "filename": "big.bin", "contentType": "application/octet-stream", "size": len(data)}
    )
    assert presigned.status == 200, presigned.body
    body = presigned.body
    assert body["upload"] is None and body["multipart"] == {"partSize": 5 * MiB, "partCount": 3}

    urls = route.post(
        {"type": "presignParts", "fileId": body["fileId"], "token": body["token"], "partNumbers": [1, 2, 3]}
    )
    assert urls.status == 200, urls.body
    parts = []
    for part in urls.body["parts"]:
        n = part["partNumber"]
        answer = put(part, data[(n - 1) * 5 * MiB : n * 5 * MiB])
        parts.append({"partNumber": n, "etag": answer.headers["ETag"]})

    done = route.post({"type": "complete", "fileId": body["fileId"], "token": body["token"], "parts": parts})

    assert done.status == 200, done.body
    assert done.body["file"]["size"] == len(data) and done.body["file"]["status"] == "uploaded"
    assert [f.id for f in route.completed] == [body["fileId"]]
    url = client.get_file_access_url(body["fileId"], expires_in=60).url
    assert sha256_of_download(url) == hashlib.sha256(data).hexdigest()


def test_abort_through_the_route_frees_the_upload(client: Dilnaka) -> None:
    route = Route(client, UploadPolicy(folder="e2e/route", multipart_threshold=1, part_size=5 * MiB))
    body = route.post(
        {"type": "presign", "filename": "gone.bin", "contentType": "application/octet-stream", "size": 6 * MiB}
    ).body

    assert body["fileId"] in all_file_ids(client)  # a presign reserves a pending file: this listing sees it
    aborted = route.post({"type": "abort", "fileId": body["fileId"], "token": body["token"]})

    assert aborted.status == 200 and aborted.body == {"type": "abort", "fileId": body["fileId"], "aborted": True}
    assert body["fileId"] not in all_file_ids(client)
    assert route.completed == []


@pytest.mark.parametrize(
    ("announced", "status", "code", "message"),
    [
        (
            {"filename": "clip.mp4", "contentType": "video/mp4", "size": 10},
            415,
            "content_type_refused",
            "video/mp4 is not accepted here; allowed are image/png, image/*.",
        ),
        (
            {"filename": "huge.png", "contentType": "image/png", "size": 48 * MiB},
            413,
            "file_too_large",
            "huge.png is 48.0 MiB; this route accepts at most 10.0 MiB.",
        ),
    ],
)
def test_the_policy_refuses_before_any_presign(
    client: Dilnaka, dev_server: DevServer, announced: Dict[str, Any], status: int, code: str, message: str
) -> None:
    route = Route(client, UploadPolicy(allowed_content_types=["image/png", "image/*"], max_size=10 * MiB))
    before = all_file_ids(client)

    refused = route.post({"type": "presign", **announced})

    assert (refused.status, refused.body) == (status, {"success": False, "error": code, "message": message})
    assert len(route.intents) == 1  # the policy was asked…
    assert all_file_ids(client) == before  # …and nothing was reserved: the API saw no presign


def test_a_refusal_of_the_policy_is_403_with_its_message(client: Dilnaka) -> None:
    route = Route(client, UploadRefused("Only members may upload here."))
    before = all_file_ids(client)

    refused = route.post({"type": "presign", "filename": "a.png", "contentType": "image/png", "size": 1})

    assert refused.status == 403
    assert refused.body == {"success": False, "error": "upload_refused", "message": "Only members may upload here."}
    assert all_file_ids(client) == before


def test_a_checksum_is_signed_into_the_upload_url(client: Dilnaka) -> None:
    data = b"checked bytes"
    checksum = base64.b64encode(hashlib.sha256(data).digest()).decode()
    route = Route(client)
    body = route.post(
        {
            "type": "presign",
            "filename": "c.txt",
            "contentType": "text/plain",
            "size": len(data),
            "checksumSha256": checksum,
        }
    ).body

    assert body["upload"]["headers"].get("x-amz-checksum-sha256") == checksum
    refused = httpx.put(body["upload"]["url"], headers=body["upload"]["headers"], content=b"checked bytez")
    assert refused.status_code == 400 and "BadDigest" in refused.text  # storage refuses other bytes
    put(body["upload"], data)
    assert route.post({"type": "complete", "fileId": body["fileId"], "token": body["token"]}).status == 200


def test_api_errors_pass_through_with_status_code_and_retry_after(dev_server: DevServer) -> None:
    with Dilnaka(
        api_key=dev_server.api_key, base_url=dev_server.base_url, max_retries=0, env_file="/nonexistent"
    ) as client:
        dev_server.arm(target="api", operation="createPresignedUpload", status=429, retryAfter=3)
        answer = Route(client).post({"type": "presign", "filename": "a.txt", "contentType": "text/plain", "size": 1})

    assert answer.status == 429 and answer.body["error"] == "rate_limited" and answer.body["success"] is False
    assert answer.headers["Retry-After"] == "3"


def test_405_with_allow_for_any_other_method(client: Dilnaka) -> None:
    route = Route(client)
    answer = route.post(None, method="GET")

    assert answer.status == 405 and answer.headers["Allow"] == "POST"
    assert answer.body == {
        "success": False,
        "error": "method_not_allowed",
        "message": "The upload route only answers POST.",
    }
    assert route.intents == []


def test_the_async_route_with_async_callbacks(dev_server: DevServer) -> None:
    data = b"async route"
    seen: List[str] = []

    async def before(intent: UploadIntent) -> Dict[str, Any]:
        await asyncio.sleep(0)
        return {"folder": "e2e/route-async", "metadata": {"via": "async"}}

    async def completed(file: UploadedFile, completion: UploadCompletion) -> None:
        seen.append(file.id)

    async def main() -> Dict[str, Any]:
        async with AsyncDilnaka(
            api_key=dev_server.api_key, base_url=dev_server.base_url, env_file="/nonexistent"
        ) as client:
            options: Dict[str, Any] = {
                "client": client,
                "token_secret": SECRET,
                "on_before_upload": before,
                "on_upload_completed": completed,
            }
            presigned = await async_handle_upload(
                b'{"type":"presign","filename":"a.txt","contentType":"text/plain","size":11}', **options
            )
            async with httpx.AsyncClient() as http:
                upload = presigned.body["upload"]
                assert (await http.put(upload["url"], headers=upload["headers"], content=data)).status_code == 200
            step = {"type": "complete", "fileId": presigned.body["fileId"], "token": presigned.body["token"]}
            done = await async_handle_upload(step, **options)
            again = await async_handle_upload(step, **options)
            return {"done": done, "again": again, "id": presigned.body["fileId"]}

    result = asyncio.run(main())

    assert result["done"].status == 200 and result["done"].body["file"]["metadata"] == {"via": "async"}
    assert result["done"].body["file"]["key"].startswith("e2e/route-async/")
    assert result["again"].status == 403 and result["again"].body["error"] == "token_used"
    assert seen == [result["id"]]

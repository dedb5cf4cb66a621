"""A scripted Dilnaka API (getFile, getFileAccessUrl) and a storage host that serves one object,
honours `Range`, and can misbehave per attempt: reset mid-body, end short, flip a byte, ignore Range."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any, Dict, Iterator, List, Optional

import httpx

from .conftest import FILE, json_response

STORE_URL = "https://storage.test/bucket/uploads/f1-a.bin?X-Amz-Signature=abc"


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


class ResetAfter(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends `data[:cut]` in small chunks, then fails as a dropped connection does."""

    def __init__(self, data: bytes, cut: int) -> None:
        self.data, self.cut = data, cut

    def _chunks(self) -> Iterator[bytes]:
        for at in range(0, self.cut, 4096):
            yield self.data[at : min(self.cut, at + 4096)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks()
        raise httpx.ReadError("connection reset by peer")

    async def __aiter__(self) -> Any:
        for chunk in self._chunks():
            yield chunk
        raise httpx.ReadError("connection reset by peer")


class DownloadFake:
    def __init__(self, data: bytes, **file: Any) -> None:
        self.data = data
        self.file = {**FILE, "fileId": "f1", "size": len(data), "checksumSha256": sha256_b64(data), **file}
        self.access: httpx.Response = json_response(
            200, {"fileId": "f1", "url": STORE_URL, "expiresIn": 3600, "isTemporary": True}
        )
        #: One entry per storage attempt, used in order (the last repeats): None = behave,
        #: {"reset": n} = drop after n bytes, {"short": n} = end after n bytes, {"flip": i},
        #: {"status": s}, {"ignoreRange": True}, {"contentRange": "..."}.
        self.plan: List[Optional[Dict[str, Any]]] = [None]
        self.requests: List[httpx.Request] = []

    @property
    def store_requests(self) -> List[httpx.Request]:
        return [r for r in self.requests if r.url.host == "storage.test"]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host != "storage.test":
            if request.url.path == "/v1/files/f1":
                return json_response(200, self.file)
            if request.url.path == "/v1/files/f1/access-url":
                return self.access
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        attempt = len(self.store_requests) - 1
        misbehave = self.plan[min(attempt, len(self.plan) - 1)] or {}
        if "status" in misbehave:
            return httpx.Response(
                misbehave["status"],
                text="<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
            )
        body, start = self.data, 0
        asked = re.fullmatch(r"bytes=(\d+)-", request.headers.get("range", ""))
        if asked and not misbehave.get("ignoreRange"):
            start = int(asked.group(1))
            body = self.data[start:]
        if "flip" in misbehave and misbehave["flip"] < len(body):
            flipped = bytearray(body)
            flipped[misbehave["flip"]] ^= 0xFF
            body = bytes(flipped)
        headers = {"content-length": str(len(body)), "etag": '"e"'}
        status = 200
        if start:
            status = 206
            headers["content-range"] = misbehave.get(
                "contentRange", f"bytes {start}-{len(self.data) - 1}/{len(self.data)}"
            )
        if "reset" in misbehave:
            return httpx.Response(status, headers=headers, stream=ResetAfter(body, misbehave["reset"]))
        if "short" in misbehave:
            del headers["content-length"]
            body = body[: misbehave["short"]]
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))  # streamed, as on a socket

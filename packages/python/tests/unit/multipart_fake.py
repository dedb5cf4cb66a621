"""A scripted Dilnaka API with the multipart extension, and its storage, for unit tests.

Each operation answers from a queue of answers (the last one repeats) or a default that behaves
like a real backend; every request is recorded by operation name, part PUT bodies by part number.
Safe to call from several threads (parts are sent in parallel).
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional, Union

import httpx

from .conftest import FILE, json_response

STORAGE = "https://storage.test"
Answer = Union[httpx.Response, Callable[[httpx.Request], httpx.Response]]


def created(
    file_id: str = "f_1", upload_id: str = "u_1", part_size: int = 5242880, part_count: Optional[int] = 3
) -> Dict[str, Any]:
    return {
        "fileId": file_id,
        "fileKey": f"uploads/2026/12/{file_id}-a.bin",
        "uploadId": upload_id,
        "partSize": part_size,
        "partCount": part_count,
        "expiresIn": 86400,
    }


def operation(request: httpx.Request) -> str:
    path, method = request.url.path, request.method
    if request.url.host == "storage.test":
        return "putPart" if "partNumber" in request.url.params else "put"
    routes = [
        ("POST", r"/v1/uploads/multipart", "createMultipartUpload"),
        ("POST", r"/v1/uploads/presign", "createPresignedUpload"),
        ("POST", r"/v1/uploads/complete", "completeUpload"),
        ("POST", r"/v1/uploads/[^/]+/parts", "presignUploadParts"),
        ("GET", r"/v1/uploads/[^/]+/parts", "listUploadParts"),
        ("DELETE", r"/v1/uploads/[^/]+", "abortUpload"),
        ("GET", r"/v1/files/[^/]+", "getFile"),
    ]
    for want_method, pattern, name in routes:
        if method == want_method and re.fullmatch(pattern, path):
            return name
    raise AssertionError(f"unexpected request {method} {request.url}")


class MultipartFake:
    def __init__(self, created_body: Optional[Dict[str, Any]] = None) -> None:
        self.created_body = created_body or created()
        self.answers: Dict[str, List[Answer]] = {}
        self.log: List[str] = []  # operation names in order (part PUTs too)
        self.json: List[Any] = []  # the JSON body of each API request, None for others
        self.parts: Dict[int, List[bytes]] = {}  # part number → body of each attempt
        self.presigned: List[List[int]] = []
        self.lock = threading.Lock()
        #: Awaited by the async handler before answering (e.g. to hold a part in flight).
        self.before_async: Optional[Callable[[str, httpx.Request], Awaitable[None]]] = None

    def on(self, name: str, *answers: Answer) -> None:
        self.answers.setdefault(name, []).extend(answers)

    def api_ops(self) -> List[str]:
        return [op for op in self.log if op not in ("put", "putPart")]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = operation(request)
        body = request.read()
        with self.lock:
            self.log.append(name)
            self.json.append(json.loads(body) if body and request.url.host != "storage.test" else None)
            if name == "putPart":
                self.parts.setdefault(int(request.url.params["partNumber"]), []).append(body)
            queue = self.answers.get(name)
            answer: Optional[Answer] = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
        if answer is not None:
            return answer(request) if callable(answer) else answer
        return self.default(name, request)

    def default(self, name: str, request: httpx.Request) -> httpx.Response:
        file_id = self.created_body["fileId"]
        if name == "createMultipartUpload":
            return json_response(200, self.created_body)
        if name == "presignUploadParts":
            numbers = json.loads(request.content)["partNumbers"]
            with self.lock:
                self.presigned.append(numbers)
            parts = [
                {
                    "partNumber": n,
                    "url": f"{STORAGE}/b/k?partNumber={n}&uploadId=u",
                    "method": "PUT",
                    "headers": {},
                    "expiresIn": 3600,
                }
                for n in numbers
            ]
            return json_response(200, {"parts": parts})
        if name == "putPart":
            return httpx.Response(200, headers={"ETag": f'"etag-{request.url.params["partNumber"]}"'})
        if name == "abortUpload":
            return json_response(200, {"success": True, "fileId": file_id, "aborted": True})
        if name == "createPresignedUpload":
            presigned = {
                "fileId": "f_single",
                "fileKey": "uploads/x",
                "uploadUrl": f"{STORAGE}/b/single",
                "expiresIn": 300,
                "method": "PUT",
                "headers": {},
            }
            return json_response(200, presigned)
        if name == "put":
            return httpx.Response(200)
        if name in ("completeUpload", "getFile"):
            return json_response(200, {**FILE, "fileId": file_id})
        raise AssertionError(f"no default answer for {name}")

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if self.before_async is not None:
            await self.before_async(operation(request), request)
        return self(request)

    def listing(self, file_id: str = "f_1", part_size: int = 5242880, size: int = 12582912) -> Dict[str, Any]:
        """A listUploadParts body of the parts this fake stored (their last attempt)."""
        parts = [
            {"partNumber": n, "etag": f'"etag-{n}"', "size": len(bodies[-1])}
            for n, bodies in sorted(self.parts.items())
        ]
        count = -(-size // part_size)
        return {
            "fileId": file_id,
            "uploadId": "u_1",
            "partSize": part_size,
            "partCount": count,
            "size": size,
            "parts": parts,
        }

"""What the route answers: `RouteResult` (status, JSON body, headers), and the refusals behind it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

#: Every answer is JSON about one upload: never cached by a browser or a proxy.
BASE_HEADERS = {"Content-Type": "application/json", "Cache-Control": "no-store"}


@dataclass(frozen=True)
class RouteResult:
    """One answer of the upload route; turn it into your framework's response as it is."""

    status: int
    body: Dict[str, Any]
    headers: Dict[str, str] = field(default_factory=lambda: dict(BASE_HEADERS))

    def json_bytes(self) -> bytes:
        """The body as UTF-8 JSON, ready to send."""
        return json.dumps(self.body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class UploadRefused(Exception):
    """Raise it from `on_before_upload` (or `on_upload_completed`) to refuse: the browser gets
    `403 upload_refused` with your message, and nothing is presigned."""

    def __init__(self, message: str = "This upload was refused.") -> None:
        super().__init__(message)
        self.message = message


class RouteRefusal(Exception):
    """A refusal of the route itself (400, 403, 405, 413, 415), raised by the steps."""

    def __init__(self, status: int, code: str, message: str, headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def result(self) -> RouteResult:
        return error_result(self.status, self.code, self.message, self.headers)


def error_result(status: int, code: str, message: str, headers: Optional[Dict[str, str]] = None) -> RouteResult:
    body = {"success": False, "error": code, "message": message}
    return RouteResult(status, body, {**BASE_HEADERS, **(headers or {})})


def ok(body: Dict[str, Any]) -> RouteResult:
    return RouteResult(200, body)


def method_not_allowed() -> RouteResult:
    """The answer to any method but POST (a framework that routes by method may never need it)."""
    return error_result(405, "method_not_allowed", "The upload route only answers POST.", {"Allow": "POST"})

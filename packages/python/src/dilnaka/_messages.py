"""The one rule every error message follows, in all three SDKs and the CLI
(spec/scenarios/README.md, "Error messages"; spec/scenarios/error-messages.json)::

    <what failed>: <why>[ (request id <id>)]. Hint: <what to do>

<what failed> is the operation with its method and path ("getFile GET /v1/files/f1 failed",
"... failed after 3 attempts") or the local check; <why> is the server's own message (never a raw
body) or the root cause of a network failure.
"""

from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple
from urllib.parse import urlsplit

#: The spec's operationId of each API call, by method and the path's tail (after any base path).
_OPERATIONS: List[Tuple[str, Pattern[str], str]] = [
    ("POST", re.compile(r"/v1/uploads/presign$"), "createPresignedUpload"),
    ("POST", re.compile(r"/v1/uploads/complete$"), "completeUpload"),
    ("POST", re.compile(r"/v1/uploads/multipart$"), "createMultipartUpload"),
    ("POST", re.compile(r"/v1/uploads/[^/]+/parts$"), "presignUploadParts"),
    ("GET", re.compile(r"/v1/uploads/[^/]+/parts$"), "listUploadParts"),
    ("DELETE", re.compile(r"/v1/uploads/[^/]+$"), "abortUpload"),
    ("GET", re.compile(r"/v1/files$"), "listFiles"),
    ("GET", re.compile(r"/v1/files/[^/]+$"), "getFile"),
    ("DELETE", re.compile(r"/v1/files/[^/]+$"), "deleteFile"),
    ("GET", re.compile(r"/v1/files/[^/]+/access-url$"), "getFileAccessUrl"),
]

#: The body's `error` is a code when it looks like one; older backends put a sentence there.
CODE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")


def describe_request(method: str, url: str) -> str:
    """ "getFile GET /v1/files/f1": the operation, its method and path (no host, no query)."""
    path = urlsplit(url).path
    operation = next((op for m, p, op in _OPERATIONS if m == method and p.search(path)), None)
    return f"{operation + ' ' if operation else ''}{method} {path}"


def failed(what: str, attempts: int = 1) -> str:
    return f"{what} failed{f' after {attempts} attempts' if attempts > 1 else ''}"


def compose(why: str, request_id: Optional[str], hint: str) -> str:
    """The rule's text; a text composed already (a copied message) is kept as it is."""
    if " Hint: " in why:
        return why
    text = why.rstrip(" .\n")
    if request_id:
        text += f" (request id {request_id})"
    return f"{text}. Hint: {hint.rstrip()}"


def retry_note(attempts: int, max_retries: int) -> str:
    """The part of a network hint about retries: what was really done, never a retry that did not happen."""
    if max_retries == 0:
        return "Retries are off (max_retries 0): raise max_retries to retry such failures."
    return f"It was tried {attempts} time{'' if attempts == 1 else 's'} (max_retries {max_retries})."

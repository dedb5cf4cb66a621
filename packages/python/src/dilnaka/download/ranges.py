"""The decisions of a download that continues with `Range` after a reset or a short body.

Pure functions shared by the sync and async loops: which headers to send, what an answer means
(go on from where we were, start over, retry, or fail), and the typed error for a refusal.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

import httpx

from .._retry import delay_before_retry, is_retryable_status, parse_retry_after
from ..errors import StorageError
from ..upload.put import xml_tag

CONTINUE, RESTART = "continue", "restart"

_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def request_headers(received: int) -> Dict[str, str]:
    # identity: the stored bytes themselves, so their count and digest are the file's.
    headers = {"Accept-Encoding": "identity"}
    if received > 0:
        headers["Range"] = f"bytes={received}-"
    return headers


def judge_answer(response: httpx.Response, received: int, size: int) -> str:
    """CONTINUE (a 206 from `received`, or a first 200), RESTART (a 200 to a Range request: the
    whole body again), or raises StorageError for a 206 that does not start where we asked."""
    if response.status_code != 206:
        return RESTART if received > 0 else CONTINUE
    found = _CONTENT_RANGE.fullmatch(response.headers.get("content-range", "").strip())
    start, total = (int(found.group(1)), found.group(3)) if found else (None, None)
    if start != received or total not in ("*", str(size)):
        raise StorageError(
            f"Storage answered a request for bytes {received}- with Content-Range "
            f"{response.headers.get('content-range')!r} (the file has {size} bytes).",
            status_code=206,
            code="range_mismatch",
            hint="The storage host does not honour Range requests correctly: download again.",
        )
    return CONTINUE


def retry_delay(retry: int, max_retries: int, response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds before the next attempt, or None when this failure ends the download."""
    return delay_before_retry(retry, response) if retry < max_retries else None


def download_error(response: httpx.Response, file_id: str) -> StorageError:
    text = response.text
    code = xml_tag(text, "Code")
    detail = xml_tag(text, "Message") or text.strip()[:300] or response.reason_phrase
    if response.status_code in (401, 403):
        hint = "The access URL expired or was refused: call download() again for a fresh one."
    elif response.status_code == 404:
        hint = "Storage no longer holds this file's bytes: check the file id with get_file()."
    elif is_retryable_status(response.status_code):
        hint = "Storage is temporarily unavailable: download again later."
    else:
        hint = "Storage refused the download: download again; quote the request id to support if it persists."
    return StorageError(
        f"Storage refused the download of file {file_id} with status {response.status_code}: {detail}",
        status_code=response.status_code,
        response_body=text[:2000],
        code=code,
        request_id=response.headers.get("x-amz-request-id") or response.headers.get("x-request-id"),
        retry_after=parse_retry_after(response),
        hint=hint,
        file_id=file_id,
    )

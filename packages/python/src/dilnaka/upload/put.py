"""Step 2: stream the bytes to the presigned URL, counting them for progress.

The body is a generator of 1 MiB chunks read from the source as the socket takes them, so memory
stays flat whatever the file size. The request carries exactly the presigned headers plus
`Content-Length`, and never the API key: it goes to the storage host, not to Dilnaka.
"""

from __future__ import annotations

from typing import AsyncGenerator, AsyncIterator, BinaryIO, Generator, Iterator, Mapping, Optional, Union
from urllib.parse import urlsplit

import httpx

from .._messages import failed
from .._retry import is_retryable_status, parse_retry_after
from ..errors import IntegrityError, StorageError, ValidationError
from ..types import PresignedUpload, ProgressCallback
from .source import UploadSource

CHUNK_SIZE = 1024 * 1024
#: S3's answers (status 400) to a body whose digest is not the one signed.
DIGEST_CODES = ("BadDigest", "XAmzContentChecksumMismatch", "InvalidDigest")


class ProgressCounter:
    """Reports `progress(sent, total)`; never goes backwards when a retry starts again from 0."""

    def __init__(self, callback: Optional[ProgressCallback], total: int) -> None:
        self.callback = callback
        self.total = total
        self.reported = -1

    def update(self, sent: int) -> None:
        if self.callback is not None and sent > self.reported:
            self.reported = sent
            self.callback(sent, self.total)


def _next_chunk(reader: BinaryIO, remaining: int, source: UploadSource) -> bytes:
    chunk = reader.read(min(CHUNK_SIZE, remaining))
    if not chunk:
        raise ValidationError(
            f"{source.filename} shrank while it was being uploaded ({source.size} bytes were announced): "
            "upload a file that is not being written to."
        )
    return chunk


def chunks(source: UploadSource, counter: ProgressCounter) -> Generator[bytes, None, None]:
    counter.update(0)
    sent = 0
    with source.open() as reader:
        while sent < source.size:
            chunk = _next_chunk(reader, source.size - sent, source)
            yield chunk  # resumes once the transport has written it
            sent += len(chunk)
            counter.update(sent)


async def async_chunks(source: UploadSource, counter: ProgressCounter) -> AsyncGenerator[bytes, None]:
    # Reads block briefly (local disk, page cache); a thread hop per 1 MiB chunk would cost more.
    counter.update(0)
    sent = 0
    with source.open() as reader:
        while sent < source.size:
            chunk = _next_chunk(reader, source.size - sent, source)
            yield chunk
            sent += len(chunk)
            counter.update(sent)


def put_request(
    http: Union[httpx.Client, httpx.AsyncClient],
    presigned: PresignedUpload,
    size: int,
    body: Union[Iterator[bytes], AsyncIterator[bytes]],
    timeout: float,
) -> httpx.Request:
    return storage_request(http, presigned.method, presigned.upload_url, presigned.headers, size, body, timeout)


def storage_request(
    http: Union[httpx.Client, httpx.AsyncClient],
    method: str,
    url: str,
    presigned_headers: Mapping[str, str],
    size: int,
    body: Union[Iterator[bytes], AsyncIterator[bytes]],
    timeout: float,
) -> httpx.Request:
    """A PUT of `size` bytes to a presigned URL (one PUT or one part)."""
    headers = {**presigned_headers, "Content-Length": str(size)}  # fixed length: no chunked encoding
    request = http.build_request(method.upper(), url, content=body, headers=headers, timeout=timeout)
    # An injected client may carry default headers: the key must never reach the storage host.
    request.headers.pop("Authorization", None)
    return request


def storage_error(response: httpx.Response, attempts: int = 1) -> StorageError:
    """The storage host's refusal, typed. S3-style hosts answer with XML:
    `<Error><Code>…</Code><Message>…</Message></Error>`. The message follows the rule of every
    error ("storage PUT <host> failed[ after N attempts]: <status> <Code>: <Message>"), never the raw body.
    """
    text = response.text
    code = xml_tag(text, "Code")
    detail = xml_tag(text, "Message") or "storage's answer has no message"
    request = getattr(response, "_request", None)
    host = urlsplit(str(request.url)).netloc if request is not None else "host"
    what = failed(f"storage {request.method if request is not None else 'PUT'} {host}", attempts)
    if response.status_code == 400 and code in DIGEST_CODES:
        return IntegrityError(
            f"{what}: 400 {code}: storage refused the bytes, their SHA-256 is not the one the upload was signed for",
            status_code=400,
            response_body=text[:2000],
            code="checksum_mismatch",
            request_id=response.headers.get("x-amz-request-id") or response.headers.get("x-request-id"),
            hint="The bytes changed between reading and storage (the network, a proxy, or the file being written "
            "to): upload again; if it persists, check the source.",
        )
    if "expired" in detail.lower() or code == "ExpiredToken":
        hint = "The presigned upload URL expired before the bytes arrived: call upload() again for a fresh URL."
    elif response.status_code == 403:
        hint = "Storage refused the presigned request (expired URL or changed headers): call upload() again."
    elif is_retryable_status(response.status_code):
        hint = "Storage is temporarily unavailable: retry the upload later."
    else:
        hint = "Storage rejected the bytes: check the content type and size match what was presigned."
    return StorageError(
        f"{what}: {response.status_code} {code or f'http_{response.status_code}'}: {detail}",
        status_code=response.status_code,
        response_body=text[:2000],
        code=code or f"http_{response.status_code}",
        request_id=response.headers.get("x-amz-request-id") or response.headers.get("x-request-id"),
        retry_after=parse_retry_after(response),
        hint=hint,
    )


def xml_tag(text: str, tag: str) -> Optional[str]:
    start, end = text.find(f"<{tag}>"), text.find(f"</{tag}>")
    return text[start + len(tag) + 2 : end].strip() if 0 <= start < end else None

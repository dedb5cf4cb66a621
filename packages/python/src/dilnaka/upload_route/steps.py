"""The four steps of the route, written once for the sync and the async client.

Each step is a generator that yields what it needs done — an `ApiCall` to the Dilnaka API or a
`Callback` into the app — and receives the result; `handler.py` runs it with `Dilnaka` or
`AsyncDilnaka`. So both variants make the same calls in the same order and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Generator, Optional, Union

from .. import _parse, files
from .._transport import ApiCall
from ..upload.complete import complete_call
from ..upload.multipart import calls
from ..upload.presign import presign_call
from .policy import UploadIntent, check_intent, to_policy
from .result import RouteRefusal, RouteResult, ok
from .token import TokenClaims, sign_token, verify_token
from .wire import AbortStep, CompleteStep, PresignPartsStep, PresignStep, RawBody, parse_step

#: A single-PUT token lives as long as its upload URL, at most this long (spec/upload-route.yaml).
MAX_SINGLE_PUT_TOKEN_TTL = 3600
#: A multipart token's default lifetime: the multipart upload's own (24 h).
DEFAULT_TOKEN_TTL = 86400


@dataclass(frozen=True)
class Callback:
    """Call the app's `fn(arg)` (awaited by the async handler when it returns an awaitable)."""

    fn: Callable[[Any], Any]
    arg: Any


Effect = Union[ApiCall, Callback]
Steps = Generator[Effect, Any, RouteResult]


@dataclass(frozen=True)
class RouteOptions:
    token_secret: Union[str, bytes]
    on_before_upload: Callable[[UploadIntent], Any]
    on_upload_completed: Optional[Callable[[Any], Any]]
    request: Any
    token_ttl: int
    now: Callable[[], float]


def run_step(raw: RawBody, options: RouteOptions) -> Steps:
    step = parse_step(raw)
    if isinstance(step, PresignStep):
        return (yield from presign(step, options))
    if isinstance(step, PresignPartsStep):
        return (yield from presign_parts(step, options))
    if isinstance(step, CompleteStep):
        return (yield from complete(step, options))
    return (yield from abort(step, options))


def presign(step: PresignStep, options: RouteOptions) -> Steps:
    intent = UploadIntent(step.filename, step.content_type, step.size, step.client_payload, options.request)
    policy = to_policy((yield Callback(options.on_before_upload, intent)))
    check_intent(intent, policy)  # before any call to Dilnaka: a refused upload reserves nothing
    metadata = dict(policy.metadata) if policy.metadata else None
    if step.size > policy.multipart_threshold:
        create = calls.create_multipart_call(
            step.filename, step.content_type, step.size, policy.folder, metadata, policy.part_size
        )
        upload = _parse.multipart_upload((yield create))
        expires_at = int(options.now()) + options.token_ttl
        claims = TokenClaims(upload.file_id, step.size, True, expires_at)
        plan = {"partSize": upload.part_size, "partCount": upload.part_count}
        return ok(_presigned(claims, options, upload=None, multipart=plan))
    call = presign_call(step.filename, step.content_type, step.size, policy.folder, metadata)
    if step.checksum_sha256 is not None:  # signed into the URL: storage refuses other bytes
        call = replace(call, json={**(call.json or {}), "checksumSha256": step.checksum_sha256})
    presigned = _parse.presigned_upload((yield call))
    expires_at = int(options.now()) + min(presigned.expires_in, MAX_SINGLE_PUT_TOKEN_TTL)
    claims = TokenClaims(presigned.file_id, step.size, False, expires_at)
    put = {
        "url": presigned.upload_url,
        "method": presigned.method,
        "headers": presigned.headers,
        "expiresIn": presigned.expires_in,
    }
    return ok(_presigned(claims, options, upload=put, multipart=None))


def _presigned(claims: TokenClaims, options: RouteOptions, **plan: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    return {
        "type": "presign",
        "fileId": claims.file_id,
        "token": sign_token(claims, options.token_secret),
        "tokenExpiresAt": claims.expires_at,
        **plan,
    }


def presign_parts(step: PresignPartsStep, options: RouteOptions) -> Steps:
    _verify(step.token, step.file_id, options)
    parts = _parse.presigned_parts((yield calls.presign_parts_call(step.file_id, step.part_numbers)))
    urls = [
        {"partNumber": p.part_number, "url": p.url, "method": p.method, "headers": p.headers, "expiresIn": p.expires_in}
        for p in parts
    ]
    return ok({"type": "presignParts", "parts": urls})


def complete(step: CompleteStep, options: RouteOptions) -> Steps:
    _verify(step.token, step.file_id, options)
    # Single use: a completed file means this token already did its job (and ran onUploadCompleted).
    current = _parse.uploaded_file((yield files.get_file(step.file_id)))
    if current.status == "uploaded":
        message = "This upload is already completed; its completion token cannot be used again."
        raise RouteRefusal(403, "token_used", message)
    raw = yield complete_call(step.file_id, step.parts)
    uploaded = _parse.uploaded_file(raw)
    if options.on_upload_completed is not None:
        yield Callback(options.on_upload_completed, uploaded)
    return ok({"type": "complete", "file": raw})


def abort(step: AbortStep, options: RouteOptions) -> Steps:
    _verify(step.token, step.file_id, options)
    aborted = _parse.aborted_upload((yield calls.abort_call(step.file_id)))
    return ok({"type": "abort", "fileId": aborted.file_id, "aborted": aborted.aborted})


def _verify(token: str, file_id: str, options: RouteOptions) -> TokenClaims:
    return verify_token(token, file_id, options.token_secret, options.now())

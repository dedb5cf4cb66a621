"""The four steps of the route, written once for the sync and the async client.

Each step is a generator that yields what it needs done — an `ApiCall` to the Dilnaka API or a
`Callback` into the app — and receives the result; `handler.py` runs it with `Dilnaka` or
`AsyncDilnaka`. So both variants make the same calls in the same order and cannot drift apart.
The refusals match the TypeScript helper's (packages/client/src/server/steps.ts) code for code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Generator, Optional, Tuple, Union

from .. import _parse, files
from .._transport import ApiCall
from ..errors import ConflictError, DilnakaAPIError
from ..upload.complete import complete_call
from ..upload.multipart import calls
from ..upload.presign import presign_call
from .policy import UploadCompletion, UploadIntent, check_intent, to_policy
from .result import RouteRefusal, RouteResult, ok
from .token import TokenClaims, sign_token, verify_token
from .wire import AbortStep, CompleteStep, PresignPartsStep, PresignStep, RawBody, parse_step

#: A single-PUT token lives as long as its upload URL, at most this long (spec/upload-route.yaml).
MAX_SINGLE_PUT_TOKEN_TTL = 3600
#: A multipart token's default lifetime: the multipart upload's own (24 h).
DEFAULT_TOKEN_TTL = 86400

CALLBACK_FAILED = RouteRefusal(
    500, "upload_callback_failed", "The file is stored, but the site could not record it; contact the site's operator."
)


@dataclass(frozen=True)
class Callback:
    """Call the app's `fn(*args)` (awaited by the async handler when it returns an awaitable).
    When `failure` is set, an exception of the callback is logged and answered as that refusal."""

    fn: Callable[..., Any]
    args: Tuple[Any, ...]
    failure: Optional[RouteRefusal] = None


Effect = Union[ApiCall, Callback]
Steps = Generator[Effect, Any, RouteResult]


@dataclass(frozen=True)
class RouteOptions:
    token_secret: Union[str, bytes]
    on_before_upload: Callable[[UploadIntent], Any]
    on_upload_completed: Optional[Callable[[Any, UploadCompletion], Any]]
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
    policy = to_policy((yield Callback(options.on_before_upload, (intent,))))
    check_intent(intent, policy)  # before any call to Dilnaka: a refused upload reserves nothing
    metadata = dict(policy.metadata) if policy.metadata else None
    now = int(options.now())
    if step.size > policy.multipart_threshold:
        create = calls.create_multipart_call(
            step.filename, step.content_type, step.size, policy.folder, metadata, policy.part_size
        )
        upload = _parse.multipart_upload((yield create))
        claims = TokenClaims(upload.file_id, step.size, True, now + options.token_ttl, step.client_payload)
        count = upload.part_count or max(1, math.ceil(step.size / upload.part_size))
        plan = {"partSize": upload.part_size, "partCount": count}
        return ok(_presigned(claims, options, upload=None, multipart=plan))
    call = presign_call(step.filename, step.content_type, step.size, policy.folder, metadata)
    if step.checksum_sha256 is not None:  # signed into the URL: storage refuses other bytes
        call = replace(call, json={**(call.json or {}), "checksumSha256": step.checksum_sha256})
    presigned = _parse.presigned_upload((yield call))
    ttl = min(options.token_ttl, presigned.expires_in, MAX_SINGLE_PUT_TOKEN_TTL)
    claims = TokenClaims(presigned.file_id, step.size, False, now + ttl, step.client_payload)
    put: Dict[str, Any] = {"url": presigned.upload_url, "method": "PUT", "headers": presigned.headers}
    put["expiresIn"] = presigned.expires_in
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
    claims = _verify(step.token, step.file_id, options)
    if not claims.multipart:
        raise RouteRefusal(400, "invalid_request", "This upload is a single PUT: it has no parts to presign.")
    try:
        parts = _parse.presigned_parts((yield calls.presign_parts_call(step.file_id, step.part_numbers)))
    except ConflictError as exc:
        if exc.code == "upload_already_completed":
            raise _used() from None
        raise
    urls = [
        {"partNumber": p.part_number, "url": p.url, "method": "PUT", "headers": p.headers, "expiresIn": p.expires_in}
        for p in parts
    ]
    return ok({"type": "presignParts", "parts": urls})


def complete(step: CompleteStep, options: RouteOptions) -> Steps:
    claims = _verify(step.token, step.file_id, options)
    if claims.multipart and not step.parts:
        message = "A multipart upload completes with `parts`: every part's number and ETag."
        raise RouteRefusal(400, "invalid_request", message)
    if not claims.multipart and step.parts is not None:
        raise RouteRefusal(400, "invalid_request", "A single-PUT upload completes without `parts`.")
    # Single use: complete is idempotent at the API, so a replayed token is refused here, before it
    # could run on_upload_completed a second time.
    pending = _parse.uploaded_file((yield files.get_file(step.file_id)))
    if pending.status == "uploaded":
        raise _used()
    if claims.size is not None and pending.size != claims.size:
        raise RouteRefusal(403, "token_mismatch", "The completion token was issued for a file of another size.")
    raw = yield complete_call(step.file_id, step.parts)
    uploaded = _parse.uploaded_file(raw)
    if options.on_upload_completed is not None:
        completion = UploadCompletion(claims.client_payload, options.request)
        yield Callback(options.on_upload_completed, (uploaded, completion), CALLBACK_FAILED)
    return ok({"type": "complete", "file": raw})


def abort(step: AbortStep, options: RouteOptions) -> Steps:
    _verify(step.token, step.file_id, options)
    try:
        aborted = _parse.aborted_upload((yield calls.abort_call(step.file_id)))
        return ok({"type": "abort", "fileId": step.file_id, "aborted": aborted.aborted})
    except DilnakaAPIError as exc:
        if exc.code == "upload_already_completed":
            raise _used() from None
        if exc.status_code not in (404, 405, 501):
            raise
    # A backend without abortUpload: delete the pending file, never a completed one.
    if _parse.uploaded_file((yield files.get_file(step.file_id))).status == "uploaded":
        raise _used()
    yield files.delete_file(step.file_id)
    return ok({"type": "abort", "fileId": step.file_id, "aborted": True})


def _verify(token: str, file_id: str, options: RouteOptions) -> TokenClaims:
    return verify_token(token, file_id, options.token_secret, options.now())


def _used() -> RouteRefusal:
    return RouteRefusal(403, "token_used", "This upload is already completed; its token cannot be used again.")

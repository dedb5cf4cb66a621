"""Response bodies → typed results, checked against the generated models of the contract."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar, Union

import httpx
import pydantic

from ._generated.models.abort_upload_response import AbortUploadResponse
from ._generated.models.delete_file_response import DeleteFileResponse
from ._generated.models.file import File
from ._generated.models.file_access_url import FileAccessUrl as FileAccessUrlModel
from ._generated.models.file_list import FileList
from ._generated.models.multipart_upload import MultipartUpload as MultipartUploadModel
from ._generated.models.presign_response import PresignResponse
from ._generated.models.presigned_parts import PresignedParts
from ._generated.models.upload_part_list import UploadPartList as UploadPartListModel
from ._messages import CODE_SHAPE, describe_request, failed
from ._redact import scrub
from .errors import DilnakaAPIError, api_error_class, hint_for_code
from .types import (
    AbortedUpload,
    DeletedFile,
    FileAccessUrl,
    MultipartUpload,
    PresignedPart,
    PresignedUpload,
    UploadedFile,
    UploadedPart,
    UploadPartList,
)

M = TypeVar("M", bound=pydantic.BaseModel)
UNEXPECTED_STATUS_HINT = "Unexpected answer: check DILNAKA_BASE_URL; quote the request id to Dilnaka support."
Json = Union[Dict[str, Any], List[Any], None]


def _validate(model: Type[M], data: Any, what: str) -> M:
    try:
        # from_dict (not model_validate) keeps unknown fields in additional_properties (etag…).
        parsed: M = model.from_dict(data)  # type: ignore[attr-defined]
        return parsed
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise DilnakaAPIError(
            f"The Dilnaka API answered with a {what} that does not match the contract: {field}: {first['msg']}.",
            code="invalid_response",
            hint="Check DILNAKA_BASE_URL points at a Dilnaka API.",
        ) from None


def _object(data: Json, what: str) -> Dict[str, Any]:
    if not isinstance(data, dict):
        raise DilnakaAPIError(
            f"The Dilnaka API answered with a {what} that is not a JSON object.",
            code="invalid_response",
            hint="Check DILNAKA_BASE_URL points at a Dilnaka API.",
        )
    return data


def uploaded_file(data: Json) -> UploadedFile:
    model = _validate(File, _object(data, "file"), "file")
    return _file_from_model(model)


def _file_from_model(model: File) -> UploadedFile:
    return UploadedFile(
        id=model.file_id,
        key=model.key,
        status=model.status,
        original_name=model.original_name,
        content_type=model.content_type,
        size=model.size,
        public_url=model.public_url,
        etag=(model.additional_properties or {}).get("etag"),
        metadata=model.metadata,
        created_at=model.created_at,
        checksum_sha256=model.checksum_sha256,
        part_size=model.part_size,
    )


def file_page(data: Json) -> Tuple[List[UploadedFile], Optional[str]]:
    """One page of `listFiles`: a `{files, nextCursor}` object, or a bare array (older backends)."""
    page = _validate(FileList, {"files": data} if isinstance(data, list) else _object(data, "file list"), "file list")
    return [_file_from_model(f) for f in page.files], page.next_cursor or None


def presigned_upload(data: Json) -> PresignedUpload:
    model = _validate(PresignResponse, _object(data, "presigned upload"), "presigned upload")
    return PresignedUpload(
        file_id=model.file_id,
        file_key=model.file_key,
        upload_url=model.upload_url,
        expires_in=model.expires_in,
        method=model.method,
        headers=dict(model.headers),
    )


def multipart_upload(data: Json) -> MultipartUpload:
    model = _validate(MultipartUploadModel, _object(data, "multipart upload"), "multipart upload")
    return MultipartUpload(
        file_id=model.file_id,
        file_key=model.file_key,
        upload_id=model.upload_id,
        part_size=model.part_size,
        part_count=model.part_count,
        expires_in=model.expires_in,
        checksum_algorithm=model.checksum_algorithm,
    )


def presigned_parts(data: Json) -> List[PresignedPart]:
    model = _validate(PresignedParts, _object(data, "list of presigned parts"), "list of presigned parts")
    return [
        PresignedPart(
            part_number=p.part_number, url=p.url, method=p.method, headers=dict(p.headers), expires_in=p.expires_in
        )
        for p in model.parts
    ]


def upload_part_list(data: Json) -> UploadPartList:
    model = _validate(UploadPartListModel, _object(data, "list of uploaded parts"), "list of uploaded parts")
    return UploadPartList(
        file_id=model.file_id,
        upload_id=model.upload_id,
        part_size=model.part_size,
        part_count=model.part_count,
        size=model.size,
        parts=[UploadedPart(p.part_number, p.etag, p.size, p.checksum_sha256) for p in model.parts],
    )


def aborted_upload(data: Json) -> AbortedUpload:
    model = _validate(AbortUploadResponse, _object(data, "abort result"), "abort result")
    return AbortedUpload(success=model.success, file_id=model.file_id, aborted=model.aborted)


def file_access_url(data: Json) -> FileAccessUrl:
    body = _object(data, "file access URL")
    if "isTemporary" not in body:  # older backends: the seeds' rule, "an expiration is present"
        body = {**body, "isTemporary": body.get("expiresIn") is not None}
    model = _validate(FileAccessUrlModel, body, "file access URL")
    return FileAccessUrl(
        file_id=model.file_id,
        url=model.url,
        expires_in=model.expires_in,
        is_temporary=model.is_temporary,
        warning=model.warning,
        warning_message=model.message if model.warning else None,
    )


def deleted_file(data: Json) -> DeletedFile:
    _validate(DeleteFileResponse, _object(data, "delete result"), "delete result")
    return DeletedFile(_object(data, "delete result"))


def json_body(response: httpx.Response) -> Json:
    """The JSON body of a successful response (`{}` when empty, as 0.0.8 did)."""
    if not response.content:
        return {}
    try:
        parsed: Json = response.json()
        return parsed
    except ValueError:
        raise DilnakaAPIError(
            f"The Dilnaka API returned a non-JSON response (status {response.status_code}).",
            status_code=response.status_code,
            response_body=response.text[:2000],
            request_id=response.headers.get("x-request-id"),
            code="invalid_response",
            hint="Check DILNAKA_BASE_URL points at a Dilnaka API.",
        ) from None


REDIRECT_HINT = (
    "Set base_url (DILNAKA_BASE_URL) to the address the API redirects to; redirects are never "
    "followed so that your API key stays with the API host."
)


def _strings(body: object) -> Dict[str, str]:
    """The body's non-empty strings only: a proxy's answer may be anything."""
    if not isinstance(body, dict):
        return {}
    return {k: v for k, v in body.items() if isinstance(k, str) and isinstance(v, str) and v.strip()}


def api_error(
    response: httpx.Response, api_key: str, retry_after: Optional[float], attempts: int = 1
) -> DilnakaAPIError:
    """The typed error for a failed API response: the class by status, details from the body.

    `code` is the body's `error` when it is code-shaped, else `http_<status>`; the message is
    "<operation> <METHOD> <path> failed[ after N attempts]: <status> <code>: <the server's message>",
    never the raw body.
    """
    text = scrub(response.text, api_key)
    status = response.status_code
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    strings = _strings(body)
    error_text = strings.get("error")
    sentence = error_text if error_text is not None and not CODE_SHAPE.match(error_text) else None
    code = error_text if error_text is not None and sentence is None else f"http_{status}"
    request_id = response.headers.get("x-request-id") or strings.get("requestId")
    request: Optional[httpx.Request] = getattr(response, "_request", None)  # unset on a hand-built Response
    what = failed(describe_request(request.method, str(request.url)) if request else "the Dilnaka API call", attempts)
    if 300 <= status < 400:
        # Never followed (httpx's default, kept on purpose): the key must not go to another host.
        location = response.headers.get("location")
        where = f" to {location}" if location else ""
        return DilnakaAPIError(
            f"{what}: {status} redirect: the Dilnaka API answered a redirect{where}, which the SDK does not follow",
            status_code=status,
            response_body=text,
            code="redirect",
            request_id=request_id,
            hint=REDIRECT_HINT,
        )
    said = (
        strings.get("message")
        or sentence
        or ("the answer is not Dilnaka's JSON error body" if text.strip() and body is None else "no message")
    )
    cls = api_error_class(status)
    return cls(
        f"{what}: {status} {code}: {said}",
        status_code=status,
        response_body=text,
        code=code,
        request_id=request_id,
        retry_after=retry_after,
        # An unlisted status (418, say) has no class hint: every API error still says what to do.
        hint=hint_for_code(code) or (cls.default_hint if cls is not DilnakaAPIError else UNEXPECTED_STATUS_HINT),
    )


def log_warning(access: FileAccessUrl) -> None:
    """The request worked but the account is billed for overage: say so, once, on the logger."""
    if access.warning:
        logging.getLogger("dilnaka").warning("%s: %s", access.warning, access.warning_message or "")

"""The file operations as `ApiCall`s, with their arguments checked before any request."""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from ._transport import ApiCall, Params
from .errors import ValidationError

MAX_EXPIRES_IN = 604_800  # 7 days, the contract's maximum
MAX_PAGE_SIZE = 1000
EXPIRES_IN_HINT = f"Pass expires_in from 1 to {MAX_EXPIRES_IN} seconds, or leave it out for the default."


def file_id_path(file_id: object) -> str:
    """The id as one URL path segment; rejects what can only be a mistake."""
    if not isinstance(file_id, str):
        raise ValidationError(
            f"file_id must be a string, got {type(file_id).__name__}",
            hint="Pass the id returned by upload() or list_files().",
            field="file_id",
        )
    normalized = file_id.strip()
    if not normalized:
        raise ValidationError(
            "file_id is required", hint="Pass the id returned by upload() or list_files().", field="file_id"
        )
    return quote(normalized, safe="")


def get_file(file_id: str) -> ApiCall:
    return ApiCall("GET", f"/v1/files/{file_id_path(file_id)}", file_id=file_id)


def delete_file(file_id: str) -> ApiCall:
    return ApiCall("DELETE", f"/v1/files/{file_id_path(file_id)}", file_id=file_id)


def get_file_access_url(file_id: str, expires_in: Optional[int] = None) -> ApiCall:
    path = f"/v1/files/{file_id_path(file_id)}/access-url"
    if expires_in is None:
        return ApiCall("GET", path, file_id=file_id)
    if isinstance(expires_in, bool) or not isinstance(expires_in, int):
        raise ValidationError(
            f"get_file_access_url: expires_in must be a whole number of seconds, got {expires_in!r}",
            hint=EXPIRES_IN_HINT,
            field="expires_in",
        )
    if expires_in <= 0:
        raise ValidationError(
            f"get_file_access_url: expires_in must be greater than 0, got {expires_in}",
            hint=EXPIRES_IN_HINT,
            field="expires_in",
        )
    if expires_in > MAX_EXPIRES_IN:
        raise ValidationError(
            f"get_file_access_url: expires_in must be at most {MAX_EXPIRES_IN} seconds (7 days), got {expires_in}",
            hint=EXPIRES_IN_HINT,
            field="expires_in",
        )
    return ApiCall("GET", path, params={"expiresIn": expires_in}, file_id=file_id)


LIST_STATUSES = ("uploaded", "pending", "all")


def list_files_page(limit: Optional[int], cursor: Optional[str], status: Optional[str] = None) -> ApiCall:
    params: Params = {}
    if status is not None:
        if status not in LIST_STATUSES:
            raise ValidationError(f"status must be one of {', '.join(LIST_STATUSES)}, got {status!r}.")
        params["status"] = status
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValidationError(f"limit must be a whole number from 1 to {MAX_PAGE_SIZE}, got {limit!r}.")
        params["limit"] = limit
    if cursor:
        params["cursor"] = cursor
    return ApiCall("GET", "/v1/files", params=params)

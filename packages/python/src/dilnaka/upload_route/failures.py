"""Exceptions met while answering → the route's JSON error answers (spec/upload-route.yaml, Errors)."""

from __future__ import annotations

import math
from typing import Dict, Optional

from ..errors import APIConnectionError, DilnakaAPIError, ValidationError
from .result import RouteRefusal, RouteResult, UploadRefused, error_result


def route_error(exc: BaseException) -> Optional[RouteResult]:
    """The answer for `exc`, or None for an exception that is the app's own bug (re-raised)."""
    if isinstance(exc, RouteRefusal):
        return exc.result()
    if isinstance(exc, UploadRefused):
        return error_result(403, "upload_refused", exc.message)
    if isinstance(exc, ValidationError):  # an argument the SDK refused before calling the API
        return error_result(400, "invalid_request", exc.message)
    if isinstance(exc, APIConnectionError):
        return error_result(503, "service_unavailable", "The upload route could not reach Dilnaka Storage; try again.")
    if isinstance(exc, DilnakaAPIError):
        # Dilnaka's own refusals (402 quota, 404, 409, 413, 422, 429, 5xx) reach the browser as they came.
        headers: Dict[str, str] = {}
        if exc.retry_after is not None:
            headers["Retry-After"] = str(math.ceil(exc.retry_after))  # HTTP wants whole seconds
        return error_result(exc.status_code or 502, exc.code or "api_error", exc.message, headers)
    return None

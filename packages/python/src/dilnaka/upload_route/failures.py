"""Exceptions met while answering → the route's JSON error answers (spec/upload-route.yaml, Errors),
status for status and code for code as the TypeScript helper (packages/client/src/server/respond.ts)."""

from __future__ import annotations

import math
from typing import Dict, Optional

from ..errors import APIConnectionError, APITimeoutError, DilnakaAPIError, ValidationError
from .result import RouteRefusal, RouteResult, UploadRefused, error_result


def route_error(exc: BaseException) -> Optional[RouteResult]:
    """The answer for `exc`, or None for an exception that is the app's own bug (re-raised)."""
    if isinstance(exc, RouteRefusal):
        return exc.result()
    if isinstance(exc, UploadRefused):
        return error_result(403, "upload_refused", exc.message)
    if isinstance(exc, ValidationError):  # an argument the SDK refused before calling the API
        return error_result(400, "invalid_request", exc.message)
    if isinstance(exc, APITimeoutError):
        return error_result(504, "timeout", "The Dilnaka API did not answer in time; try again.")
    if isinstance(exc, APIConnectionError):
        return error_result(502, "connection_error", "The upload route could not reach the Dilnaka API; try again.")
    if isinstance(exc, DilnakaAPIError) and exc.status_code is not None:
        code = exc.code or "api_error"
        if exc.status_code in (401, 403):  # the route's own key: the operator's problem, not the visitor's
            message = "The upload route's Dilnaka API key was refused; the site's operator must fix its configuration."
            return error_result(502, code, message)
        # Dilnaka's own refusals (402 quota, 404, 409, 413, 422, 429, 5xx) reach the browser as they came.
        headers: Dict[str, str] = {}
        if exc.retry_after is not None:
            headers["Retry-After"] = str(math.ceil(exc.retry_after))  # HTTP wants whole seconds
        return error_result(exc.status_code, code, exc.message, headers)
    if isinstance(exc, DilnakaAPIError):  # an answer that is not the contract's
        return error_result(502, exc.code or "api_error", "The Dilnaka API answered unexpectedly; try again later.")
    return None

"""`handle_upload` and `async_handle_upload`: run one step of the route with a Dilnaka client."""

from __future__ import annotations

import inspect
import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from .._transport import ApiCall
from ..errors import ConfigError, DilnakaError
from .failures import route_error
from .policy import UploadCompletion, UploadIntent
from .result import RouteResult, method_not_allowed
from .steps import DEFAULT_TOKEN_TTL, Callback, RouteOptions, Steps, run_step
from .token import secret_bytes
from .wire import RawBody

if TYPE_CHECKING:
    from ..async_client import AsyncDilnaka
    from ..client import Dilnaka

logger = logging.getLogger("dilnaka")


def handle_upload(
    body: RawBody,
    *,
    client: Dilnaka,
    token_secret: Union[str, bytes],
    on_before_upload: Callable[[UploadIntent], Any],
    on_upload_completed: Optional[Callable[[Any, UploadCompletion], Any]] = None,
    request: Any = None,
    token_ttl: int = DEFAULT_TOKEN_TTL,
    method: str = "POST",
) -> RouteResult:
    """Answer one request of the browser uploader (spec/upload-route.yaml) with the sync client.

    `body`: the request's decoded JSON, or its raw bytes. `on_before_upload(intent)` sees the
    announced file (and your `request`) before anything is presigned and returns an `UploadPolicy`
    (or a dict of its fields, or None), or raises `UploadRefused(message)` (403 `upload_refused`).
    `on_upload_completed(file, completion)` gets the completed `UploadedFile` and an
    `UploadCompletion` (the page's `client_payload`, your `request`); if it raises, the page gets
    500 `upload_callback_failed` and the error is logged on the `dilnaka` logger.
    `token_secret`: at least 32 bytes, the same on every instance. `token_ttl`: seconds a token lives
    (default 24 h for multipart; a single PUT's lives at most as long as its URL, ≤ 1 h).
    Returns the status, JSON body and headers to send. Other exceptions of `on_before_upload` propagate.
    """
    options = _options(token_secret, on_before_upload, on_upload_completed, request, token_ttl)
    if method.upper() != "POST":
        return method_not_allowed()
    steps = run_step(body, options)
    try:
        effect = next(steps)
        while True:
            if isinstance(effect, ApiCall):
                try:
                    value = client._transport.call(effect)
                except DilnakaError as exc:  # the step may answer it (e.g. 409 → token_used)
                    effect = steps.throw(exc)
                    continue
            else:
                value = _call_sync(effect)
            effect = steps.send(value)
    except StopIteration as done:
        result: RouteResult = done.value
        return result
    except Exception as exc:
        answer = route_error(exc)
        if answer is None:
            raise
        return answer
    finally:
        steps.close()


async def async_handle_upload(
    body: RawBody,
    *,
    client: AsyncDilnaka,
    token_secret: Union[str, bytes],
    on_before_upload: Callable[[UploadIntent], Any],
    on_upload_completed: Optional[Callable[[Any, UploadCompletion], Any]] = None,
    request: Any = None,
    token_ttl: int = DEFAULT_TOKEN_TTL,
    method: str = "POST",
) -> RouteResult:
    """`handle_upload` with `AsyncDilnaka`; the callbacks may be plain functions or coroutines."""
    options = _options(token_secret, on_before_upload, on_upload_completed, request, token_ttl)
    if method.upper() != "POST":
        return method_not_allowed()
    steps: Steps = run_step(body, options)
    try:
        effect = next(steps)
        while True:
            if isinstance(effect, ApiCall):
                try:
                    value = await client._transport.call(effect)
                except DilnakaError as exc:
                    effect = steps.throw(exc)
                    continue
            else:
                value = await _call_async(effect)
            effect = steps.send(value)
    except StopIteration as done:
        result: RouteResult = done.value
        return result
    except Exception as exc:
        answer = route_error(exc)
        if answer is None:
            raise
        return answer
    finally:
        steps.close()


def _call_sync(callback: Callback) -> Any:
    try:
        value = callback.fn(*callback.args)
    except Exception as exc:
        _fail(callback, exc)
    if inspect.iscoroutine(value):
        value.close()  # never awaited: say why instead of letting Python warn about it later
    if inspect.isawaitable(value):
        raise TypeError(f"{callback.fn!r} returned an awaitable: async callbacks need async_handle_upload.")
    return value


async def _call_async(callback: Callback) -> Any:
    try:
        value = callback.fn(*callback.args)
        return await value if inspect.isawaitable(value) else value
    except Exception as exc:
        _fail(callback, exc)


def _fail(callback: Callback, exc: Exception) -> Any:
    if callback.failure is None:
        raise exc
    logger.error("upload route: %r failed after the file was stored", callback.fn, exc_info=exc)
    raise callback.failure from exc


def _options(
    token_secret: Union[str, bytes],
    on_before_upload: Callable[[UploadIntent], Any],
    on_upload_completed: Optional[Callable[[Any, UploadCompletion], Any]],
    request: Any,
    token_ttl: int,
) -> RouteOptions:
    secret_bytes(token_secret)  # a short secret is a configuration error, raised at once
    if isinstance(token_ttl, bool) or not isinstance(token_ttl, int) or token_ttl <= 0:
        raise ConfigError(f"token_ttl must be a positive number of seconds, got {token_ttl!r}.")
    if not callable(on_before_upload):
        raise ConfigError("on_before_upload is required: it decides what may be uploaded (return a policy).")
    return RouteOptions(token_secret, on_before_upload, on_upload_completed, request, token_ttl, time.time)

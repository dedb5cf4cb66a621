"""One HTTP stack (httpx) for both clients: building requests, sending them with retries.

Sync and async share everything but the two small `send` loops: requests are built and failures
classified by the same functions, so the clients cannot drift apart.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Union
from urllib.parse import urlsplit

import httpx

from ._messages import describe_request, failed, retry_note
from ._parse import Json, api_error, json_body
from ._redact import scrub
from ._retry import delay_before_retry, parse_retry_after
from ._version import package_version
from .config import DilnakaConfig
from .errors import APIConnectionError, APITimeoutError, DilnakaAPIError, DilnakaError

Params = Dict[str, Union[str, int]]

#: Our own clients' pool: room for 64 parallel parts (the most `concurrency` allows) and API calls,
#: each kept alive between parts instead of reconnecting (httpx keeps 20 by default).
POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=64)


@dataclass(frozen=True)
class ApiCall:
    """One Dilnaka API operation, independent of sync or async."""

    method: str
    path: str
    params: Params = field(default_factory=dict)
    json: Optional[Dict[str, Any]] = None
    #: The file a call is about (get, access URL, delete): its failure carries it as `file_id`.
    file_id: Optional[str] = None


def api_request(http: Union[httpx.Client, httpx.AsyncClient], config: DilnakaConfig, call: ApiCall) -> httpx.Request:
    headers = {
        "Authorization": f"Bearer {config.api_key}",
        "Accept": "application/json",
        "User-Agent": f"dilnaka-python/{package_version()}",
    }
    return http.build_request(
        call.method,
        config.base_url + call.path,
        params=call.params or None,
        json=call.json,
        headers=headers,
        timeout=config.timeout,
    )


def network_error(
    exc: httpx.TransportError,
    request: httpx.Request,
    api_key: str,
    attempts: int = 1,
    max_retries: Optional[int] = None,
) -> DilnakaAPIError:
    """A request that got no answer, by the message rule: what failed (the operation, or the storage
    host), the root cause, and a hint that says how many attempts were really made."""
    url = str(request.url)
    is_api = "/v1/" in urlsplit(url).path and "authorization" in request.headers
    what = describe_request(request.method, url) if is_api else f"storage {request.method} {urlsplit(url).netloc}"
    detail = scrub(str(exc) or type(exc).__name__, api_key)
    note = f" {retry_note(attempts, max_retries)}" if max_retries is not None else ""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{failed(what, attempts)}: no answer in time ({type(exc).__name__}: {detail})",
            hint=f"{APITimeoutError.default_hint}{note}",
        )
    return APIConnectionError(
        f"{failed(what, attempts)}: {type(exc).__name__}: {detail}",
        hint=f"{APIConnectionError.default_hint}{note}",
    )


#: Turns a final failed response (and the number of attempts made) into the error to raise (API
#: and storage errors differ).
ErrorFactory = Callable[[httpx.Response, int], DilnakaAPIError]


class _Retrying:
    """The decisions shared by both send loops."""

    def __init__(self, config: DilnakaConfig, to_error: ErrorFactory):
        self.config = config
        self.to_error = to_error

    def delay(self, retry: int, response: Optional[httpx.Response]) -> Optional[float]:
        return delay_before_retry(retry, response) if retry < self.config.max_retries else None

    def error(
        self,
        response: Optional[httpx.Response],
        exc: Optional[httpx.TransportError],
        request: httpx.Request,
        attempts: int,
    ) -> DilnakaAPIError:
        if response is not None:
            return self.to_error(response, attempts)
        assert exc is not None
        return network_error(exc, request, self.config.api_key, attempts, self.config.max_retries)


def about_file(error: DilnakaError, call: ApiCall) -> None:
    """The error of a call about one file names that file, as upload errors do once the id is known."""
    if call.file_id is not None and error.file_id is None:
        error.file_id = call.file_id


def api_failure(config: DilnakaConfig) -> ErrorFactory:
    return lambda response, attempts: api_error(response, config.api_key, parse_retry_after(response), attempts)


class SyncTransport:
    def __init__(self, config: DilnakaConfig, http_client: Optional[httpx.Client] = None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self.http = http_client if http_client is not None else httpx.Client(limits=POOL_LIMITS)

    def call(self, call: ApiCall) -> Json:
        try:
            response = self.send(lambda: api_request(self.http, self.config, call), api_failure(self.config))
        except DilnakaError as error:
            about_file(error, call)
            raise
        return json_body(response)

    def send(
        self,
        build: Callable[[], httpx.Request],
        to_error: ErrorFactory,
    ) -> httpx.Response:
        """Send a freshly built request until it succeeds, retrying temporary failures.

        `auth=None`: the Dilnaka key is set per request, so an `auth` configured on an injected
        client can neither replace it nor reach the storage host.
        """
        retrying = _Retrying(self.config, to_error)
        retry = 0
        while True:
            request = build()
            response: Optional[httpx.Response] = None
            failure: Optional[httpx.TransportError] = None
            try:
                response = self.http.send(request, auth=None)
            except httpx.TransportError as exc:
                failure = exc
            if response is not None and response.is_success:
                return response
            delay = retrying.delay(retry, response)
            if delay is None:
                raise retrying.error(response, failure, request, retry + 1) from failure
            time.sleep(delay)
            retry += 1

    def close(self) -> None:
        if self._owns_http:
            self.http.close()


class AsyncTransport:
    def __init__(self, config: DilnakaConfig, http_client: Optional[httpx.AsyncClient] = None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self.http = http_client if http_client is not None else httpx.AsyncClient(limits=POOL_LIMITS)

    async def call(self, call: ApiCall) -> Json:
        try:
            response = await self.send(lambda: api_request(self.http, self.config, call), api_failure(self.config))
        except DilnakaError as error:
            about_file(error, call)
            raise
        return json_body(response)

    async def send(
        self,
        build: Callable[[], httpx.Request],
        to_error: ErrorFactory,
    ) -> httpx.Response:
        retrying = _Retrying(self.config, to_error)
        retry = 0
        while True:
            request = build()
            response: Optional[httpx.Response] = None
            failure: Optional[httpx.TransportError] = None
            try:
                response = await self.http.send(request, auth=None)
            except httpx.TransportError as exc:
                failure = exc
            if response is not None and response.is_success:
                return response
            delay = retrying.delay(retry, response)
            if delay is None:
                raise retrying.error(response, failure, request, retry + 1) from failure
            await asyncio.sleep(delay)
            retry += 1

    async def close(self) -> None:
        if self._owns_http:
            await self.http.aclose()

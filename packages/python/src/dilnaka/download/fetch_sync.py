"""The body of a download, over the client's one `httpx.Client`, continued after resets.

Each attempt is a GET of the access URL; after a connection reset or a body that ends short, the
next asks for the rest with `Range: bytes=<received>-`, up to `max_retries` times (temporary
statuses are retried as any step is). Chunks are yielded as they arrive, counted and hashed.
"""

from __future__ import annotations

import time
from typing import Iterator, Optional

import httpx

from .._transport import SyncTransport, network_error
from .chunks import batched
from .ranges import download_error, judge_answer, request_headers, retry_delay
from .state import BodyState, Restart


def body_chunks(transport: SyncTransport, state: BodyState, timeout: float, restart: Restart) -> Iterator[bytes]:
    http, config = transport.http, transport.config
    retry = 0
    while True:
        request = http.build_request("GET", state.url, headers=request_headers(state.received), timeout=timeout)
        request.headers.pop("Authorization", None)  # the key never goes to the storage host
        refused: Optional[httpx.Response] = None
        failure: Optional[httpx.TransportError] = None
        response: Optional[httpx.Response] = None
        try:
            response = http.send(request, stream=True, auth=None)
            if not response.is_success:
                response.read()
                refused = response
            else:
                state.begin(judge_answer(response, state.received, state.size), restart)
                for chunk in batched(response.iter_raw()):
                    kept = state.take(chunk)
                    if kept:
                        yield kept
                if state.complete:
                    return
        except httpx.TransportError as exc:  # a reset before or during the body
            failure = exc
        finally:
            if response is not None:
                response.close()
        delay = retry_delay(retry, config.max_retries, refused)
        if delay is None:
            if refused is not None:
                raise download_error(refused, state.file_id)
            if failure is not None:
                raise network_error(failure, request, config.api_key) from failure
            state.verifier.finish()  # raises size_mismatch: the body ended short every time
            return
        time.sleep(delay)
        retry += 1

"""Status → error class, the details each error carries, and which failures are retried."""

from __future__ import annotations

from typing import List

import httpx
import pytest

import dilnaka
from dilnaka import Dilnaka

from .conftest import API_KEY, FILE, FakeServer, error_body, json_response

# Every status → class, code, request id, retry_after and hint: spec/scenarios/error-classification.json
# (tests/unit/test_scenarios.py). Here: what the Python error adds (message, response_body, str()).
CLASSES = [
    (404, "not_found", dilnaka.NotFoundError),
    (418, "teapot", dilnaka.DilnakaAPIError),
]


@pytest.mark.parametrize(("status", "code", "cls"), CLASSES)
def test_each_status_raises_its_class_with_the_body_details(
    server: FakeServer, sleeps: List[float], status: int, code: str, cls: type
) -> None:
    server.on("GET", "/v1/files/f1", json_response(status, error_body(code, "Nope."), {"x-request-id": "req_1"}))
    http = httpx.Client(transport=httpx.MockTransport(server))
    client = Dilnaka(api_key=API_KEY, base_url="https://api.test", http_client=http, max_retries=0)
    with pytest.raises(cls) as info:
        client.get_file("f1")
    error = info.value
    assert type(error) is cls
    assert isinstance(error, dilnaka.DilnakaAPIError)  # 0.0.8's `except DilnakaAPIError` still catches it
    assert isinstance(error, dilnaka.DilnakaError)
    # The message rule (spec/scenarios/error-messages.json): operation, method, path, status, code, the server's words.
    message = f"getFile GET /v1/files/f1 failed: {status} {code}: Nope."
    assert (error.status_code, error.code, error.message, error.request_id) == (status, code, message, "req_1")
    assert str(error) == f"{message[:-1]} (request id req_1). Hint: {error.hint}"
    assert error.response_body is not None and code in error.response_body
    assert error.hint and error.hint in str(error)


def test_code_specific_hints(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/f1/access-url", json_response(402, error_body("bandwidth_hard_cap_reached")))
    with pytest.raises(dilnaka.QuotaExceededError) as info:
        client.get_file_access_url("f1")
    assert info.value.hint is not None and "support" in info.value.hint


def test_the_key_is_scrubbed_from_errors_even_when_the_server_echoes_it(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/f1", json_response(401, error_body("unauthorized", f"Key {API_KEY} is revoked")))
    with pytest.raises(dilnaka.AuthenticationError) as info:
        client.get_file("f1")
    for text in (str(info.value), repr(info.value), info.value.message, info.value.response_body or ""):
        assert API_KEY not in text
    assert "dlk_dev_…abcd" in info.value.message


def test_a_non_json_error_body_still_gives_a_typed_error(client: Dilnaka, server: FakeServer) -> None:
    server.on("GET", "/v1/files/f1", httpx.Response(404, text="<html>Not Found</html>"))
    with pytest.raises(dilnaka.NotFoundError) as info:
        client.get_file("f1")
    # Typed by its status, code http_404; the page itself stays in response_body, not in the message.
    assert info.value.code == "http_404"
    assert "<html>" not in str(info.value)
    assert info.value.response_body == "<html>Not Found</html>"


def test_503_twice_then_success_is_retried_with_growing_backoff(
    client: Dilnaka, server: FakeServer, sleeps: List[float]
) -> None:
    unavailable = json_response(503, error_body("service_unavailable"))
    server.on("GET", "/v1/files/f1", unavailable, unavailable, json_response(200, FILE))
    assert client.get_file("f1").id == "clx_file_id"
    assert len(server.requests) == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0


def test_retry_after_is_capped_at_60_seconds_and_kept_on_the_error(
    client: Dilnaka, server: FakeServer, sleeps: List[float]
) -> None:
    server.on("GET", "/v1/files/f1", json_response(429, error_body("rate_limited"), {"retry-after": "3600"}))
    with pytest.raises(dilnaka.RateLimitError) as info:
        client.get_file("f1")
    assert (info.value.retry_after, sleeps, len(server.requests)) == (3600.0, [60.0, 60.0], 3)


def test_backoff_is_capped_at_8_seconds_and_gives_up_after_max_retries(server: FakeServer, sleeps: List[float]) -> None:
    server.on("GET", "/v1/files/f1", json_response(500, error_body("internal_error")))
    http = httpx.Client(transport=httpx.MockTransport(server))
    client = Dilnaka(api_key=API_KEY, base_url="https://api.test", http_client=http, max_retries=6)
    with pytest.raises(dilnaka.InternalServerError):
        client.get_file("f1")
    assert len(server.requests) == 7
    assert max(sleeps) <= 8.0 and sleeps[-1] >= 6.0


def test_network_errors_are_retried_then_raised_as_connection_errors(
    client: Dilnaka, server: FakeServer, sleeps: List[float]
) -> None:
    def reset(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset by peer", request=request)

    server.on("GET", "/v1/files/f1", reset)
    with pytest.raises(dilnaka.APIConnectionError, match="ReadError") as info:
        client.get_file("f1")
    assert len(server.requests) == 3 and len(sleeps) == 2  # max_retries defaults to 2
    assert isinstance(info.value.__cause__, httpx.ReadError)


def test_a_reset_then_success_recovers(client: Dilnaka, server: FakeServer) -> None:
    def reset(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    server.on("GET", "/v1/files/f1", reset, json_response(200, FILE))
    assert client.get_file("f1").id == "clx_file_id"


def test_timeouts_are_api_timeout_errors(server: FakeServer, sleeps: List[float]) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    server.on("GET", "/v1/files/f1", slow)
    http = httpx.Client(transport=httpx.MockTransport(server))
    client = Dilnaka(api_key=API_KEY, base_url="https://api.test", http_client=http, max_retries=1)
    with pytest.raises(dilnaka.APITimeoutError, match="timed out") as info:
        client.get_file("f1")
    assert isinstance(info.value, dilnaka.APIConnectionError)
    assert "DILNAKA_TIMEOUT" in str(info.value)

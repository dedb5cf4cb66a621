"""The completion token and the route's request checks, without a server.

`VECTOR` is shared with PHP (tests/Unit/UploadRouteTokenTest.php) and was computed independently
with Node (`JSON.stringify` + `crypto.createHmac("sha256")` + base64url): the same secret and claims
give the same string in every language, so a token one route helper signs verifies in the others.
It belongs in spec/scenarios/upload-route-token.json once the lead moves it there (TS can run it).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

from dilnaka import ConfigError, Dilnaka, handle_upload
from dilnaka.upload_route import TokenClaims, sign_token, verify_token
from dilnaka.upload_route.result import RouteRefusal

VECTOR: Dict[str, Any] = {
    "secret": "dilnaka-upload-route-vector-secret-0123456789abcdef",
    "tokens": [
        {
            "claims": {"fid": "clx_route_vector_1", "size": 12582912, "mp": True, "exp": 1796300000},
            "token": "v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzEiLCJzaXplIjoxMjU4MjkxMiwibXAiOnRydWUsImV4cCI6MTc5NjMwMDAwMH0.2_2uSkrEO-XQtNeCX83awsxJIt2oGkiXH34NS5MRa40",
        },
        {
            "claims": {"fid": "clx_route_vector_2", "size": 0, "mp": False, "exp": 1796303600},
            "token": "v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzIiLCJzaXplIjowLCJtcCI6ZmFsc2UsImV4cCI6MTc5NjMwMzYwMH0.itH6nPJhA9L36c9mYHYXuovOvP4KFqIJ2AkBiBKb7Jw",
        },
        {
            "claims": {"fid": "clx_route_vector_3", "size": None, "mp": True, "exp": 1796307200},
            "token": "v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzMiLCJzaXplIjpudWxsLCJtcCI6dHJ1ZSwiZXhwIjoxNzk2MzA3MjAwfQ.RENG8AEiyZJ8JpEvS6-r7EdItqogfvzu3nUI0ITlobU",
        },
        {  # `cp`: the TS helper's extension (the page's clientPayload), non-ASCII and `/` unescaped
            "claims": {
                "fid": "clx_route_vector_4",
                "size": 5,
                "mp": False,
                "exp": 1796310800,
                "cp": '{"albumId":"a1","note":"é/ü"}',
            },
            "token": "v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzQiLCJzaXplIjo1LCJtcCI6ZmFsc2UsImV4cCI6MTc5NjMxMDgwMCwiY3AiOiJ7XCJhbGJ1bUlkXCI6XCJhMVwiLFwibm90ZVwiOlwiw6kvw7xcIn0ifQ.0RiINBvjV9wimH2OxcrJZm_nSLt8DVC1BhvLkSR6UtU",
        },
    ],
}
SECRET = VECTOR["secret"]


def claims_of(c: Dict[str, Any]) -> TokenClaims:
    return TokenClaims(c["fid"], c["size"], c["mp"], c["exp"], c.get("cp"))


@pytest.mark.parametrize("case", VECTOR["tokens"], ids=lambda c: c["claims"]["fid"])
def test_the_shared_vector_signs_and_verifies(case: Dict[str, Any]) -> None:
    claims = claims_of(case["claims"])
    assert sign_token(claims, SECRET) == case["token"]
    assert sign_token(claims, SECRET.encode()) == case["token"]
    assert verify_token(case["token"], claims.file_id, SECRET, now=claims.expires_at - 1) == claims


def refusal(token: str, file_id: str = "clx_route_vector_1", now: float = 1796299999, secret: str = SECRET) -> str:
    with pytest.raises(RouteRefusal) as refused:
        verify_token(token, file_id, secret, now)
    assert refused.value.status == 403
    return refused.value.code


def test_verification_refuses_what_this_route_did_not_sign_for_this_file_in_time() -> None:
    token = VECTOR["tokens"][0]["token"]
    version, payload, signature = token.split(".")
    assert refusal(token, now=1796300000) == "token_expired"  # `exp` itself is already too late
    assert refusal(token, file_id="clx_route_vector_2") == "token_mismatch"
    assert refusal(token, secret="another-secret-of-32-bytes-or-more!!") == "token_invalid"
    assert (
        refusal(
            f"{version}.{payload}.{signature[:-1]}A"
            if signature[-1] != "A"
            else f"{version}.{payload}.{signature[:-1]}B"
        )
        == "token_invalid"
    )
    assert refusal(f"{version}.{VECTOR['tokens'][1]['token'].split('.')[1]}.{signature}") == "token_invalid"
    assert refusal(f"v2.{payload}.{signature}") == "token_invalid"
    for malformed in ("", "v1", "v1..", f"{token}.x", "v1.é.é"):
        assert refusal(malformed) == "token_invalid"


def test_a_lone_surrogate_in_the_client_payload_still_signs_and_verifies() -> None:
    claims = TokenClaims("f", 1, False, 10, "\ud800")
    assert verify_token(sign_token(claims, SECRET), "f", SECRET, now=0) == claims


def test_a_well_signed_payload_that_is_not_claims_is_token_invalid() -> None:
    import base64
    import hashlib
    import hmac

    for payload in (
        b"[]",
        b"not json",
        b'{"fid":1,"mp":false,"exp":2}',
        b'{"fid":"f","mp":false,"exp":true}',
        b'{"fid":"f","mp":false,"exp":9,"size":"1"}',
        b'{"fid":"f","exp":9,"size":1}',
        b'{"fid":"","mp":false,"exp":9,"size":1}',
        b'{"fid":"f","mp":false,"exp":9,"size":1,"cp":5}',
    ):
        text = "v1." + base64.urlsafe_b64encode(payload).rstrip(b"=").decode()
        mac = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).digest()
        assert (
            refusal(text + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode(), file_id="f", now=0)
            == "token_invalid"
        )


@pytest.fixture
def unreachable() -> Iterator[Dilnaka]:
    """A real client whose API cannot answer: any call it made would turn a 400 into a 503."""
    with Dilnaka(
        api_key="dlk_dev_unit_route", base_url="http://127.0.0.1:9", max_retries=0, env_file="/nonexistent"
    ) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The body must be JSON."),
        (b"[1]", "The body must be a JSON object with a `type`."),
        ({"type": "upload"}, "`type` must be one of presign, presignParts, complete, abort."),
        (
            {"type": "presign", "filename": "", "contentType": "text/plain", "size": 1},
            "`filename` must be a string of 1 to 255 characters.",
        ),
        (
            {"type": "presign", "filename": "a", "contentType": "text/plain", "size": 1.5},
            "`size` must be a whole number of bytes.",
        ),
        (
            {"type": "presign", "filename": "a", "contentType": "text/plain", "size": True},
            "`size` must be a whole number of bytes.",
        ),
        (
            {"type": "presign", "filename": "a", "contentType": "text/plain", "size": -1},
            "`size` must be a whole number of bytes.",
        ),
        (
            {"type": "presign", "filename": "a", "contentType": "text/plain", "size": 1, "clientPayload": "x" * 4097},
            "`clientPayload` must be a string of at most 4096 characters, or null.",
        ),
        (
            {"type": "presign", "filename": "a", "contentType": "text/plain", "size": 1, "checksumSha256": "abc"},
            "`checksumSha256` must be the base64 SHA-256 of the bytes (44 characters), or null.",
        ),
        (
            {"type": "presignParts", "fileId": "f", "token": "t", "partNumbers": []},
            "`partNumbers` must be a list of 1 to 1000 part numbers.",
        ),
        (
            {"type": "presignParts", "fileId": "f", "token": "t", "partNumbers": [1, 1]},
            "`partNumbers` must not repeat a number.",
        ),
        (
            {"type": "presignParts", "fileId": "f", "token": "t", "partNumbers": [10001]},
            "`partNumbers` must be whole numbers from 1 to 10000.",
        ),
        ({"type": "complete", "fileId": "f"}, "`token` must be the completion token string the presign step answered."),
        (
            {"type": "complete", "fileId": "f", "token": "t", "parts": [{"partNumber": 1}]},
            "`etag` must be a string of 1 to 1024 characters.",
        ),
        ({"type": "abort", "token": "t"}, "`fileId` must be a string of 1 to 1024 characters."),
    ],
)
def test_a_body_that_is_no_step_is_400_before_anything_else(unreachable: Dilnaka, body: Any, message: str) -> None:
    asked = []
    answer = handle_upload(body, client=unreachable, token_secret=SECRET, on_before_upload=asked.append)
    assert (answer.status, answer.body) == (400, {"success": False, "error": "invalid_request", "message": message})
    assert asked == []


def test_a_short_secret_is_a_configuration_error(unreachable: Dilnaka) -> None:
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        handle_upload({}, client=unreachable, token_secret="x" * 31, on_before_upload=lambda i: None)


def test_a_forged_token_is_refused_without_calling_the_api(unreachable: Dilnaka) -> None:
    answer = handle_upload(
        {"type": "complete", "fileId": "clx_route_vector_1", "token": VECTOR["tokens"][0]["token"]},
        client=unreachable,
        token_secret="another-secret-of-32-bytes-or-more!!",
        on_before_upload=lambda i: None,
    )
    assert (answer.status, answer.body["error"]) == (403, "token_invalid")


def test_an_async_callback_in_the_sync_handler_is_named_as_the_apps_mistake(unreachable: Dilnaka) -> None:
    async def before(intent: Any) -> None:
        return None

    with pytest.raises(TypeError, match="async callbacks need async_handle_upload"):
        handle_upload(
            {"type": "presign", "filename": "a", "contentType": "a/b", "size": 1},
            client=unreachable,
            token_secret=SECRET,
            on_before_upload=before,
        )

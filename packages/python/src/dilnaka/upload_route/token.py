"""The completion token of spec/upload-route.yaml: `v1.<payload>.<signature>`.

`<payload>` is the base64url (no padding) of the compact UTF-8 JSON `{"fid","size","mp","exp"}` in
that order, plus `"cp"` (the page's clientPayload) when it sent one, as the TypeScript helper does;
`<signature>` is the base64url (no padding) HMAC-SHA256 of the ASCII `v1.<payload>` under the
route's secret. The same claims and secret give the same string in TypeScript, Python and PHP
(compact JSON, keys in that order, `mp` always a boolean), so a token is portable between them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Dict, Optional, Union

from ..errors import ConfigError
from .result import RouteRefusal

VERSION = "v1"
MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class TokenClaims:
    file_id: str
    #: The announced size in bytes (None only for an upload of unknown size).
    size: Optional[int]
    multipart: bool
    #: Unix seconds after which the route refuses the token.
    expires_at: int
    #: The page's `clientPayload` the policy accepted, for `on_upload_completed` (the TS helper's
    #: `cp` extension of the spec's payload; left out of the JSON when None).
    client_payload: Optional[str] = None


def secret_bytes(secret: Union[str, bytes]) -> bytes:
    """The HMAC key; a secret shorter than 32 bytes would make tokens guessable, so it is refused."""
    if not isinstance(secret, (str, bytes)):
        raise ConfigError(f"token_secret must be a str or bytes, got {type(secret).__name__}.")
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if len(key) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"token_secret must be at least {MIN_SECRET_BYTES} bytes, got {len(key)}.",
            hint='Generate one (python -c "import secrets; print(secrets.token_urlsafe(48))"), keep it server-side.',
        )
    return key


def sign_token(claims: TokenClaims, secret: Union[str, bytes]) -> str:
    payload: Dict[str, Any] = {"fid": claims.file_id, "size": claims.size, "mp": claims.multipart}
    payload["exp"] = claims.expires_at  # key order matters for equal strings: fid, size, mp, exp, cp
    if claims.client_payload is not None:
        payload["cp"] = claims.client_payload
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in the client payload: escape it (still verifiable)
        encoded = json.dumps(payload, separators=(",", ":")).encode("ascii")
    signed = f"{VERSION}.{_b64(encoded)}"
    return f"{signed}.{_signature(signed, secret_bytes(secret))}"


def verify_token(token: object, file_id: str, secret: Union[str, bytes], now: float) -> TokenClaims:
    """The claims of a token this route signed for `file_id` that has not expired, else a 403 refusal.

    The signature is checked before anything in the payload is believed, in constant time."""
    key = secret_bytes(secret)
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != VERSION:
        raise _invalid("The completion token is malformed.")
    expected = _signature(f"{parts[0]}.{parts[1]}", key)
    if not hmac.compare_digest(expected.encode("ascii"), parts[2].encode("utf-8")):
        raise _invalid("The completion token's signature does not match: it was altered or signed with another secret.")
    claims = _claims(parts[1])
    if claims.expires_at <= now:
        raise RouteRefusal(403, "token_expired", "The completion token expired; upload the file again.")
    if claims.file_id != file_id:
        raise RouteRefusal(403, "token_mismatch", "The completion token was issued for another file.")
    return claims


def _claims(payload: str) -> TokenClaims:
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8"))
    except (binascii.Error, ValueError):
        raise _invalid("The completion token's payload is not base64url JSON.") from None
    if not isinstance(data, dict):
        raise _invalid("The completion token's payload is not a JSON object.")
    fid, size, mp, exp, cp = data.get("fid"), data.get("size"), data.get("mp"), data.get("exp"), data.get("cp")
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise _invalid("The completion token's payload lacks its expiry (exp).")
    if not isinstance(fid, str) or not fid or not isinstance(mp, bool):
        raise _invalid("The completion token's payload lacks fid or mp.")
    if size is not None and not _whole(size):
        raise _invalid("The completion token's size is not a whole number.")
    if cp is not None and not isinstance(cp, str):
        raise _invalid("The completion token's client payload is not a string.")
    return TokenClaims(file_id=fid, size=size, multipart=mp, expires_at=exp, client_payload=cp)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _signature(signed: str, key: bytes) -> str:
    return _b64(hmac.new(key, signed.encode("utf-8"), hashlib.sha256).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _invalid(message: str) -> RouteRefusal:
    return RouteRefusal(403, "token_invalid", message)

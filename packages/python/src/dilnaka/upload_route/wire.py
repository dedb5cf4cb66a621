"""The four request bodies of spec/upload-route.yaml, checked field by field (400 `invalid_request`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Tuple, Union

from .result import RouteRefusal

STEP_TYPES = ("presign", "presignParts", "complete", "abort")
_CHECKSUM = re.compile(r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")  # canonical base64 of 32 bytes

#: What a framework hands over: the decoded JSON, or the raw body to decode here.
RawBody = Union[Mapping[str, Any], bytes, str, None]


@dataclass(frozen=True)
class PresignStep:
    filename: str
    content_type: str
    size: int
    client_payload: Optional[str]
    checksum_sha256: Optional[str]


@dataclass(frozen=True)
class PresignPartsStep:
    file_id: str
    token: str
    part_numbers: List[int]


@dataclass(frozen=True)
class CompleteStep:
    file_id: str
    token: str
    #: (partNumber, etag) pairs for multipart; None for a single PUT.
    parts: Optional[List[Tuple[int, str]]]


@dataclass(frozen=True)
class AbortStep:
    file_id: str
    token: str


Step = Union[PresignStep, PresignPartsStep, CompleteStep, AbortStep]


def parse_step(raw: RawBody) -> Step:
    body = _decode(raw)
    kind = body.get("type")
    if kind == "presign":
        return PresignStep(
            filename=_text(body, "filename", 255),
            content_type=_text(body, "contentType", 255),
            size=_whole(body, "size", "a whole number of bytes", 0),
            client_payload=_optional_text(body, "clientPayload", 4096),
            checksum_sha256=_checksum(body),
        )
    if kind == "presignParts":
        return PresignPartsStep(_text(body, "fileId"), _token(body), _part_numbers(body))
    if kind == "complete":
        return CompleteStep(_text(body, "fileId"), _token(body), _parts(body))
    if kind == "abort":
        return AbortStep(_text(body, "fileId"), _token(body))
    raise _bad(f"`type` must be one of {', '.join(STEP_TYPES)}.")


def _decode(raw: RawBody) -> Mapping[str, Any]:
    if isinstance(raw, (bytes, str)):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise _bad("The body must be JSON.") from None
    if not isinstance(raw, Mapping):
        raise _bad("The body must be a JSON object with a `type`.")
    return raw


def _text(body: Mapping[str, Any], name: str, max_length: int = 1024) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise _bad(f"`{name}` must be a string of 1 to {max_length} characters.")
    return value


def _token(body: Mapping[str, Any]) -> str:
    """Any string: what is wrong with its content is the token check's to say (403 `token_invalid`)."""
    value = body.get("token")
    if not isinstance(value, str):
        raise _bad("`token` must be the completion token string the presign step answered.")
    return value


def _optional_text(body: Mapping[str, Any], name: str, max_length: int) -> Optional[str]:
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > max_length):
        raise _bad(f"`{name}` must be a string of at most {max_length} characters, or null.")
    return value


def _whole(value_of: Mapping[str, Any], name: str, what: str, minimum: int, maximum: Optional[int] = None) -> int:
    value = value_of.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum and value > maximum):
        raise _bad(f"`{name}` must be {what}.")
    return value


def _checksum(body: Mapping[str, Any]) -> Optional[str]:
    value = body.get("checksumSha256")
    if value is not None and (not isinstance(value, str) or not _CHECKSUM.match(value)):
        raise _bad("`checksumSha256` must be the base64 SHA-256 of the bytes (44 characters), or null.")
    return value


def _part_numbers(body: Mapping[str, Any]) -> List[int]:
    numbers = body.get("partNumbers")
    if not isinstance(numbers, list) or not 1 <= len(numbers) <= 1000:
        raise _bad("`partNumbers` must be a list of 1 to 1000 part numbers.")
    checked = [_whole({"partNumbers": n}, "partNumbers", "whole numbers from 1 to 10000", 1, 10000) for n in numbers]
    if len(set(checked)) != len(checked):
        raise _bad("`partNumbers` must not repeat a number.")
    return checked


def _parts(body: Mapping[str, Any]) -> Optional[List[Tuple[int, str]]]:
    parts = body.get("parts")
    if parts is None:
        return None
    if not isinstance(parts, list) or not all(isinstance(p, Mapping) for p in parts):
        raise _bad("`parts` must be a list of {partNumber, etag} objects.")
    return [(_whole(p, "partNumber", "a whole number from 1 to 10000", 1, 10000), _text(p, "etag")) for p in parts]


def _bad(message: str) -> RouteRefusal:
    return RouteRefusal(400, "invalid_request", message)

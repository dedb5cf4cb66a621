"""SHA-256 as S3 speaks it (spec/scenarios/checksums.json): base64 of the raw digest of a whole
body or of one part, and the composite checksum of a multipart object: base64 of the SHA-256 of
the parts' raw digests concatenated in part order, then `-<part count>`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Optional, Sequence

from ..upload.source import RangeReader

CHUNK_SIZE = 1024 * 1024
_COMPOSITE = re.compile(r"[A-Za-z0-9+/]{43}=-([1-9][0-9]{0,4})")


def encode(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def of_bytes(data: bytes) -> str:
    return encode(hashlib.sha256(data).digest())


def of_range(read: RangeReader, offset: int, length: int) -> Optional[str]:
    """The checksum of `length` bytes from `offset`, read in 1 MiB chunks; None if they end short
    (the file shrank: the PUT that follows names that)."""
    digest = hashlib.sha256()
    done = 0
    while done < length:
        chunk = read(offset + done, min(CHUNK_SIZE, length - done))
        if not chunk:
            return None
        digest.update(chunk)
        done += len(chunk)
    return encode(digest.digest())


def composite(parts: Sequence[str]) -> str:
    """S3's checksum of a multipart object from its parts' base64 checksums, in part order."""
    raw = b"".join(base64.b64decode(part) for part in parts)
    return f"{of_bytes(raw)}-{len(parts)}"


def composite_count(checksum: str) -> Optional[int]:
    """The part count of a composite checksum (`<base64>-<n>`), else None (a whole-object digest)."""
    match = _COMPOSITE.fullmatch(checksum)
    return int(match.group(1)) if match else None

"""How an upload is split, decided from the size and the options alone, before any request.

The same rules as the TypeScript and PHP SDKs (spec/scenarios/multipart-plan.json): multipart when
the size is unknown or above `multipart_threshold`; parts of `part_size`, grown to the next whole
MiB when the file would need more than 10,000 of them (S3's limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...errors import ValidationError

MiB = 1024 * 1024
GiB = 1024 * MiB
DEFAULT_MULTIPART_THRESHOLD = 64 * MiB
DEFAULT_PART_SIZE = 16 * MiB
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 64
MIN_PART_SIZE = 5 * MiB  # S3: every part but the last
MAX_PART_SIZE = 5 * GiB
MAX_PARTS = 10_000
MAX_SINGLE_PUT = 5 * GiB  # S3 refuses one PUT above this
MAX_SIZE = 5 * 1024 * GiB  # S3's largest object, 5 TiB


@dataclass(frozen=True)
class UploadPlan:
    multipart: bool
    #: Bytes per part (every part but the last); meaningful when `multipart`.
    part_size: int
    #: None for a stream of unknown size (and 0 for one PUT).
    part_count: Optional[int]
    concurrency: int


def plan_upload(
    size: Optional[int],
    *,
    multipart_threshold: Optional[int] = None,
    part_size: Optional[int] = None,
    concurrency: Optional[int] = None,
) -> UploadPlan:
    """The plan for `size` bytes (None: a stream of unknown length); ValidationError on a bad option."""
    threshold = _whole("multipart_threshold", multipart_threshold, DEFAULT_MULTIPART_THRESHOLD, 0, MAX_SINGLE_PUT)
    asked_part = _whole("part_size", part_size, DEFAULT_PART_SIZE, MIN_PART_SIZE, MAX_PART_SIZE)
    workers = _whole("concurrency", concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY)
    if size is None:
        return UploadPlan(True, asked_part, None, workers)
    _whole("size", size, 0, 0, MAX_SIZE)
    if size <= threshold:
        return UploadPlan(False, asked_part, 0, workers)
    chosen = max(asked_part, _ceil(_ceil(size, MAX_PARTS), MiB) * MiB)
    return UploadPlan(True, chosen, _ceil(size, chosen), workers)


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def _whole(name: str, value: Optional[int], default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be a whole number of {_unit(name)}, got {value!r}.")
    if not low <= value <= high:
        raise ValidationError(
            f"{name} must be from {_human(name, low)} to {_human(name, high)}, got {value}.{_fix(name)}"
        )
    return value


def _unit(name: str) -> str:
    return "parallel parts" if name == "concurrency" else "bytes"


def _human(name: str, value: int) -> str:
    if name == "concurrency":
        return str(value)
    for unit, label in ((1024 * GiB, "TiB"), (GiB, "GiB"), (MiB, "MiB")):
        if value >= unit and value % unit == 0:
            return f"{value // unit} {label} ({value} bytes)"
    return f"{value} bytes"


def _fix(name: str) -> str:
    return {
        "size": " S3 stores objects of at most 5 TiB.",
        "part_size": " S3 needs parts of 5 MiB to 5 GiB (the last may be smaller).",
        "multipart_threshold": " One PUT carries at most 5 GiB: larger files must go multipart.",
        "concurrency": "",
    }[name]

"""The app's upload policy: what `on_before_upload` returns, and the checks made before presigning."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping, Optional, Sequence

from .result import RouteRefusal

MiB = 1024 * 1024
#: Above this many bytes the route creates a multipart upload (the SDK's own default threshold).
DEFAULT_MULTIPART_THRESHOLD = 64 * MiB


@dataclass(frozen=True)
class UploadIntent:
    """What the browser announced, handed to `on_before_upload` before anything is presigned."""

    filename: str
    content_type: str
    size: int
    #: Free text from the page (often JSON), as sent; None when the page sent none.
    client_payload: Optional[str]
    #: Whatever you passed as `request=` (your framework's request object), for auth checks.
    request: Any


@dataclass(frozen=True)
class UploadCompletion:
    """What `on_upload_completed(file, completion)` gets beside the file."""

    #: The page's `clientPayload` at presign (carried in the completion token); None if it sent none.
    client_payload: Optional[str]
    #: Whatever you passed as `request=` for the complete step.
    request: Any


@dataclass(frozen=True)
class UploadPolicy:
    """What `on_before_upload` returns (a dict with these keys works too).

    `allowed_content_types`: exact types (`image/png`) or families (`image/*`), compared without
    parameters and case; None allows any. `max_size`: bytes; None leaves it to your plan's limit.
    `part_size`: bytes per part of a multipart upload (None: the backend's choice, 16 MiB).
    """

    allowed_content_types: Optional[Sequence[str]] = None
    max_size: Optional[int] = None
    folder: str = "uploads"
    metadata: Optional[Mapping[str, str]] = None
    multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD
    part_size: Optional[int] = None


_POLICY_FIELDS = {f.name for f in fields(UploadPolicy)}


def to_policy(value: object) -> UploadPolicy:
    """The callback's answer as a policy: an `UploadPolicy`, a dict of its fields, or None (defaults).

    Anything else is the app's bug, raised as a TypeError (never answered as the browser's fault)."""
    if value is None:
        return UploadPolicy()
    if isinstance(value, UploadPolicy):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - _POLICY_FIELDS
        if unknown:
            raise TypeError(
                f"on_before_upload returned unknown policy keys {sorted(unknown)}; known: {sorted(_POLICY_FIELDS)}."
            )
        return UploadPolicy(**value)
    raise TypeError(
        f"on_before_upload must return an UploadPolicy, a dict or None (or raise UploadRefused), got {value!r}."
    )


def check_intent(intent: UploadIntent, policy: UploadPolicy) -> None:
    """Refuses a type the policy does not allow (415) or a size above its maximum (413)."""
    allowed = policy.allowed_content_types
    if allowed is not None and not any(_type_matches(intent.content_type, pattern) for pattern in allowed):
        raise RouteRefusal(
            415,
            "content_type_refused",
            f"{intent.content_type} is not accepted here; allowed are {', '.join(allowed)}.",
        )
    if policy.max_size is not None and intent.size > policy.max_size:
        raise RouteRefusal(
            413,
            "file_too_large",
            f"{intent.filename} is {format_size(intent.size)}; "
            f"this route accepts at most {format_size(policy.max_size)}.",
        )


def _type_matches(content_type: str, pattern: str) -> bool:
    actual = content_type.split(";", 1)[0].strip().lower()
    wanted = pattern.split(";", 1)[0].strip().lower()
    if wanted in ("*", "*/*"):
        return True
    if wanted.endswith("/*"):
        return actual.startswith(wanted[:-1]) and len(actual) > len(wanted) - 1
    return actual == wanted


def format_size(size: int) -> str:
    """Sizes as the spec's messages show them: bytes, KiB, then MiB with one decimal."""
    if size < 1024:
        return f"{size} bytes"
    if size < MiB:
        return f"{size / 1024:.1f} KiB"
    return f"{size / MiB:.1f} MiB"

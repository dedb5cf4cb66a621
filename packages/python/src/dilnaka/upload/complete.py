"""Step 3: tell the API the bytes are in storage. Safe to retry: the backend keys it by file id."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple

from .._generated.models.complete_request import CompleteRequest
from .._generated.models.completed_part import CompletedPart as CompletedPartModel
from .._transport import ApiCall
from ..errors import ValidationError
from ..files import file_id_path
from .body import model_from


def complete_call(file_id: str, parts: Optional[Sequence[Any]] = None) -> ApiCall:
    """`completeUpload`; `parts` (objects with `part_number`, `etag` and, for an upload with
    checksums, `checksum_sha256`, or `(number, etag)` pairs) for a multipart upload, sent in
    ascending order as the contract asks."""
    file_id_path(file_id)  # validates
    completed = None
    if parts is not None:
        triples = sorted((_triple(part) for part in parts), key=lambda t: t[0])
        completed = [
            model_from(CompletedPartModel, part_number=n, etag=etag, checksum_sha256=checksum)
            for n, etag, checksum in triples
        ]
    body = model_from(CompleteRequest, file_id=file_id.strip(), parts=completed)
    return ApiCall("POST", "/v1/uploads/complete", json=body.to_dict())


def _triple(part: Any) -> Tuple[int, str, Optional[str]]:
    if isinstance(part, (tuple, list)) and len(part) in (2, 3):
        return part[0], part[1], part[2] if len(part) == 3 else None
    if hasattr(part, "part_number") and hasattr(part, "etag"):
        return part.part_number, part.etag, getattr(part, "checksum_sha256", None)
    raise ValidationError(
        f"parts must hold CompletedPart/UploadedPart objects or (part_number, etag[, checksum_sha256]) tuples, "
        f"got {part!r}."
    )

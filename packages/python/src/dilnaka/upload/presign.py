"""Step 1: reserve a file id and get the presigned storage URL."""

from __future__ import annotations

from typing import Mapping, Optional

from .._generated.models.presign_request import PresignRequest
from .._transport import ApiCall
from ..errors import ValidationError
from .body import model_from
from .fields import check_field, check_presign_fields


def presign_call(
    filename: str,
    content_type: str,
    size: int,
    folder: str,
    metadata: Optional[Mapping[str, str]],
    checksum_sha256: Optional[str] = None,
) -> ApiCall:
    """`createPresignedUpload`; with `checksum_sha256` (base64) storage refuses other bytes."""
    check_presign_fields(filename, content_type, folder, checksum_sha256)
    if metadata is not None:
        check_metadata(metadata)
    body = model_from(
        PresignRequest,
        filename=filename,
        content_type=content_type,
        size=size,
        folder=folder,
        metadata=dict(metadata or {}) or None,
        checksum_sha256=checksum_sha256,
    )
    return ApiCall("POST", "/v1/uploads/presign", json=body.to_dict())


def check_folder(folder: object) -> None:
    check_field("folder", folder, "upload")


def check_metadata(metadata: object) -> None:
    if not isinstance(metadata, Mapping):
        raise ValidationError(f"metadata must be a dict of strings, got {type(metadata).__name__}.")
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ValidationError(f"metadata values must be strings: {key!r} is {value!r}; convert it with str().")

"""The multipart operations of the contract as `ApiCall`s, their arguments checked before any request."""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from ..._generated.models.multipart_create_request import MultipartCreateRequest
from ..._generated.models.parts_presign_request import PartsPresignRequest
from ..._transport import ApiCall
from ...errors import ValidationError
from ...files import file_id_path
from ..body import model_from
from ..fields import check_field, check_presign_fields
from ..presign import check_metadata

MAX_PARTS_PER_PRESIGN = 1000  # the contract's limit per call


def create_multipart_call(
    filename: str,
    content_type: str,
    size: Optional[int],
    folder: str,
    metadata: Optional[Mapping[str, str]],
    part_size: Optional[int],
    checksum_algorithm: Optional[str] = None,
) -> ApiCall:
    """`createMultipartUpload`; `checksum_algorithm="SHA256"` asks for a checksum with every part."""
    check_presign_fields(filename, content_type, folder)
    if metadata is not None:
        check_metadata(metadata)
    body = model_from(
        MultipartCreateRequest,
        filename=filename,
        content_type=content_type,
        size=size,
        folder=folder,
        metadata=dict(metadata or {}) or None,
        part_size=part_size,
        checksum_algorithm=checksum_algorithm,
    )
    return ApiCall("POST", "/v1/uploads/multipart", json=body.to_dict())


def presign_parts_call(
    file_id: str, part_numbers: Sequence[int], checksums: Optional[Mapping[int, str]] = None
) -> ApiCall:
    """`presignUploadParts`; `checksums` (part number → base64 SHA-256) are signed into the URLs."""
    numbers = list(part_numbers)
    if not numbers or len(numbers) > MAX_PARTS_PER_PRESIGN:
        raise ValidationError(
            f"part_numbers must hold 1 to {MAX_PARTS_PER_PRESIGN} part numbers, got {len(numbers)}: "
            "presign large uploads in batches."
        )
    if len(set(numbers)) != len(numbers):
        raise ValidationError(f"part_numbers must not repeat a number, got {numbers!r}.")
    signed = None
    if checksums is not None:
        missing = [n for n in numbers if n not in checksums]
        if missing:
            raise ValidationError(f"checksums must hold every part presigned; parts {missing} have none.")
        for n in numbers:
            check_field("checksum_sha256", checksums[n], "presign_upload_parts")
        signed = {str(n): checksums[n] for n in numbers}
    body = model_from(PartsPresignRequest, part_numbers=numbers, checksums=signed)
    return ApiCall("POST", f"/v1/uploads/{file_id_path(file_id)}/parts", json=body.to_dict())


def list_parts_call(file_id: str) -> ApiCall:
    return ApiCall("GET", f"/v1/uploads/{file_id_path(file_id)}/parts")


def abort_call(file_id: str) -> ApiCall:
    return ApiCall("DELETE", f"/v1/uploads/{file_id_path(file_id)}")

"""Step 3: tell the API the bytes are in storage. Safe to retry: the backend keys it by file id."""

from __future__ import annotations

from .._generated.models.complete_request import CompleteRequest
from .._transport import ApiCall
from ..files import file_id_path


def complete_call(file_id: str) -> ApiCall:
    file_id_path(file_id)  # validates
    return ApiCall("POST", "/v1/uploads/complete", json=CompleteRequest(file_id=file_id.strip()).to_dict())

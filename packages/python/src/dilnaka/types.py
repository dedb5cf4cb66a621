"""The objects the SDK returns. Field names match the published 0.0.8 package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional

#: `progress(sent, total)`: bytes sent to storage so far and the file's size.
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class PresignedUpload:
    """Where and how to send the bytes: `method` to `upload_url` with exactly `headers`."""

    file_id: str
    file_key: str
    upload_url: str
    expires_in: int
    method: str
    headers: Dict[str, str]


@dataclass(frozen=True)
class UploadedFile:
    id: str
    key: str
    status: str
    original_name: str
    content_type: str
    size: int
    public_url: Optional[str] = None
    etag: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None
    created_at: Optional[str] = None


@dataclass(frozen=True)
class FileAccessUrl:
    file_id: str
    url: str
    #: Seconds until `url` expires; None for a permanent URL.
    expires_in: Optional[int] = None
    #: The backend's `isTemporary`, else True exactly when `expires_in` is present.
    is_temporary: bool = False
    #: `bandwidth_overage_active` when this download is billed as bandwidth overage.
    warning: Optional[str] = None
    warning_message: Optional[str] = None


class DeletedFile(Dict[str, Any]):
    """The API's answer to a delete. A `dict` (what 0.0.8 returned), with typed attributes."""

    @property
    def file_id(self) -> str:
        return str(self.get("fileId", ""))

    @property
    def deleted(self) -> bool:
        return bool(self.get("deleted", False))

    @property
    def success(self) -> bool:
        return bool(self.get("success", False))

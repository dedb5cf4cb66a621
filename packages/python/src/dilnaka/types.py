"""The objects the SDK returns. Field names match the published 0.0.8 package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

#: `progress(sent, total)`: bytes sent to storage so far and the file's size (None while a stream
#: of unknown size is still being read; its last call carries the final size).
ProgressCallback = Callable[[int, Optional[int]], None]


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
    #: The SHA-256 storage verified at upload (base64, or S3's composite `<base64>-<n>` for a
    #: multipart upload with checksums); None when the upload carried none. `download` checks it.
    checksum_sha256: Optional[str] = None
    #: Bytes per part (all but the last) of a multipart upload; None for a single PUT.
    part_size: Optional[int] = None


@dataclass(frozen=True)
class DownloadedFile:
    """A download written to `path`, complete and verified."""

    file_id: str
    path: Path
    size: int
    #: The SHA-256 verified (the file's `checksum_sha256`); None when none was checked.
    checksum_sha256: Optional[str]
    file: UploadedFile


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


@dataclass(frozen=True)
class MultipartUpload:
    """A multipart upload in progress: presign its parts, PUT them, complete with their ETags."""

    file_id: str
    file_key: str
    upload_id: str
    #: Bytes in every part but the last.
    part_size: int
    #: `ceil(size / part_size)`; None when the size was not given (a stream).
    part_count: Optional[int]
    #: Seconds the upload may stay incomplete before the backend aborts it.
    expires_in: int
    #: `SHA256` when every part must carry its checksum; None when parts carry none.
    checksum_algorithm: Optional[str] = None


@dataclass(frozen=True)
class PresignedPart:
    """Send part `part_number` with `method` to `url`, with exactly `headers` (plus Content-Length)."""

    part_number: int
    url: str
    method: str
    headers: Dict[str, str]
    expires_in: int


@dataclass(frozen=True)
class UploadedPart:
    """A part storage holds: its number, the ETag its PUT answered, its size."""

    part_number: int
    etag: str
    size: int
    #: The part's base64 SHA-256, when the upload carries checksums.
    checksum_sha256: Optional[str] = None


@dataclass(frozen=True)
class CompletedPart:
    """What `complete_upload(file_id, parts=...)` sends for one part (an `UploadedPart` works too)."""

    part_number: int
    etag: str
    #: Required when the upload was created with checksums (the part's base64 SHA-256).
    checksum_sha256: Optional[str] = None


@dataclass(frozen=True)
class UploadPartList:
    file_id: str
    upload_id: str
    part_size: int
    part_count: Optional[int]
    #: The announced size; None when the upload was created without one.
    size: Optional[int]
    #: Ascending by part number.
    parts: List[UploadedPart]


@dataclass(frozen=True)
class AbortedUpload:
    success: bool
    file_id: str
    aborted: bool

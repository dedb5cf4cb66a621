"""The options of `download`, `download_bytes` and `download_stream`, checked before any request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from .. import files
from .._transport import ApiCall
from ..config import DilnakaConfig
from ..errors import ValidationError
from ..types import ProgressCallback, UploadedFile
from .state import BodyState
from .verifier import Verifier


@dataclass(frozen=True)
class DownloadOptions:
    #: `on_progress(received, total)`: monotonic, ending with `(size, size)`.
    on_progress: Optional[ProgressCallback] = None
    #: Seconds without a byte before an attempt fails (and is retried); default the client's timeout.
    timeout: Optional[float] = None
    #: Lifetime of the access URL the bytes are fetched from.
    expires_in: Optional[int] = None
    verify: bool = True

    def calls(self, file_id: str) -> Tuple[ApiCall, ApiCall]:
        """`getFile` (size, checksum) and `getFileAccessUrl`, with every option checked."""
        if self.on_progress is not None and not callable(self.on_progress):
            raise ValidationError("on_progress must be a function taking (received, total).")
        if self.timeout is not None and (
            isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or not self.timeout > 0
        ):
            raise ValidationError(f"timeout must be a number of seconds greater than 0, got {self.timeout!r}.")
        if not isinstance(self.verify, bool):
            raise ValidationError(f"verify must be True or False, got {self.verify!r}.")
        return files.get_file(file_id), files.get_file_access_url(file_id, self.expires_in)

    def timeout_for(self, config: DilnakaConfig) -> float:
        return float(self.timeout) if self.timeout is not None else config.timeout

    def body_state(self, file: UploadedFile, url: str) -> BodyState:
        verifier = Verifier(file.id, file.size, file.checksum_sha256, file.part_size, verify=self.verify)
        return BodyState(file, url, verifier, self.on_progress)

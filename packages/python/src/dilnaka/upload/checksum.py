"""Which checksums an upload sends (spec/scenarios/README.md, "Checksum conventions").

Option `checksum`: None (the default) checksums what costs no extra read: bytes in memory (one
PUT) and every multipart part (hashed before its PUT, since the digest is signed into its URL).
`"sha256"` also checksums a single PUT from a path or a file object, in a pre-pass. `False` sends
none.
"""

from __future__ import annotations

from typing import Dict, Optional, Union

from ..errors import ValidationError
from ..integrity import sha256
from ..types import MultipartUpload, UploadPartList
from .multipart.parts import Part
from .source import UploadSource

ChecksumOption = Union[str, bool, None]
SHA256 = "SHA256"


def check_option(checksum: object) -> None:
    if checksum is not None and checksum is not False and checksum != "sha256":
        raise ValidationError(f'checksum must be "sha256" or False, got {checksum!r}.')


def single_put_checksum(source: UploadSource, checksum: ChecksumOption) -> Optional[str]:
    """The base64 SHA-256 to presign a single PUT with, or None to send none."""
    if checksum is False or (checksum is None and not source.in_memory):
        return None
    with source.ranges() as read:
        return sha256.of_range(read, 0, source.size)  # None if the file shrank: the PUT names that


def multipart_algorithm(checksum: ChecksumOption) -> Optional[str]:
    return None if checksum is False else SHA256


def created_checksums(upload: MultipartUpload) -> Optional[Dict[int, str]]:
    """An empty map to fill part by part when the backend echoed SHA256; None: parts carry none
    (a backend without checksums answers null)."""
    return {} if upload.checksum_algorithm == SHA256 else None


def resumed_checksums(
    listing: UploadPartList, etags: Dict[int, str], checksum: ChecksumOption
) -> Optional[Dict[int, str]]:
    """The checksums of the parts storage holds (from `listUploadParts`), or None when the upload
    carries none. The listing does not say how the upload was created: stored parts with checksums
    mean it has them, stored parts without mean it has not; with none stored yet, the SDK's own
    default (it creates with SHA256 unless `checksum=False`)."""
    kept = [p for p in listing.parts if p.part_number in etags]
    if kept:
        with_sum = {p.part_number: p.checksum_sha256 for p in kept if p.checksum_sha256}
        return with_sum if with_sum else None
    return None if checksum is False else {}


def part_checksum(source: Optional[UploadSource], part: Part) -> str:
    """A part's base64 SHA-256: of its buffer (a stream's part), or read from its file range."""
    if part.data is not None:
        return sha256.of_bytes(part.data)
    assert source is not None
    with source.ranges() as read:
        digest = sha256.of_range(read, part.offset, part.length)
    if digest is None:
        raise ValidationError(
            f"{source.filename} shrank while it was being uploaded (part {part.number} ends short): "
            "upload a file that is not being written to."
        )
    return digest

"""Local checks of the presign fields, by spec/openapi.yaml's Filename, Folder, ContentType and
ChecksumSha256 schemas: a bad value fails before any request with what is wrong and the fix, not
with the generated model's raw regular expression."""

from __future__ import annotations

import re
from typing import Optional, Tuple

from ..errors import ValidationError

# The spec's patterns, as written there (the lookahead refuses a newline that `$` would allow).
_FILENAME = re.compile(r"^(?![\s\S]*\n)[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$")
_FOLDER = re.compile(
    r"^(?![\s\S]*\n)(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+(?:\x2f(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+)*\x2f*$"
)
_CONTENT_TYPE = re.compile(
    r"^(?![\s\S]*\n)[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+"
    r"(?: ?; ?[A-Za-z0-9_.+-]+=(?:\x22(?:[!\x23-\x7e]| (?! ))*\x22|[A-Za-z0-9_.+-]+))*$"
)
# Canonical base64 of 32 bytes: the 43rd character carries 4 bits, so its 2 low bits are zero.
_SHA256 = re.compile(r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")
SHA256_HINT = (
    "Send the 32-byte digest in standard base64 (not hex, not URL-safe), "
    "e.g. base64.b64encode(hashlib.sha256(data).digest()).decode()."
)

#: field → (pattern, most characters, what it must be, the fix)
_RULES: dict[str, Tuple[re.Pattern[str], int, str, str]] = {
    "filename": (
        _FILENAME,
        255,
        "1 to 255 characters, not only spaces, without control characters (U+0000 to U+001F, U+007F)",
        "Pass a plain file name such as 'report.pdf': remove line breaks, tabs and other control characters.",
    ),
    "folder": (
        _FOLDER,
        512,
        "a key prefix of at most 512 characters: segments separated by '/', none empty, '.' or '..', "
        "no leading '/', no '\\' or control characters",
        "Pass a folder such as 'avatars' or 'avatars/2026'.",
    ),
    "content_type": (
        _CONTENT_TYPE,
        255,
        "a MIME type 'type/subtype' with optional '; name=value' parameters (at most one space around ';')",
        "Pass a MIME type such as 'image/png' or 'text/plain; charset=utf-8', or leave content_type out "
        "to have it guessed from the filename.",
    ),
    "checksum_sha256": (
        _SHA256,
        44,
        "the canonical base64 of a 32-byte SHA-256 (44 characters ending in one '=')",
        SHA256_HINT,
    ),
}


def check_field(field: str, value: object, method: str = "create_presigned_upload") -> None:
    """Raises a ValidationError naming `field`, what it must be and the fix, when `value` breaks its rule."""
    pattern, most, expected, hint = _RULES[field]
    if not isinstance(value, str) or not 1 <= len(value) <= most or not pattern.match(value):
        shown = repr(value)[:60]
        raise ValidationError(f"{method}: {field} must be {expected}, got {shown}", hint=hint, field=field)


def check_presign_fields(
    filename: object, content_type: object, folder: object, checksum_sha256: Optional[object] = None
) -> None:
    check_field("filename", filename)
    check_field("content_type", content_type)
    check_field("folder", folder)
    if checksum_sha256 is not None:
        check_field("checksum_sha256", checksum_sha256)

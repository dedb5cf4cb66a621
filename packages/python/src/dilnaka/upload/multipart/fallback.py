"""A backend without the multipart extension answers createMultipartUpload with 404, 405 or 501:
up to 5 GiB one PUT carries the file instead; above that nothing can (spec/scenarios/multipart-fallback.json)."""

from __future__ import annotations

from typing import Optional

from ...errors import DilnakaAPIError, ValidationError
from .plan import MAX_SINGLE_PUT

NOT_OFFERED = (404, 405, 501)


def check_fallback(error: DilnakaAPIError, size: Optional[int]) -> None:
    """Returns when one PUT may replace the multipart upload; raises the error to report otherwise."""
    if error.status_code not in NOT_OFFERED:
        raise error
    if size is None:
        raise ValidationError(
            f"This backend does not offer multipart uploads (createMultipartUpload answered {error.status_code}), "
            "and a stream of unknown size needs them: write it to a file first, or pass its bytes."
        ) from None
    if size > MAX_SINGLE_PUT:
        raise ValidationError(
            f"This backend does not offer multipart uploads (createMultipartUpload answered {error.status_code}), "
            f"and one PUT carries at most 5 GiB ({MAX_SINGLE_PUT} bytes); this file's size is {size} bytes. "
            "Use a backend with the multipart extension."
        ) from None

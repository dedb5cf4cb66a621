"""When and how long to wait before retrying one step (an API call, the storage PUT).

The same rules as the TypeScript client (spec/scenarios/retry.json): retry 408, 429, 5xx and
network failures; wait what the server asks (`retry-after-ms`, or `Retry-After` in seconds or as an
HTTP date), capped at 60 s, else back off 0.5 s, 1 s, 2 s … capped at 8 s, minus up to 25 % jitter
so that many clients do not retry in lockstep.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from typing import Optional

import httpx

BASE_DELAY = 0.5
MAX_DELAY = 8.0
MAX_RETRY_AFTER = 60.0


def is_retryable_status(status: int) -> bool:
    return status in (408, 429) or status >= 500


def backoff_delay(retry: int) -> float:
    """Seconds before retry number `retry` (0 = first retry)."""
    return float(min(MAX_DELAY, BASE_DELAY * 2**retry) * (1 - 0.25 * random.random()))


def parse_retry_after(response: httpx.Response) -> Optional[float]:
    """The server's wish in seconds: `retry-after-ms` first, else `Retry-After` (delta-seconds or an
    HTTP date); None if absent or invalid. Uncapped: the error reports what the server said."""
    try:
        ms = float(response.headers.get("retry-after-ms", "nan"))
    except ValueError:
        ms = math.nan
    if ms >= 0:
        return ms / 1000
    raw = response.headers.get("retry-after")
    if raw is None:
        return None
    try:
        seconds = float(raw)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def delay_before_retry(retry: int, response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds to wait before retry number `retry`, or None when this failure must not be retried.

    `response` is None for a network error or timeout: nothing was answered, so try again.
    """
    if response is None:
        return backoff_delay(retry)
    if not is_retryable_status(response.status_code):
        return None
    retry_after = parse_retry_after(response)
    return backoff_delay(retry) if retry_after is None else min(retry_after, MAX_RETRY_AFTER)

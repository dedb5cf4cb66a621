"""Keeping the API key out of everything a user may print or log."""

from __future__ import annotations


def redact_key(key: str) -> str:
    """`dlk_dev_…abcd`: enough to tell keys apart, useless to an attacker."""
    for prefix in ("dlk_live_", "dlk_dev_"):
        if key.startswith(prefix):
            return f"{prefix}…{key[-4:]}" if len(key) > len(prefix) + 8 else f"{prefix}…"
    return "…"


def scrub(text: str, key: str) -> str:
    """Replace the key wherever it appears in `text` (e.g. a server echoing a header)."""
    return text.replace(key, redact_key(key)) if key else text

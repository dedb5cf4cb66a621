"""Client configuration: explicit argument > process environment > `.env` > default.

`.env` is parsed here (a few lines, no python-dotenv) and never copied into `os.environ`:
creating a client must not change the user's process environment.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Union

from ._redact import redact_key
from .errors import DilnakaConfigError

DEFAULT_BASE_URL = "https://dilnaka.storage.tsnc.tech"
DEFAULT_TIMEOUT = 60
DEFAULT_MAX_RETRIES = 2  # as the TypeScript client
KEY_PREFIXES = ("dlk_dev_", "dlk_live_")

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class DilnakaConfig:
    api_key: str = field(repr=False)
    base_url: str
    #: Seconds, for connecting and for each read/write on the socket.
    timeout: float
    #: Retries of one step (presign, PUT, complete, or one API call) after a temporary failure.
    max_retries: int = DEFAULT_MAX_RETRIES

    def __repr__(self) -> str:
        return (
            f"DilnakaConfig(api_key={redact_key(self.api_key)!r}, base_url={self.base_url!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r})"
        )


def load_config(
    api_key: Optional[str] = None,
    timeout: Optional[float] = None,
    env_file: Optional[PathLike] = None,
    *,
    base_url: Optional[str] = None,
    max_retries: Optional[int] = None,
    environ: Optional[Mapping[str, str]] = None,
) -> DilnakaConfig:
    """Resolve the configuration; raises `DilnakaConfigError` naming the setting and the fix."""
    env = os.environ if environ is None else environ
    dotenv_path = Path(env_file) if env_file is not None else find_env_file(Path.cwd())
    dotenv = read_env_file(dotenv_path) if dotenv_path is not None and _readable(dotenv_path) else {}

    def setting(name: str) -> Optional[str]:
        value = env.get(name)
        return value if value not in (None, "") else dotenv.get(name) or None

    key = api_key or setting("DILNAKA_API_KEY")
    if not key:
        missing = (
            f" (the env_file {env_file} is missing or not a readable file)"
            if env_file is not None and not _readable(Path(env_file))
            else ""
        )
        raise DilnakaConfigError(
            f"Missing Dilnaka API key{missing}: set DILNAKA_API_KEY in the environment or .env, "
            "or pass api_key=... to Dilnaka()",
            code="missing_api_key",
            hint="Create a key in the Dilnaka dashboard (dev keys start with dlk_dev_).",
        )
    # The same rule as the TypeScript and PHP SDKs (spec/scenarios/config.json): a known prefix,
    # then at least one character, and no whitespace anywhere.
    if not key.startswith(KEY_PREFIXES) or key in KEY_PREFIXES or any(c.isspace() for c in key):
        raise DilnakaConfigError(
            f"Invalid Dilnaka API key {redact_key(key)!r}: keys start with dlk_dev_ or dlk_live_",
            code="invalid_api_key",
            hint="Copy the whole key from the Dilnaka dashboard.",
        )
    return DilnakaConfig(
        api_key=key,
        base_url=_base_url(base_url or setting("DILNAKA_BASE_URL") or DEFAULT_BASE_URL),
        timeout=_timeout(timeout, setting("DILNAKA_TIMEOUT")),
        max_retries=_max_retries(max_retries, setting("DILNAKA_MAX_RETRIES")),
    )


TIMEOUT_HINT = "Pass timeout in seconds (e.g. 60), or set DILNAKA_TIMEOUT=60."
RETRIES_HINT = "Pass max_retries as 0 (no retries) or more; the default is 2."


def _base_url(url: str) -> str:
    if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1].strip("/")) == 0:
        raise DilnakaConfigError(
            f"Invalid base URL {url!r}: not an http(s) URL",
            code="invalid_base_url",
            hint=f"Set base_url (or DILNAKA_BASE_URL) to an http(s) URL such as {DEFAULT_BASE_URL}, or leave it out.",
        )
    return url.rstrip("/")


def _timeout(explicit: Optional[float], raw: Optional[str]) -> float:
    value: object = explicit
    if value is None:
        try:  # "60" stays the int 60, as in 0.0.8; "2.5" becomes 2.5
            value = DEFAULT_TIMEOUT if raw is None else int(raw) if raw.strip().isdigit() else float(raw)
        except ValueError:
            raise DilnakaConfigError(
                f"DILNAKA_TIMEOUT must be a number of seconds, got {raw!r}", code="invalid_timeout", hint=TIMEOUT_HINT
            ) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise DilnakaConfigError(
            f"timeout must be a number of seconds greater than 0, got {value!r}",
            code="invalid_timeout",
            hint=TIMEOUT_HINT,
        )
    return value


def _max_retries(explicit: Optional[int], raw: Optional[str]) -> int:
    value: object = explicit
    if value is None:
        try:
            value = int(raw) if raw is not None else DEFAULT_MAX_RETRIES
        except ValueError:
            raise DilnakaConfigError(
                f"DILNAKA_MAX_RETRIES must be a whole number, got {raw!r}",
                code="invalid_max_retries",
                hint=RETRIES_HINT,
            ) from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DilnakaConfigError(
            f"max_retries must be a whole number >= 0, got {value!r}", code="invalid_max_retries", hint=RETRIES_HINT
        )
    return value


def find_env_file(start: Path) -> Optional[Path]:
    """The nearest `.env` in `start` or one of its parents (where an app keeps it)."""
    for directory in (start, *start.parents):
        candidate = directory / ".env"
        if candidate.is_file():
            return candidate
    return None


_ASSIGNMENT = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_COMMENT = re.compile(r"(^|[ \t])#")


def _readable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return path.is_file()
    except OSError:
        return False


def read_env_file(path: Path) -> Dict[str, str]:
    """Parse a `.env` file by the rules all three SDKs share (spec/scenarios/dotenv.json).

    A file that is missing or unreadable gives nothing (the missing-key error names it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return parse_env_text(text)


def parse_env_text(text: str) -> Dict[str, str]:
    """`export `, `KEY=value`, `#` comments, single quotes literal, double quotes with backslash
    escapes (n r t " and the backslash itself); no interpolation; the last assignment wins."""
    values: Dict[str, str] = {}
    for line in text.lstrip("\ufeff").split("\n"):
        match = _ASSIGNMENT.match(line[:-1] if line.endswith("\r") else line)
        if match:
            values[match.group(1)] = _value(match.group(2))
    return values


def _value(raw: str) -> str:
    if raw.startswith("'"):
        end = raw.find("'", 1)
        return raw[1:].rstrip() if end == -1 else raw[1:end]
    if raw.startswith('"'):
        out: List[str] = []
        i = 1
        while i < len(raw):
            char = raw[i]
            if char == '"':
                return "".join(out)
            if char == "\\" and i + 1 < len(raw):
                i += 1
                out.append(_ESCAPES.get(raw[i], "\\" + raw[i]))
            else:
                out.append(char)
            i += 1
        return "".join(out).rstrip()  # unterminated: the rest of the line
    comment = _COMMENT.search(raw)
    return (raw[: comment.start()] if comment else raw).strip()

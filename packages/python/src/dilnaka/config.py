"""Client configuration: explicit argument > process environment > `.env` > default.

`.env` is parsed here (a few lines, no python-dotenv) and never copied into `os.environ`:
creating a client must not change the user's process environment.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Mapping, Optional, Union

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
    dotenv = read_env_file(dotenv_path) if dotenv_path is not None and dotenv_path.is_file() else {}

    def setting(name: str) -> Optional[str]:
        value = env.get(name)
        return value if value not in (None, "") else dotenv.get(name) or None

    key = api_key or setting("DILNAKA_API_KEY")
    if not key:
        missing = f" ({env_file} does not exist)" if env_file is not None and not Path(env_file).is_file() else ""
        raise DilnakaConfigError(
            f"Missing Dilnaka API key{missing}. Set DILNAKA_API_KEY in the environment or .env, "
            "or pass api_key=... to Dilnaka()."
        )
    # The same rule as the TypeScript and PHP SDKs (spec/scenarios/config.json): a known prefix,
    # then at least one character, and no whitespace anywhere.
    if not key.startswith(KEY_PREFIXES) or key in KEY_PREFIXES or any(c.isspace() for c in key):
        raise DilnakaConfigError(
            "Invalid Dilnaka API key format. Expected a key starting with dlk_dev_ or dlk_live_ "
            f"(got {redact_key(key)!r}); copy it again from the Dilnaka dashboard."
        )
    return DilnakaConfig(
        api_key=key,
        base_url=_base_url(base_url or setting("DILNAKA_BASE_URL") or DEFAULT_BASE_URL),
        timeout=_timeout(timeout, setting("DILNAKA_TIMEOUT")),
        max_retries=_max_retries(max_retries, setting("DILNAKA_MAX_RETRIES")),
    )


def _base_url(url: str) -> str:
    if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1].strip("/")) == 0:
        raise DilnakaConfigError(f"Invalid base URL {url!r}: expected http(s)://host[:port], e.g. {DEFAULT_BASE_URL}.")
    return url.rstrip("/")


def _timeout(explicit: Optional[float], raw: Optional[str]) -> float:
    value: object = explicit
    if value is None:
        try:  # "60" stays the int 60, as in 0.0.8; "2.5" becomes 2.5
            value = DEFAULT_TIMEOUT if raw is None else int(raw) if raw.strip().isdigit() else float(raw)
        except ValueError:
            raise DilnakaConfigError(
                f"DILNAKA_TIMEOUT must be a number of seconds (got {raw!r}), e.g. DILNAKA_TIMEOUT=60."
            ) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise DilnakaConfigError(f"timeout must be a number of seconds greater than 0 (got {value!r}).")
    return value


def _max_retries(explicit: Optional[int], raw: Optional[str]) -> int:
    value: object = explicit
    if value is None:
        try:
            value = int(raw) if raw is not None else DEFAULT_MAX_RETRIES
        except ValueError:
            raise DilnakaConfigError(f"DILNAKA_MAX_RETRIES must be a whole number (got {raw!r}).") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DilnakaConfigError(f"max_retries must be a whole number >= 0 (got {value!r}).")
    return value


def find_env_file(start: Path) -> Optional[Path]:
    """The nearest `.env` in `start` or one of its parents (where an app keeps it)."""
    for directory in (start, *start.parents):
        candidate = directory / ".env"
        if candidate.is_file():
            return candidate
    return None


def read_env_file(path: Path) -> Dict[str, str]:
    """Parse `KEY=value` lines: `export`, quotes and `#` comments as in python-dotenv."""
    values: Dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, raw = (part.strip() for part in line.split("=", 1))
        values[name] = _unquote(raw)
    return values


def _unquote(raw: str) -> str:
    quote = raw[:1]
    if quote in ("'", '"'):
        end = 1
        while end < len(raw) and raw[end] != quote:
            end += 2 if quote == '"' and raw[end] == "\\" else 1  # skip \" inside double quotes
        if end < len(raw):
            inner = raw[1:end]
            return inner.replace("\\n", "\n").replace('\\"', '"') if quote == '"' else inner
    return raw.split(" #", 1)[0].strip()

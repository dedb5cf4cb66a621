"""The resume state file, exactly as spec/upload-state.md (shared with the TypeScript and PHP SDKs).

`<state dir>/uploads/<sha256 of the upload's identity>.jsonl`: line 1 describes the upload, each
later line a part storage accepted. Ids, sizes and ETags only: no API key, no URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from ...config import PathLike

VERSION = 1


def state_dir(option: Optional[PathLike], environ: Mapping[str, str] = os.environ) -> Path:
    """The `state_dir` option, else DILNAKA_STATE_DIR (process environment only), else the OS's place."""
    if option is not None:
        return Path(option)
    if environ.get("DILNAKA_STATE_DIR"):
        return Path(environ["DILNAKA_STATE_DIR"])
    home = Path.home()
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "dilnaka"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "dilnaka"
    return Path(environ.get("XDG_STATE_HOME") or home / ".local" / "state") / "dilnaka"


def absolute(path: Path) -> str:
    """The path as the OS gives it, resolved against the working directory, symlinks kept."""
    return os.path.abspath(path)


def state_file(directory: Path, base_url: str, path: str, folder: str, filename: str) -> Path:
    identity = f"v{VERSION}\n{base_url.rstrip('/')}\n{path}\n{folder}\n{filename}"
    return directory / "uploads" / f"{hashlib.sha256(identity.encode('utf-8')).hexdigest()}.jsonl"


def source_stamp(path: Union[str, Path]) -> Tuple[int, int]:
    """`(size, mtimeMs)`: the modification time in whole milliseconds, floored."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns // 1_000_000


def created_at() -> str:
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


@dataclass
class SavedUpload:
    header: Dict[str, Any]
    #: part number → (etag, size), from the part lines: a hint, storage is the truth.
    parts: Dict[int, Tuple[str, int]] = field(default_factory=dict)

    @property
    def file_id(self) -> str:
        return str(self.header["fileId"])


def read_state(file: Path) -> Optional[SavedUpload]:
    """The saved upload, or None when there is none we can use (missing, unreadable, other version)."""
    try:
        lines = file.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    header = _json(lines[0])
    if not isinstance(header, dict) or header.get("version") != VERSION or not _well_formed(header):
        return None
    saved = SavedUpload(header)
    for line in lines[1:]:
        part = _json(line)  # a torn last line (a crash mid-write) is not JSON: skipped
        if isinstance(part, dict) and _ints(part, "partNumber", "size") and isinstance(part.get("etag"), str):
            saved.parts[part["partNumber"]] = (part["etag"], part["size"])
    return saved


def _json(line: str) -> Any:
    try:
        return json.loads(line) if line.strip() else None
    except ValueError:
        return None


def _ints(obj: Mapping[str, Any], *names: str) -> bool:
    return all(isinstance(obj.get(n), int) and not isinstance(obj.get(n), bool) for n in names)


def _well_formed(header: Mapping[str, Any]) -> bool:
    source = header.get("source")
    strings = ("baseURL", "fileId", "uploadId", "filename", "folder")
    return (
        all(isinstance(header.get(n), str) for n in strings)
        and _ints(header, "partSize", "size")
        and (header.get("partCount") is None or _ints(header, "partCount"))
        and isinstance(source, dict)
        and isinstance(source.get("path"), str)
        and _ints(source, "size", "mtimeMs")
    )


class StateWriter:
    """Writes one upload's state file; parts may be recorded from several threads."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._lock = threading.Lock()

    def start(self, header: Mapping[str, Any]) -> None:
        """Line 1, written to a temporary file and renamed, so a crash never leaves half of it."""
        for directory in (self.file.parent.parent, self.file.parent):
            directory.mkdir(mode=0o700, exist_ok=True, parents=directory == self.file.parent.parent)
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_line(header))
        os.replace(temporary, self.file)

    def part_stored(self, part_number: int, etag: str, size: int) -> None:
        line = _line({"partNumber": part_number, "etag": etag, "size": size})
        with self._lock, open(self.file, "a", encoding="utf-8") as out:
            out.write(line)  # one write per line: a crash can only tear the last one

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.file.unlink()


def _line(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"

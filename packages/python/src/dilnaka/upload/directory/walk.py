"""The files of a tree, in sorted order, as POSIX paths relative to its root.

Symlinks are followed only when their real path stays inside the root (a link elsewhere, or a
broken one, is a failure naming the link, never read); a directory reached twice through links
is walked once. Unreadable entries are failures too, found here, before any request for them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Set, Tuple

from ...errors import ValidationError
from .globs import PathFilter


@dataclass(frozen=True)
class Found:
    relative: str
    path: Path
    size: int


@dataclass
class Walk:
    files: List[Found] = field(default_factory=list)
    #: (relative path, error) of what cannot be uploaded.
    failures: List[Tuple[str, Exception]] = field(default_factory=list)


def walk_tree(root: Path, wanted: PathFilter) -> Walk:
    real_root = os.path.realpath(root)
    result = Walk()
    _walk(root, "", real_root, {real_root}, wanted, result)
    return result


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _walk(directory: Path, prefix: str, real_root: str, seen: Set[str], wanted: PathFilter, out: Walk) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        out.failures.append((prefix.rstrip("/") or ".", _unreadable(directory, exc)))
        return
    for entry in entries:
        relative = prefix + entry.name
        path = Path(entry.path)
        if entry.is_symlink():
            real = os.path.realpath(path)
            if not _inside(real, real_root):
                if wanted.wants(relative):
                    out.failures.append((relative, _escape(path, real)))
                continue
        try:
            info = path.stat()  # follows a link (kept inside the root above)
        except OSError as exc:
            if wanted.wants(relative):
                out.failures.append((relative, _unreadable(path, exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            real = os.path.realpath(path)
            if real not in seen:  # a link to a directory already walked (or to an ancestor): once is enough
                seen.add(real)
                _walk(path, relative + "/", real_root, seen, wanted, out)
        elif wanted.wants(relative):
            if not stat.S_ISREG(info.st_mode):
                out.failures.append((relative, ValidationError(f"{relative} is not a regular file: skipped.")))
            elif not os.access(path, os.R_OK):
                out.failures.append((relative, _unreadable(path, PermissionError("permission denied"))))
            else:
                out.files.append(Found(relative, path, info.st_size))


def _escape(link: Path, real: str) -> ValidationError:
    return ValidationError(
        f"{os.fspath(link)} is a symlink to {real}, outside the directory being uploaded: not followed.",
        hint="Copy the file into the directory, or upload it on its own.",
    )


def _unreadable(path: Path, exc: OSError) -> ValidationError:
    return ValidationError(
        f"Cannot read {os.fspath(path)}: {exc.strerror or exc}.", hint="Check its permissions, or exclude it."
    )

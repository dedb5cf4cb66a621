"""The `include` / `exclude` patterns of `upload_directory`, over POSIX relative paths.

`*` matches within one path segment, `**` across segments (`**/` also matches no directory at
all, so `**/*.txt` matches `a.txt` and `x/y/a.txt`), `?` one character but `/`. Everything else is
literal. The same rules in every SDK, so one pattern list selects the same files everywhere.
"""

from __future__ import annotations

import re
from typing import List, Optional, Pattern, Sequence

from ...errors import ValidationError


def compile_glob(pattern: str) -> Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")  # any number of whole directories, none included
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def compile_globs(name: str, patterns: Optional[Sequence[str]]) -> Optional[List[Pattern[str]]]:
    if patterns is None:
        return None
    if isinstance(patterns, str) or not all(isinstance(p, str) and p for p in patterns):
        raise ValidationError(f"{name} must be a list of glob patterns such as ['**/*.jpg'], got {patterns!r}.")
    return [compile_glob(p.lstrip("/")) for p in patterns]


class PathFilter:
    def __init__(self, include: Optional[Sequence[str]], exclude: Optional[Sequence[str]]) -> None:
        self._include = compile_globs("include", include)
        self._exclude = compile_globs("exclude", exclude) or []

    def wants(self, relative: str) -> bool:
        if self._include is not None and not any(p.fullmatch(relative) for p in self._include):
            return False
        return not any(p.fullmatch(relative) for p in self._exclude)

"""The installed package version (package.json is its single source, via pyproject.toml)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dilnaka")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"

"""The package's metadata: one version (package.json, read by pyproject.toml), public names of 0.0.8."""

from __future__ import annotations

import json
from pathlib import Path

import dilnaka

PACKAGE_DIR = Path(__file__).parents[2]


def test_version_comes_from_package_json() -> None:
    # Fails when the installed metadata is stale: re-run `bash scripts/setup.sh` after a version bump.
    assert dilnaka.__version__ == json.loads((PACKAGE_DIR / "package.json").read_text())["version"]


def test_every_public_name_of_0_0_8_is_still_exported() -> None:
    for name in (
        "Dilnaka",
        "FileAccessUrl",
        "UploadedFile",
        "PresignedUpload",
        "DilnakaError",
        "DilnakaAPIError",
        "DilnakaConfigError",
    ):
        assert name in dilnaka.__all__
        assert getattr(dilnaka, name)


def test_the_typed_marker_ships() -> None:
    assert (Path(dilnaka.__file__).parent / "py.typed").is_file()

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


def test_the_namespace_lists_only_public_names() -> None:
    # `dir(dilnaka)` used to list `Any` and `annotations` (imports of __init__.py) next to the API.
    assert dir(dilnaka) == sorted([*dilnaka.__all__, "__version__"])
    leaked = {n for n in vars(dilnaka) if not n.startswith("_")} - set(dilnaka.__all__)
    assert leaked <= {m for m in leaked if type(getattr(dilnaka, m)).__name__ == "module"}, leaked
    assert not {"Any", "annotations"} & set(vars(dilnaka))
    for name in dilnaka.__all__:
        assert getattr(dilnaka, name).__module__.startswith("dilnaka"), name


def test_the_typed_marker_ships() -> None:
    assert (Path(dilnaka.__file__).parent / "py.typed").is_file()


def test_build_makes_a_wheel_and_an_sdist_that_install_and_import(tmp_path: Path) -> None:
    import subprocess
    import sys
    import tarfile
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(PACKAGE_DIR)],
        check=True,
        capture_output=True,
    )
    version = dilnaka.__version__
    wheel = tmp_path / "dist" / f"dilnaka-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "dilnaka/py.typed" in names
    assert "dilnaka/_generated/models/file.py" in names
    assert "dilnaka/upload/put.py" in names
    assert not [n for n in names if n.startswith("tests/")]
    with tarfile.open(tmp_path / "dist" / f"dilnaka-{version}.tar.gz") as sdist:
        assert f"dilnaka-{version}/package.json" in sdist.getnames()  # the version source travels with it

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = "import dilnaka; print(dilnaka.__file__); print(dilnaka.__version__)"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(target)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == [str(target / "dilnaka" / "__init__.py"), version]

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dilnaka import ConfigError, Dilnaka, DilnakaConfigError
from dilnaka.config import load_config, read_env_file

KEY = "dlk_dev_abcdefghijklmnop1234"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT", "DILNAKA_MAX_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_precedence_explicit_over_environ_over_dotenv_over_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "DILNAKA_API_KEY=dlk_dev_from_dotenv_0000\nDILNAKA_TIMEOUT=7\nDILNAKA_BASE_URL=http://dotenv:1\n"
    )
    assert load_config().api_key == "dlk_dev_from_dotenv_0000"
    assert load_config().timeout == 7.0
    assert load_config().max_retries == 2  # default
    monkeypatch.setenv("DILNAKA_API_KEY", "dlk_dev_from_environ_000")
    monkeypatch.setenv("DILNAKA_BASE_URL", "http://environ:2/")
    config = load_config()
    assert (config.api_key, config.base_url, config.timeout) == ("dlk_dev_from_environ_000", "http://environ:2", 7.0)
    explicit = load_config(api_key=KEY, timeout=3, base_url="http://explicit:3", max_retries=0)
    assert (explicit.api_key, explicit.base_url, explicit.timeout, explicit.max_retries) == (
        KEY,
        "http://explicit:3",
        3.0,
        0,
    )


def test_defaults() -> None:
    config = load_config(api_key=KEY)
    assert (config.base_url, config.timeout) == ("https://dilnaka.storage.tsnc.tech", 60.0)


def test_dotenv_is_found_in_a_parent_and_never_copied_into_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("DILNAKA_API_KEY=dlk_dev_parent_dir_key_99\n")
    child = tmp_path / "a" / "b"
    child.mkdir(parents=True)
    monkeypatch.chdir(child)
    before = dict(os.environ)
    assert load_config().api_key == "dlk_dev_parent_dir_key_99"
    assert dict(os.environ) == before


def test_env_file_argument(tmp_path: Path) -> None:
    env = tmp_path / "custom.env"
    env.write_text('export DILNAKA_API_KEY="dlk_live_quoted_key_42"  # comment\n# DILNAKA_TIMEOUT=1\n')
    config = Dilnaka(env_file=env).config
    assert config.api_key == "dlk_live_quoted_key_42"
    assert config.timeout == 60.0


def test_env_file_parser_handles_quotes_comments_and_blank_lines(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text('\n# c\nA=1 # trailing\nB=\'x # y\'\nC="q\\"z"\n  D = spaced \nnot a line\n')
    assert read_env_file(env) == {"A": "1", "B": "x # y", "C": 'q"z', "D": "spaced"}


def test_missing_key_names_the_fix_and_the_missing_env_file(tmp_path: Path) -> None:
    with pytest.raises(DilnakaConfigError, match="DILNAKA_API_KEY") as info:
        Dilnaka(env_file=tmp_path / "nope.env")
    assert "nope.env is missing or not a readable file" in str(info.value)


@pytest.mark.parametrize("key", ["sk_live_123", "dlk_test_123", " dlk_dev_123"])
def test_bad_key_prefix_is_a_config_error_without_the_key(key: str) -> None:
    with pytest.raises(ConfigError, match="dlk_dev_ or dlk_live_") as info:
        Dilnaka(api_key=key)
    assert key.strip() not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "env", "match"),
    [
        ({"timeout": 0}, {}, "timeout must be"),
        ({"timeout": -1}, {}, "timeout must be"),
        ({}, {"DILNAKA_TIMEOUT": "soon"}, "DILNAKA_TIMEOUT must be a number"),
        ({"max_retries": -1}, {}, "max_retries"),
        ({}, {"DILNAKA_MAX_RETRIES": "many"}, "DILNAKA_MAX_RETRIES"),
        ({"base_url": "dilnaka.example"}, {}, "base URL"),
    ],
)
def test_invalid_settings(kwargs: dict, env: dict, match: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=match):
        Dilnaka(api_key=KEY, **kwargs)


def test_repr_redacts_the_key() -> None:
    client = Dilnaka(api_key=KEY)
    for text in (repr(client), repr(client.config), str(client.config)):
        assert KEY not in text
        assert "dlk_dev_…1234" in text
    client.close()


def test_session_argument_of_0_0_8_is_accepted_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="http_client"):
        Dilnaka(api_key=KEY, session=object()).close()


def test_import_reads_no_dotenv_and_changes_no_environment(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DILNAKA_API_KEY=dlk_dev_should_not_load\n")
    script = (
        "import os, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append((event, str(args[0]), str(args[1]))) if event == 'open' else None)\n"
        "before = dict(os.environ)\n"
        "import dilnaka\n"
        "assert dict(os.environ) == before\n"
        "assert not [o for o in opened if '.env' in o[1] or o[2] not in ('r', 'rb', 'None')], opened\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr


def test_timeout_keeps_0_0_8_int_seconds_and_accepts_fractions(monkeypatch: pytest.MonkeyPatch) -> None:
    assert repr(load_config(api_key=KEY).timeout) == "60"
    monkeypatch.setenv("DILNAKA_TIMEOUT", "2.5")
    assert load_config(api_key=KEY).timeout == 2.5

"""Every configuration key the app reads is declared in config.py, and read one way."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from config import Config

APP = Path(__file__).resolve().parents[2] / "app"
# the app's config read through any name (`current_app.config`, `cfg = ...config`, `app.config`)
READ = re.compile(r'(?:config|cfg)\["([A-Z][A-Z0-9_]*)"\]')


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in APP.rglob("*.py")}


def test_config_is_read_as_config_key_never_with_a_default_of_its_own():
    """`.get(key, default)` in five places once disagreed about QUIZ_PASS_MARK."""
    offenders = [f"{path.relative_to(APP.parent)}: {line.strip()}"
                 for path, text in _sources().items()
                 for line in text.splitlines() if re.search(r"(?:config|cfg)\.get\(", line)]
    assert offenders == []


def test_every_key_read_is_declared_in_config_py():
    declared = {name for name in dir(Config) if name.isupper()} | set(Flask.default_config)
    read = {key for text in _sources().values() for key in READ.findall(text)}
    assert read, "the pattern finds the keys the app reads"
    assert sorted(read - declared) == []

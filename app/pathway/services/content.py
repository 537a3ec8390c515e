"""The pathway's own content: the observation rubric and the pre/post test paper."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from flask_babel import gettext as _

from app.errors import ServiceError
from app.pathway import rules
from app.text import has_control_chars

RUBRIC_FILE = "observation.yaml"
TEST_FILE = "prepost-test.yaml"
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"

# --- content ---------------------------------------------------------------------------------

_cache: dict[str, tuple[tuple[int, int], Any]] = {}
_lock = threading.Lock()


def rubrics_dir(root: Path | str) -> Path:
    return Path(root) / "session_plans" / "rubrics"


def _load(path: Path, parse):
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _cache.get(str(path))
        if cached and cached[0] == stamp:
            return cached[1]
        value = parse(yaml.load(path.read_text(encoding="utf-8"),
                                   Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        _cache[str(path)] = (stamp, value)
        return value


def load_rubric(root: Path | str) -> rules.Rubric:
    return _load(rubrics_dir(root) / RUBRIC_FILE, rules.parse_rubric)


def load_test(root: Path | str) -> rules.KnowledgeTest:
    return _load(rubrics_dir(root) / TEST_FILE, rules.parse_test)


def rubric() -> rules.Rubric:
    return load_rubric(current_app.config["CONTENT_DIR"])


def knowledge_test() -> rules.KnowledgeTest:
    return load_test(current_app.config["CONTENT_DIR"])


def clean_text(value: str, field_name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field_name)
    if len(value) > limit or has_control_chars(value):
        raise ServiceError(_("Use at most %(n)d plain characters.", n=limit), field_name)
    return value



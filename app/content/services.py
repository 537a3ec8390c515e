"""Reading the course from disk, cached until a file changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import current_app

from app.content.course import Library

# the files and the library kept between commands live in a module without Flask
from app.content.files import (  # noqa: F401 (re-exported)
    CONTENT_FOLDERS,
    cached_library,
    content_files,
    display_path,
    load_library,
    read_files,
)
from app.content.library import TRANSLATION_LANGS, build_library  # noqa: F401

_cache: dict[str, tuple[tuple, Library]] = {}
_checked: dict[str, float] = {}
_lock = threading.Lock()


def library() -> Library:
    """The shipped course, re-read when any content file changes; checked once a request."""
    from flask import g, has_request_context

    if has_request_context() and "content_library" in g:
        return g.content_library
    loaded = _current_library()
    if has_request_context():
        g.content_library = loaded
    return loaded


def _current_library() -> Library:
    root = str(Path(current_app.config["CONTENT_DIR"]).resolve())
    now = time.monotonic()
    with _lock:
        cached = _cache.get(root)
        recheck = current_app.config["CONTENT_RECHECK_SECONDS"]
        if cached and now - _checked.get(root, 0.0) < recheck:
            return cached[1]
        files = content_files(Path(root))
        stamp = tuple((str(p), stat.st_mtime_ns, stat.st_size)
                      for p, stat in ((p, p.stat()) for p in files))
        _checked[root] = now
        if cached and cached[0] == stamp:
            return cached[1]
        loaded = build_library(read_files(files, Path(root)))
        _cache[root] = (stamp, loaded)
        return loaded


def localized(kind: str, item_id: str, lang: str):
    """(item in the user's language or English, note "" | "missing" | "stale")."""
    return library().translated(kind, item_id, lang)


def localized_all(kind: str, lang: str) -> list:
    """Every module/exercise/plan in `lang` where a current translation exists."""
    lib = library()
    collection = {"module": lib.modules, "exercise": lib.exercises, "plan": lib.plans}[kind]
    return [lib.translated(kind, item.id, lang)[0] for item in collection]


def glossary() -> list[dict[str, str]]:
    """The course's terms in English and Ukrainian (modules/glossary.yaml)."""
    import yaml

    path = Path(current_app.config["CONTENT_DIR"]) / "modules" / "glossary.yaml"
    if not path.is_file():
        return []
    terms = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("terms") or []
    return [t for t in terms if isinstance(t, dict) and t.get("en") and t.get("uk")]

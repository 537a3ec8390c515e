"""Built decks kept between `spilno deck` commands (issue 21), as a build tool keeps its
outputs: the same module, exercises, cycle, language, template and builder code give the same
PPTX, so it is copied instead of built again (no python-pptx import, no layout work). The key
is a hash of all of them; the file lives in the user's private cache folder
(app.content.files.cache_dir), and nothing is kept when there is none."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from app.content.course import Library, Module
from app.content.files import cache_dir

KEEP = 20  # decks kept; the oldest go first
DECKS = Path(__file__).resolve().parent


def _code_stamp() -> bytes:
    """The builder's files (code and template) and the libraries that write the PPTX."""
    parts = []
    files = sorted(p for p in DECKS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for package in ("pptx", "lxml", "PIL"):
        spec = find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in files:
        stat = path.stat()
        parts.append(f"{path} {stat.st_mtime_ns} {stat.st_size}")
    return "\n".join(parts).encode()


def deck_bytes(module: Module, library: Library, lang: str, template: bytes | None,
               build: Callable[[], bytes]) -> bytes:
    """The deck `build()` makes, kept under the hash of everything it is made from."""
    folder = cache_dir()
    if folder is None:
        return build()
    exercises = tuple(library.translated("exercise", e.id, lang)[0] for e in library.exercises)
    digest = hashlib.sha256(_code_stamp())
    digest.update(repr((module, exercises, library.phases, lang)).encode())
    digest.update(hashlib.sha256(template or b"").digest())
    target = folder / f"deck-{digest.hexdigest()[:40]}.pptx"
    try:
        stat = target.stat()
        if stat.st_uid == os.getuid() and not stat.st_mode & 0o022:
            return target.read_bytes()
    except OSError:
        pass
    body = build()
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".deck-")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(name, target)
        kept = sorted(folder.glob("deck-*.pptx"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return body

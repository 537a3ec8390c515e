"""The course's files on disk, and the built library kept between commands (no Flask here:
`spilno deck`, `content check` and `agenda` import this without the web app)."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from app.content.course import TRANSLATION_LANGS, Library

# build_library (the Markdown and YAML parsers) is imported where a build happens: this is the
# CLI's start-up path, and a course kept on disk needs no parser (see cached_library)

CONTENT_FOLDERS = ("modules", "exercises", "session_plans")
# bump when Library's fields change shape in a way the code stamp below would not see
CACHE_FORMAT = 1


def content_files(root: Path) -> list[Path]:
    """The course's files: originals, and translations in language folders (modules/uk/)."""
    files: list[Path] = []
    for folder in CONTENT_FOLDERS:
        for base in (root / folder, *(root / folder / lang for lang in TRANSLATION_LANGS)):
            if base.is_dir():
                files += sorted(p for p in base.iterdir()
                                if p.is_file() and p.suffix in (".md", ".yaml", ".yml"))
    return files


def display_path(path: Path, root: Path | None) -> str:
    """Paths under `root` are shown relative to it (modules/01-....md)."""
    return str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)


def read_files(paths: list[Path], root: Path | None = None) -> dict[str, str]:
    """{display path: text}."""
    return {display_path(path, root): path.read_text(encoding="utf-8") for path in paths}


def load_library(root: Path, extra: list[Path] | None = None) -> Library:
    root = root.resolve()
    files = read_files(content_files(root), root)
    preferred = read_files([p.resolve() for p in extra or []], root)
    files.update(preferred)
    from app.content.library import build_library  # CLI start-up: see the imports above

    return build_library(files, frozenset(preferred))


# --- the library kept between commands --------------------------------------------------------

def _code_stamp() -> bytes:
    """What the build depends on besides the texts: the content package's source files and
    the versions of Python and the parsers."""
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    parts = [f"{CACHE_FORMAT} {sys.version}"]
    sources = sorted(here.glob("*.py"))
    for package in ("markdown_it", "mdit_py_plugins", "yaml"):  # found, not imported
        spec = find_spec(package)
        if spec is not None and spec.origin:
            sources.append(Path(spec.origin))
    for source in sources:
        stat = source.stat()
        parts.append(f"{source} {stat.st_mtime_ns} {stat.st_size}")
    return "\n".join(parts).encode()


def cache_dir() -> Path | None:
    """The user's own cache folder (~/.cache/spilno), or None when it is not safely private:
    a pickle is only read from a folder and file that nobody else can write."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spilno"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        stat = base.stat()
    except OSError:
        return None
    if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
        return None
    return base


_cache_dir = cache_dir


def cached_library(root: Path) -> Library:
    """The shipped course as load_library(root) builds it, kept on disk between commands and
    used again only when every text (compared by hash, not by time) and the code are the same.
    A command then starts in milliseconds instead of parsing the course again."""
    root = root.resolve()
    files = read_files(content_files(root), root)
    digest = hashlib.sha256(_code_stamp())
    for path in sorted(files):
        digest.update(b"\0" + path.encode() + b"\0" + files[path].encode())
    key = digest.hexdigest()
    folder = cache_dir()
    target = folder / f"library-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.pickle" \
        if folder else None
    if target is not None:
        try:
            stat = target.stat()
            if stat.st_uid == os.getuid() and not stat.st_mode & 0o022:
                with target.open("rb") as handle:
                    stored_key, stored = pickle.load(handle)  # noqa: S301 - our own private file
                if stored_key == key and isinstance(stored, Library):
                    return stored
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
                pickle.UnpicklingError):
            pass
    from app.content.library import build_library  # CLI start-up: only when building

    library = build_library(files)
    if target is not None:
        try:
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=".library-")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((key, library), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(name, target)  # atomic: a command running beside us reads old or new
        except (OSError, pickle.PicklingError):
            pass
    return library

"""A ZIP of named files (pure): names made safe for every operating system, in any script."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_name(text: str, limit: int = 90) -> str:
    """A file or folder name: no path separators or characters Windows refuses."""
    name = " ".join(_UNSAFE.sub(" ", text).split()).strip(". ")
    return name[:limit].rstrip(". ") or "file"


def zip_bytes(files: Sequence[tuple[str, bytes]], stamp: datetime | None = None) -> bytes:
    """`files`: (path with "/" between safe parts, content). Later duplicates get " (2)"."""
    out = io.BytesIO()
    seen: set[str] = set()
    when = (stamp or datetime(2026, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            unique, n = path, 2
            while unique.casefold() in seen:
                stem, dot, ext = path.rpartition(".")
                unique = f"{stem} ({n}).{ext}" if dot else f"{path} ({n})"
                n += 1
            seen.add(unique.casefold())
            info = zipfile.ZipInfo(unique, date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)  # non-ASCII names get the UTF-8 flag
    return out.getvalue()

"""What every content file shares: the collector of issues, front-matter readers, constants."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from app.content.course import (
    Issue,
)
from app.content.frontmatter import FrontMatterError, Located, load_yaml, split_front_matter

OUTLINE_TITLE = "session outline"
OUTLINE_HEADERS = ["Time", "Topic", "Key points for trainers", "Activities", "Materials"]
# A translation names its outline and the outline's columns in its own language.
LOCAL_OUTLINE = {"uk": ("план заняття", ["Час", "Тема", "Ключові моменти для тренерів",
                                         "Активності", "Матеріали"])}
TIME_RE = re.compile(r"^(\d{1,2}):([0-5]\d)\s*-\s*(\d{1,2}):([0-5]\d)$")
MODULE_ID_RE = re.compile(r"^M\d{1,2}$")
EXERCISE_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CLOCK_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
FIELD_TYPES = ("text", "long_text", "list", "tree", "table", "date", "choice", "number",
               "checklist")
COLUMN_TYPES = ("text", "long_text", "date", "choice", "number")
EXERCISE_KINDS = ("form", "problem_tree", "smart_commitment", "roadmap", "stakeholder_map",
                  "prioritization_matrix")
CHECKS = ("smart", "roadmap_dates", "plan_period", "minimum_requirements",
          "problem_definition", "solutions_checklist")
MAX_BULLET_CHARS = 90
MAX_BULLETS_PER_HEADING = 6
# Outline activities that name exercises (by title): run in the block, or done after it.
IN_SESSION_PREFIXES = ("exercise:", "вправа:")
HOMEWORK_PREFIXES = ("homework:", "домашнє завдання:")
# A trainer-notes line giving the block's minutes: "Minute plan: presentation 10, exercise 20".
MINUTE_PLAN_RE = re.compile(r"^\W*(?:minute plan|план хвилин)\W*:\W*(.+)$", re.IGNORECASE)
MINUTE_PART_RE = re.compile(r"^(.*?)\s*(\d+)\s*(?:min|minutes|хв|хвилин[аи]?)?\.?$", re.IGNORECASE)
EXERCISE_PARTS = ("exercise", "вправа")
# One timing everywhere: "25-30 minutes" leaves the trainer to choose, so it is refused.
RANGE_RE = re.compile(r"\b(\d+\s*[-–—]\s*\d+)\s*(?:minutes|mins?|хвилин[аи]?|хв)\b", re.IGNORECASE)
# Step headings of an exercise sheet that carry their minutes: "### Step 1. Brainstorm (10 minutes)".
STEP_MINUTES_RE = re.compile(r"^#{2,4}\s.*\((?:[^()]*?,\s*)?(\d+)\s*(?:minutes|хвилин[аи]?|хв)\)\s*$",
                             re.IGNORECASE)
LONG_MODULE_MIN = 90  # a module longer than this has a break inside it


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Collector:
    def __init__(self, path: str):
        self.path = path
        self.issues: list[Issue] = []

    def error(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message))

    def warning(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message, "warning"))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the YAML boolean {str(value).lower()} (quote it)"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"[:80]


def _text(fm: Located, out: _Collector, key: str, required: bool = True) -> str:
    value = fm.data.get(key)
    if value is None:
        if required:
            out.error(fm.line(), f"front matter: '{key}' is required")
        return ""
    if not isinstance(value, str) or not value.strip():
        out.error(fm.line(key), f"front matter: '{key}' must be text, not {_describe(value)}")
        return ""
    return value.strip()


def _text_list(fm: Located, out: _Collector, key: str, required: bool = True) -> tuple[str, ...]:
    value = fm.data.get(key)
    if value is None:
        if required:
            out.error(fm.line(), f"front matter: '{key}' is required")
        return ()
    if not isinstance(value, list):
        out.error(fm.line(key), f"front matter: '{key}' must be a list, not {_describe(value)}")
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            out.error(fm.line(key, index),
                      f"front matter: '{key}' item {index + 1} must be text, not {_describe(item)}")
        else:
            items.append(item.strip())
    return tuple(items)


def _whole_number(fm: Located, out: _Collector, key: str, *path: Any) -> int:
    value = fm.data
    for part in path or (key,):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        out.error(fm.line(*(path or (key,))[:-1]), f"'{key}' is required")
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        out.error(fm.line(*(path or (key,))),
                  f"'{key}' must be a whole number above 0, not {_describe(value)}")
        return 0
    return value


def _load_front_matter(text: str, out: _Collector) -> tuple[Located | None, str, int]:
    try:
        front, body, body_offset = split_front_matter(text)
        fm = load_yaml(front, offset=1)
    except FrontMatterError as error:
        out.error(error.line, error.message)
        return None, "", 0
    if not isinstance(fm.data, dict):
        out.error(2, "front matter must be a mapping of keys to values")
        return None, body, body_offset
    return fm, body, body_offset


def _translation(fm: Located) -> dict[str, str]:
    """What a translated file says it was made from (empty for originals)."""
    return {"translation_of": str(fm.data.get("translation_of") or ""),
            "source_hash": str(fm.data.get("source_hash") or "")}

"""Reading a roadmap's steps and dates, and the cycle's steps as starting rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from app.exercises.diagrams import (
    clean_text,
)

COLUMNS = ("step", "title", "start_date", "end_date", "owner", "status", "notes")
STATUSES = ("not_started", "in_progress", "done", "delayed")
# Phase 5 (Learn) runs alongside everything else by design: the exercise asks teams to plan
# step 5.1 at the very start, so its overlap with earlier phases is not a warning.
PARALLEL_PHASES = frozenset({"5"})


# -- reading steps --------------------------------------------------------------------------

def _s(value: object) -> str:
    return clean_text(value).strip()


def step_id(step: Mapping[str, Any]) -> str:
    return _s(step.get("step") or step.get("step_id"))


def step_label(step: Mapping[str, Any]) -> str:
    """'1.1 Build a Team' (or just the title / the id for added or untitled rows)."""
    return " ".join(p for p in (step_id(step), _s(step.get("title"))) if p)


def phase_of(step: Mapping[str, Any]) -> str:
    """'2' for step '2.3'; '' for added steps that have no id."""
    sid = step_id(step)
    return sid.split(".", 1)[0].strip() if "." in sid else ""


def _is_blank(step: Mapping[str, Any]) -> bool:
    """An empty row the editor added; its status holds the default, so it does not count."""
    return not any(_s(step.get(k)) for k in COLUMNS + ("step_id",) if k != "status")


class _Bad(str):
    """A date field that holds text which is not a date (the raw text is kept)."""


def parse_date(value: object) -> date | _Bad | None:
    """None when empty, a date when ISO (YYYY-MM-DD), otherwise _Bad(raw text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _s(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _Bad(text)


def _valid(value: object) -> date | None:
    parsed = parse_date(value)
    return parsed if isinstance(parsed, date) else None


def step_dates(step: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """The step's valid start and end dates (None for empty or unparseable ones)."""
    return _valid(step.get("start_date")), _valid(step.get("end_date"))


# -- defaults -------------------------------------------------------------------------------

def default_steps(phases: Iterable[Any], lang: str = "en") -> list[dict]:
    """The 18 steps of the cycle as empty roadmap rows, titled in `lang`."""
    uk = lang.startswith("uk")
    return [{"step": s.id, "title": (s.title_uk or s.title) if uk else s.title,
             "start_date": "", "end_date": "", "owner": "", "status": "not_started", "notes": ""}
            for phase in phases for s in phase.steps]

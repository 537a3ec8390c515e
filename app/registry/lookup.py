"""A hromada by what a person types: its KATOTTG code, its name (Ukrainian or English, with
or without "міська/селищна/сільська громада"), its administrative centre, optionally with
the oblast in brackets to tell namesakes apart: "Іванівська сільська громада (Одеська)"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.registry.models import Municipality
from app.text import search_key, uk_sort_key

CODE_RE = re.compile(r"^UA\d{17}$", re.IGNORECASE)
_SUFFIXES = (" міська громада", " селищна громада", " сільська громада", " громада",
             " city hromada", " settlement hromada", " village hromada", " hromada")
_BRACKET = re.compile(r"^(?P<name>.+?)\s*\((?P<oblast>[^()]+)\)\s*$")


@dataclass
class HromadaMatch:
    found: Municipality | None = None
    candidates: list[Municipality] = field(default_factory=list)  # when several fit

    @property
    def ambiguous(self) -> bool:
        return self.found is None and len(self.candidates) > 1


def _bare(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def _names(m: Municipality) -> set[str]:
    full = {search_key(m.name_uk), search_key(m.name_en), search_key(m.admin_centre)}
    return {n for n in full | {_bare(n) for n in full} if n}


def label(m: Municipality, locale: str = "uk") -> str:
    """How a hromada is shown in choices: its name and, in brackets, its oblast."""
    if locale == "en" and m.name_en:
        return f"{m.name_en} ({m.oblast_en or m.oblast})"
    return f"{m.name_uk} ({m.oblast})"


def find_hromada(db: Session, typed: str) -> HromadaMatch:
    text = " ".join((typed or "").split())
    if not text:
        return HromadaMatch()
    if CODE_RE.match(text):
        found = db.scalar(select(Municipality).where(Municipality.code == text.upper()))
        return HromadaMatch(found, [found] if found else [])
    oblast = ""
    bracket = _BRACKET.match(text)
    if bracket:
        text, oblast = bracket.group("name"), search_key(bracket.group("oblast"))
    key = search_key(text)
    bare = _bare(key)
    if len(bare) < 2:
        return HromadaMatch()
    rows = db.scalars(select(Municipality).where(
        Municipality.search_text.contains(bare, autoescape=True)).limit(200))
    exact = [m for m in rows if key in _names(m) or bare in _names(m)]
    if oblast:
        exact = [m for m in exact if oblast in (search_key(m.oblast), search_key(m.oblast_en))
                 or search_key(m.oblast).startswith(oblast.split()[0])]
    # the full name beats the administrative centre ("Вінницька" is the hromada, not a village)
    by_name = [m for m in exact if key in {search_key(m.name_uk), search_key(m.name_en)}
               or bare in {_bare(search_key(m.name_uk)), _bare(search_key(m.name_en))}]
    pool = by_name or exact
    pool.sort(key=lambda m: (uk_sort_key(m.name_uk), uk_sort_key(m.oblast)))
    if len(pool) == 1:
        return HromadaMatch(pool[0], pool)
    return HromadaMatch(None, pool)


def suggest(db: Session, typed: str, limit: int = 12) -> list[Municipality]:
    """Hromadas whose names contain what was typed (search as you type), best first."""
    key = _bare(search_key(typed))
    if len(key) < 2:
        return []
    if CODE_RE.match(typed.strip()):
        found = db.scalar(select(Municipality).where(Municipality.code == typed.strip().upper()))
        return [found] if found else []
    rows = list(db.scalars(select(Municipality).where(or_(
        Municipality.search_text.contains(key, autoescape=True))).limit(400)))
    rows.sort(key=lambda m: (not search_key(m.name_uk).startswith(key),
                             not search_key(m.name_en).startswith(key),
                             uk_sort_key(m.name_uk)))
    return rows[:limit]

"""Offsets and clock times on slides."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.content.course import Module, OutlineBlock
from app.decks.builder.labels import MONTHS


def _clock(minutes: int, start: datetime | None) -> str:
    if start is None:
        return f"{minutes // 60}:{minutes % 60:02d}"
    return (start + timedelta(minutes=minutes)).strftime("%H:%M")


def _span(block: OutlineBlock, start: datetime | None, labels: dict[str, str]) -> str:
    return f"{_times(block, start)} · {block.minutes} {labels['min']}"


def _times(block: OutlineBlock, start: datetime | None) -> str:
    """'0:15–0:55', or clock times: a range takes an en dash."""
    return f"{_clock(block.start_min, start)}–{_clock(block.end_min, start)}"


def _date_line(module: Module, start: datetime, lang: str) -> str:
    end = start + timedelta(minutes=module.duration_min)
    day = f"{start.day} {MONTHS[lang][start.month - 1]} {start.year}"
    return f"{day} · {start:%H:%M}–{end:%H:%M}"


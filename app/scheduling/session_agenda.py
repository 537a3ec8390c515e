"""Agendas, decks and calendars of scheduled sessions (services over the pure builders)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.content.course import Library
from app.scheduling.agenda import Agenda, schedule_modules
from app.scheduling.ics import render_feed
from app.scheduling.models import TrainingSession


def local_start(session: TrainingSession) -> datetime:
    """The session's start as naive wall-clock time in its own zone."""
    return session.start.astimezone(ZoneInfo(session.timezone)).replace(tzinfo=None)


def session_agenda(session: TrainingSession, library: Library, lang: str = "en") -> Agenda | None:
    module = library.translated("module", session.module_id, lang)[0]
    if module is None:
        return None
    return schedule_modules([module], local_start(session), session.timezone, overnight=True)


def session_uid(session: TrainingSession) -> str:
    return f"spilno-session-{session.id}@spilno"


def calendar_bytes(sessions: list[TrainingSession], library: Library, title: str,
                   lang: str = "en") -> bytes:
    entries = []
    for session in sessions:
        if session.status == "cancelled":
            continue
        agenda = session_agenda(session, library, lang)
        if agenda is not None:
            entries.append((agenda, session_uid(session), session.sequence))
    return render_feed(entries, title, description_lang=lang)


def outline_in(library: Library, module_id: str, lang: str):
    """The module's outline in `lang` when its translation has the same blocks of the same
    length (so block indices and clock times stay those of the English outline), else the
    English outline; None for an unknown module."""
    english = library.module(module_id)
    if english is None:
        return None
    shown = library.translated("module", module_id, lang)[0]
    if shown is None or len(shown.outline) != len(english.outline) or any(
            (a.start_min, a.end_min) != (b.start_min, b.end_min)
            for a, b in zip(shown.outline, english.outline, strict=True)):
        return english.outline
    return shown.outline

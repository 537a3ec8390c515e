"""Decks and agendas for modules, plans and scheduled sessions (over the pure builders)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.content.course import Library
from app.decks.agenda_render import render_html, render_pdf
from app.decks.builder import build_deck, context_for
from app.scheduling.agenda import Agenda, combine, schedule_modules
from app.scheduling.ics import render_ics
from app.scheduling.models import Cohort, TrainingSession
from app.scheduling.session_agenda import local_start, session_uid

FORMATS = {"html": "text/html", "pdf": "application/pdf", "ics": "text/calendar"}


def session_deck(session: TrainingSession, library: Library, lang: str) -> bytes | None:
    module = library.translated("module", session.module_id, lang)[0]
    if module is None:
        return None
    place = " · ".join(p for p in (session.venue, session.online_link) if p)
    context = context_for(library, lang,
                          start=session.start.astimezone(ZoneInfo(session.timezone)),
                          place=place, checkin_code=session.checkin_code)
    return build_deck(module, context)


def leads(sessions: list[TrainingSession]) -> dict[str, str]:
    return {s.module_id: ", ".join(t.name for t in s.trainers_in_order) for s in sessions}


def cohort_agenda(cohort: Cohort, library: Library, lang: str = "en") -> Agenda | None:
    """Every live session of the cohort, each at its own scheduled time."""
    agendas = [schedule_modules([library.translated("module", s.module_id, lang)[0]],
                                local_start(s), s.timezone)
               for s in cohort.sessions
               if s.status != "cancelled" and library.module(s.module_id) is not None]
    return combine(cohort.name, agendas) if agendas else None


def render_agenda(agenda: Agenda, fmt: str, version: str, lang: str, lead_names: dict[str, str],
                  organisation: str, stylesheet_href: str | None,
                  uids: dict | None = None, sequences: dict | None = None) -> bytes:
    if fmt == "pdf":
        return render_pdf(agenda, version=version, lang=lang, leads=lead_names,
                          organisation=organisation)
    if fmt == "ics":
        return render_ics(agenda, uids=uids or {}, sequences=sequences or {},
                          description_lang=lang)
    return render_html(agenda, version=version, lang=lang, leads=lead_names,
                       organisation=organisation, stylesheet_href=stylesheet_href).encode("utf-8")


def session_keys(sessions: list[TrainingSession]) -> tuple[dict, dict]:
    """Stable UIDs and SEQUENCEs of scheduled sessions, keyed as the ICS renderer expects."""
    uids, sequences = {}, {}
    for session in sessions:
        key = (session.module_id, local_start(session).date())
        uids[key] = session_uid(session)
        sequences[key] = session.sequence
    return uids, sequences


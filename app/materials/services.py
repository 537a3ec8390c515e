"""What goes into a cohort's materials pack, named in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from app.content.course import Exercise, Library
from app.decks import services as decks
from app.exercises.worksheets import worksheets_pdf
from app.materials.pack import safe_name, zip_bytes
from app.scheduling.models import Cohort


def cohort_exercises(cohort: Cohort, library: Library, lang: str) -> list[Exercise]:
    """The exercises of the cohort's modules, in the order the sessions meet them."""
    seen: list[str] = []
    for session in cohort.sessions:
        if session.status == "cancelled":
            continue
        module = library.module(session.module_id)
        for exercise_id in (module.exercises if module else ()):
            if exercise_id not in seen:
                seen.append(exercise_id)
    out = []
    for exercise_id in seen:
        exercise = library.translated("exercise", exercise_id, lang)[0]
        if exercise is not None:
            out.append(exercise)
    return out


def materials_pack(cohort: Cohort, library: Library, lang: str, names: Mapping[str, str],
                   worksheet_words: Mapping[str, str], organisation: str) -> bytes:
    """Every session's deck, the agenda (PDF and ICS), the worksheets of the exercises."""
    files: list[tuple[str, bytes]] = []
    live = [s for s in cohort.sessions if s.status != "cancelled"]
    for number, session in enumerate(live, start=1):
        module = library.translated("module", session.module_id, lang)[0]
        deck = decks.session_deck(session, library, lang)
        if module is None or deck is None:
            continue
        day = session.start.astimezone(ZoneInfo(session.timezone)).strftime("%d.%m.%Y")
        files.append(((f"{safe_name(names['decks'])}/"
                      f"{safe_name(f'{number:02d} {module.id} {module.title} {day}')}.pptx"), deck))
    agenda = decks.cohort_agenda(cohort, library, lang)
    if agenda is not None:
        uids, sequences = decks.session_keys(live)
        folder = safe_name(names["agenda"])
        files.append((f"{folder}/{safe_name(names['agenda'])}.pdf",
                      decks.render_agenda(agenda, "pdf", "participant", lang, decks.leads(live),
                                          organisation, None)))
        files.append((f"{folder}/{safe_name(names['agenda'])}.ics",
                      decks.render_agenda(agenda, "ics", "participant", lang, {}, organisation,
                                          None, uids, sequences)))
    exercises = cohort_exercises(cohort, library, lang)
    if exercises:
        folder = safe_name(names["worksheets"])
        files.append((f"{folder}/{safe_name(names['worksheets'])}.pdf",
                      worksheets_pdf(exercises, worksheet_words, lang)))
    return zip_bytes(files)

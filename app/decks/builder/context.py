"""What a deck is built for: language, organisation, schedule, the course's exercises and cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.content.course import Exercise, Library, Phase


@dataclass(frozen=True)
class DeckContext:
    lang: str = "en"  # "en" or "uk": the deck's fixed labels
    organisation: str = ""  # default by lang: the Association of Ukrainian Cities
    start: datetime | None = None  # aware local start; clock times replace 0:00 offsets
    place: str = ""  # venue or online link, on the title slide
    checkin_code: str = ""  # self check-in code, on the title slide when given
    # The course's exercises in the deck's language (exercise slides name them by title, with
    # their task, time, grouping and output) and the co-creation cycle (drawn as a diagram).
    # Without them a deck still builds: exercise slides fall back to the outline's words.
    exercises: tuple[Exercise, ...] = ()
    phases: tuple[Phase, ...] = ()


def context_for(library: Library, lang: str = "en", **details) -> DeckContext:
    """A DeckContext with the library's exercises (translated where a current translation
    exists) and cycle; `details` are the other DeckContext fields (start, place, ...)."""
    exercises = tuple(library.translated("exercise", e.id, lang)[0] for e in library.exercises)
    return DeckContext(lang=lang, exercises=exercises, phases=library.phases, **details)


class TemplateError(Exception):
    """The template cannot carry a deck; the message names what is missing."""

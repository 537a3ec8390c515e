"""What a deck is built for: language, organisation, schedule, the course's exercises and cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DeckContext:
    lang: str = "en"  # "en" or "uk": the deck's fixed labels
    organisation: str = ""  # default by lang: the Association of Ukrainian Cities
    start: datetime | None = None  # aware local start; clock times replace 0:00 offsets
    place: str = ""  # venue or online link, on the title slide
    checkin_code: str = ""  # self check-in code, on the title slide when given


class TemplateError(Exception):
    """The template cannot carry a deck; the message names what is missing."""

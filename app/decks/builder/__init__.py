"""A module's slide deck as PPTX bytes: pure (no Flask, no database, no I/O but the template).

python-pptx's autofit is only a flag that PowerPoint honours once the text is edited, so the
builder never relies on it: it estimates how many characters fit on a line from the box width
and font size, and splits long lists, long paragraphs and long tables across slides.

Files, along the sections of the old builder.py: context (DeckContext, TemplateError), labels,
layouts (the template checked), metrics (text sizes), pager (pages that fit), clock, text
(DrawingML runs), slides (adding slides fast), deck (the slides in order).
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

from app.content.course import Module
from app.decks.builder.context import DeckContext, TemplateError, context_for
from app.decks.builder.deck import _Deck
from app.decks.builder.labels import LABELS, MONTHS
from app.decks.builder.layouts import _open_template

__all__ = ["LABELS", "MONTHS", "DeckContext", "TemplateError", "build_deck", "context_for",
           "default_template"]


def build_deck(module: Module, context: DeckContext | None = None,
               template: bytes | None = None) -> bytes:
    """The module's deck: title, objectives, agenda, a section slide and content slides per
    outline block (a slide per break), key takeaways and materials, with speaker notes.
    `template` is an organisation's own 16:9 .pptx; TemplateError says what it lacks."""
    context = context if context is not None else DeckContext()
    if context.lang not in LABELS:
        raise ValueError(f"lang must be one of {sorted(LABELS)}, not {context.lang!r}")
    prs = _open_template(template if template is not None else default_template())
    deck = _Deck(prs, module, context)
    deck.build()
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """Our 16:9 template (app/decks/spilno-16x9.pptx), read once per process."""
    return resources.files("app.decks").joinpath("spilno-16x9.pptx").read_bytes()

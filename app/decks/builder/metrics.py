"""Geometry and text metrics: how much text fits a box at a size, estimated without rendering."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
INSET_X, INSET_Y = 91440, 45720  # default text-box and table-cell insets (0.1 in, 0.05 in)
# Average glyph width / font size of the theme font, Arial (Liberation Sans on Linux has the
# same metrics): 0.44 for English prose and 0.48 for Ukrainian, 0.48 and 0.52 in bold;
# rounded up for bold text and for the room a line loses where it breaks between words.
CHAR_EM_LATIN = 0.50
CHAR_EM_CYRILLIC = 0.55  # Cyrillic glyphs run wider
LINE_HEIGHT = 1.22  # single line spacing of Arial is 1.15 font sizes; a little kept spare
PARA_GAP_PT = 6
BODY_PT, SUB_PT, TABLE_PT, NOTES_PT = 24, 20, 16, 12
TIME_PT, SECTION_ACTIVITY_PT = 24, 20
TITLE_PTS, SECTION_TITLE_PTS, COVER_TITLE_PTS = (28, 24, 20), (36, 32, 28, 24), (40, 36, 32, 28)
COVER_BODY_PTS = (20, 18, 16, 14)
BULLET_INDENT = 342900  # 0.375 in per level
TABLE_GAP = 182880  # 0.2 in between lead-in text and a table
MAX_BULLETS = 6
MAX_AGENDA_ROWS = 7
AGENDA_WEIGHTS = (1.4, 3.6, 5.0)
CYRILLIC = re.compile("[\u0400-\u052f\u2de0-\u2dff\ua640-\ua69f]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
WORDISH = re.compile(r"\w")
MAX_WORDS = 60  # on a content slide, the title included: the rest goes to the speaker notes


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    def inside(self, slide_width: int, slide_height: int) -> Box:
        """The same box moved (and if need be shrunk) so that it lies on the slide."""
        width, height = min(self.width, slide_width), min(self.height, slide_height)
        left = min(max(self.left, 0), slide_width - width)
        top = min(max(self.top, 0), slide_height - height)
        return Box(left, top, width, height)


def _words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits ("0:15-0:55" is one)."""
    return sum(1 for token in text.split() if WORDISH.search(token))


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def _chars(text: str, width_emu: int, size: float) -> int:
    """How many characters of text fit on a line of the width at the size."""
    em = CHAR_EM_CYRILLIC if CYRILLIC.search(text) else CHAR_EM_LATIN
    return max(8, int(_pt(width_emu) / (size * em)))


def _wrap(text: str, width_emu: int, size: float) -> list[str]:
    return textwrap.wrap(text, _chars(text, width_emu, size), break_on_hyphens=False) or [""]


def _text_height(lines: int, size: float) -> float:
    return lines * size * LINE_HEIGHT


def _lines_fit(lines: list[tuple[str, float]], box: Box) -> bool:
    """Whether paragraphs of (text, size) fit the box, each wrapped to its width."""
    width = box.width - 2 * INSET_X
    height = sum(_text_height(len(_wrap(text, width, size)), size) for text, size in lines)
    longest = all(len(max(text.split() or [""], key=len)) <= _chars(text, width, size)
                  for text, size in lines)  # a renderer would break such a word in two
    return height <= _pt(box.height - 2 * INSET_Y) and longest


def _clip(text: str, width: int, size: float, max_lines: int) -> str:
    lines = _wrap(text, width, size)
    if len(lines) <= max_lines:
        return text
    return " ".join(lines[:max_lines]).rstrip(" .,;:") + "…"


def _fit_size(text: str, box: Box, sizes: tuple[float, ...]) -> tuple[float, str]:
    """The largest size at which `text` fits the box; shortened at the smallest as a last resort."""
    for size in sizes:
        if _lines_fit([(text, size)], box):
            return size, text
    size = sizes[-1]
    keep = max(1, int(_pt(box.height - 2 * INSET_Y) // (size * LINE_HEIGHT)))
    return size, _clip(text, box.width - 2 * INSET_X, size, keep)

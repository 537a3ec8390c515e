"""A module's slide deck as PPTX bytes: pure (no Flask, no database, no I/O but the template).

python-pptx's autofit is only a flag that PowerPoint honours once the text is edited, so the
builder never relies on it: it estimates how many characters fit on a line from the box width
and font size, and splits long lists, long paragraphs and long tables across slides.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart

from app.content.model import Module, OutlineBlock, Section

# --- public API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckContext:
    lang: str = "en"  # "en" or "uk": the deck's fixed labels
    organisation: str = ""  # default by lang: the Association of Ukrainian Cities
    start: datetime | None = None  # aware local start; clock times replace 0:00 offsets
    place: str = ""  # venue or online link, on the title slide
    checkin_code: str = ""  # self check-in code, on the title slide when given


class TemplateError(Exception):
    """The template cannot carry a deck; the message names what is missing."""


def build_deck(module: Module, context: DeckContext = DeckContext(),
               template: bytes | None = None) -> bytes:
    """The module's deck: title, objectives, agenda, a section slide and content slides per
    outline block (a slide per break), key takeaways and materials, with speaker notes.
    `template` is an organisation's own 16:9 .pptx; TemplateError says what it lacks."""
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
    return resources.files(__package__).joinpath("spilno-16x9.pptx").read_bytes()


# --- labels ---------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "organisation": "Association of Ukrainian Cities",
        "objectives": "Objectives",
        "agenda": "Agenda",
        "cont": "(cont.)",
        "break": "{topic}, back at {time}",
        "min": "min",
        "takeaways": "Key takeaways",
        "materials": "Materials",
        "time": "Time",
        "topic": "Topic",
        "activity": "Activity",
        "module": "Module {id} · {minutes} min",
        "checkin": "Check-in code: {code}",
        "key_points": "Key points for trainers:",
        "activities": "Activity:",
        "notes_materials": "Materials:",
        "trainer_notes": "Trainer notes:",
        "next": "Next: {topic}",
        "audience": "Audience:",
        "exercises": "Exercises:",
        "language": "en-US",
    },
    "uk": {
        "organisation": "Асоціація міст України",
        "objectives": "Мета",
        "agenda": "Програма",
        "cont": "(продовження)",
        "break": "{topic}, повертаємося о {time}",
        "min": "хв",
        "takeaways": "Ключові висновки",
        "materials": "Матеріали",
        "time": "Час",
        "topic": "Тема",
        "activity": "Активність",
        "module": "Модуль {id} · {minutes} хв",
        "checkin": "Код для відмітки присутності: {code}",
        "key_points": "Ключові моменти для тренерів:",
        "activities": "Активність:",
        "notes_materials": "Матеріали:",
        "trainer_notes": "Нотатки для тренерів:",
        "next": "Далі: {topic}",
        "audience": "Аудиторія:",
        "exercises": "Вправи:",
        "language": "uk-UA",
    },
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"),
}

# --- template -------------------------------------------------------------------------------

TITLE_SLIDE, CONTENT, SECTION, TITLE_ONLY = (
    "Title Slide", "Title and Content", "Section Header", "Title Only")
LAYOUTS_NEEDING_BODY = {TITLE_SLIDE: True, CONTENT: True, SECTION: True, TITLE_ONLY: False}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
KNOWN_RATIOS = {"16:9": 16 / 9, "4:3": 4 / 3, "16:10": 16 / 10, "3:2": 3 / 2, "1:1": 1.0,
                "A4": 297 / 210}
EMU_PER_INCH = 914400
MIN_BODY_INCHES = (4.0, 1.5)  # width, height


def _open_template(data: bytes):
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as error:  # python-pptx raises several kinds for a non-pptx file
        raise TemplateError("template is not a readable PowerPoint (.pptx) file") from error
    _check_size(prs)
    for name, needs_body in LAYOUTS_NEEDING_BODY.items():
        _check_layout(_layout(prs, name), name, needs_body)
    _drop_slides(prs)
    return prs


def _check_size(prs) -> None:
    width, height = prs.slide_width, prs.slide_height
    if not width or not height:
        raise TemplateError("template has no slide size; a 16:9 template is needed")
    if abs(width / height - 16 / 9) > 0.01:
        raise TemplateError(
            f"template is {_ratio_name(width / height)} ({width / EMU_PER_INCH:.2f} x "
            f"{height / EMU_PER_INCH:.2f} in); a 16:9 template is needed")


def _ratio_name(ratio: float) -> str:
    name, value = min(KNOWN_RATIOS.items(), key=lambda kv: abs(kv[1] - ratio))
    return name if abs(value - ratio) < 0.01 else f"{ratio:.2f}:1"


def _layout(prs, name: str):
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            if layout.name == name:
                return layout
    raise TemplateError(f"template has no layout named {name!r}")


def _check_layout(layout, name: str, needs_body: bool) -> None:
    kinds = {ph.placeholder_format.type for ph in layout.placeholders}
    if not kinds & set(TITLE_TYPES):
        raise TemplateError(f"template layout {name!r} has no title placeholder")
    if needs_body and not kinds & set(BODY_TYPES):
        raise TemplateError(f"template layout {name!r} has no body or subtitle placeholder")


def _check_body_size(box: Box) -> None:
    """Content is split to fit the body box, which needs room for a few lines to do so."""
    width, height = box.width / EMU_PER_INCH, box.height / EMU_PER_INCH
    if width < MIN_BODY_INCHES[0] or height < MIN_BODY_INCHES[1]:
        raise TemplateError(
            f"template layout {CONTENT!r} has a body placeholder of {width:.2f} x {height:.2f} in"
            f" on the slide; at least {MIN_BODY_INCHES[0]:.0f} x {MIN_BODY_INCHES[1]:.1f} in"
            " is needed")


def _drop_slides(prs) -> None:
    """An organisation's template may carry sample slides: a deck starts empty."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


# --- geometry and text metrics --------------------------------------------------------------

EMU_PER_PT = 12700
INSET_X, INSET_Y = 91440, 45720  # default text-box and table-cell insets (0.1 in, 0.05 in)
CHAR_EM_LATIN = 0.52  # average glyph width / font size for Calibri, rounded up for safety
CHAR_EM_CYRILLIC = 0.57  # Cyrillic glyphs run wider
LINE_HEIGHT = 1.22  # single line spacing of Calibri, in font sizes
PARA_GAP_PT = 6
BODY_PT, SUB_PT, TABLE_PT, NOTES_PT = 20, 18, 14, 12
TIME_PT, SECTION_ACTIVITY_PT = 24, 18
TITLE_PTS, SECTION_TITLE_PTS, COVER_TITLE_PTS = (28, 24, 20), (36, 32, 28, 24), (40, 36, 32, 28)
COVER_BODY_PTS = (20, 18, 16, 14)
BULLET_INDENT = 342900  # 0.375 in per level
TABLE_GAP = 182880  # 0.2 in between lead-in text and a table
MAX_BULLETS = 6
MAX_AGENDA_ROWS = 7
AGENDA_WEIGHTS = (1.4, 3.6, 5.0)
CYRILLIC = re.compile("[\u0400-\u052f\u2de0-\u2dff\ua640-\ua69f]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


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


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def _wrap(text: str, width_emu: int, size: float) -> list[str]:
    em = CHAR_EM_CYRILLIC if CYRILLIC.search(text) else CHAR_EM_LATIN
    chars = max(8, int(_pt(width_emu) / (size * em)))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def _text_height(lines: int, size: float) -> float:
    return lines * size * LINE_HEIGHT


def _lines_fit(lines: list[tuple[str, float]], box: Box) -> bool:
    """Whether paragraphs of (text, size) fit the box, each wrapped to its width."""
    width = box.width - 2 * INSET_X
    height = sum(_text_height(len(_wrap(text, width, size)), size) for text, size in lines)
    return height <= _pt(box.height - 2 * INSET_Y)


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


# --- page layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    bullet: bool = False
    level: int = 0
    marker: bool = True  # False for the rest of a bullet split across slides
    size: float = BODY_PT


@dataclass
class TableChunk:
    rows: list[tuple[str, ...]]  # the header first
    column_widths: list[int]
    row_heights: list[int]


@dataclass
class Page:
    title: str
    paras: list[Para] = field(default_factory=list)
    table: TableChunk | None = None
    text_height: float = 0.0  # points taken by the paragraphs, without the box insets


class _Pager:
    """Lays paragraphs, bullets and tables onto pages that fit the body box: at most six
    bullets a page, a paragraph moved whole to the next page when it fits there and split
    (at a sentence end if possible) only when it is longer than a page, tables split by rows
    with the header repeated. A lead-in line ending in ':' moves along with what it introduces.
    """

    def __init__(self, title: str, body: Box, cont: str):
        self.pages: list[Page] = []
        self._body = body
        self._cont = cont
        self._title = title
        self._titles_used: Counter[str] = Counter()
        self._paras: list[Para] = []
        self._used = 0.0
        self._bullets = 0
        self._capacity = _pt(body.height - 2 * INSET_Y)

    def heading(self, title: str) -> None:
        self._flush()
        self._title = title

    def add(self, para: Para) -> None:
        if para.bullet and self._bullets >= MAX_BULLETS:
            self._break_page()
        width = self._body.width - 2 * INSET_X - _indent(para)
        line_height = para.size * LINE_HEIGHT
        full_page = max(1, int((self._capacity - PARA_GAP_PT) // line_height))
        text = para.text
        while True:
            lines = _wrap(text, width, para.size)
            room = int((self._capacity - self._used - PARA_GAP_PT) // line_height)
            if len(lines) <= room or (not self._paras and room < 1):
                self._place(replace(para, text=text), min(len(lines), max(room, 1)))
                return
            if self._paras and (len(lines) <= full_page or room < 2):
                self._break_page()
                continue
            head, text = _split_text(text, lines, room)
            self._place(replace(para, text=head), room)
            self._flush()
            para = replace(para, marker=False)  # the rest of a bullet has no second bullet

    def table(self, rows: tuple[tuple[str, ...], ...], weights: tuple[float, ...] | None = None,
              max_rows: int = 0) -> None:
        if not rows:
            return
        widths = _column_widths(rows, self._body.width, weights)
        rows = _split_tall_rows(rows, widths, _pt(self._body.height))
        heights = [_row_height(row, widths) for row in rows]
        header, body = heights[0], list(zip(rows[1:], heights[1:]))
        if self._paras:  # below the text only if it all fits there, or it could never fit a page
            whole = header + sum(h for _, h in body)
            fits_here = whole <= self._table_room() and (not max_rows or len(body) <= max_rows)
            fits_alone = whole <= _pt(self._body.height)
            if not fits_here and (fits_alone or self._table_room() < header + body[0][1]):
                self._break_page()
        while True:
            room, taken, used = self._table_room(), [], header
            while body and (not max_rows or len(taken) < max_rows) \
                    and (not taken or used + body[0][1] <= room):
                row, height = body.pop(0)
                taken.append((row, height))
                used += height
            self._close_with_table(TableChunk(
                [rows[0]] + [r for r, _ in taken], widths,
                [int(header * EMU_PER_PT)] + [int(h * EMU_PER_PT) for _, h in taken]))
            if not body:
                return

    def finish(self) -> list[Page]:
        self._flush()
        return self.pages

    def _place(self, para: Para, lines: int) -> None:
        self._paras.append(para)
        self._used += PARA_GAP_PT + _text_height(lines, para.size)
        self._bullets += para.bullet

    def _table_room(self) -> float:
        """Points left for a table in the body box, below any lead-in text."""
        room = _pt(self._body.height)
        if self._paras:
            room -= self._used + _pt(2 * INSET_Y + TABLE_GAP)
        return room

    def _break_page(self) -> None:
        """A new page because the next item does not fit; a trailing lead-in goes with it."""
        lead_in = None
        if len(self._paras) > 1 and not self._paras[-1].bullet \
                and self._paras[-1].text.rstrip().endswith(":"):
            lead_in = self._paras.pop()
        self._flush()
        if lead_in is not None:
            width = self._body.width - 2 * INSET_X - _indent(lead_in)
            self._place(lead_in, len(_wrap(lead_in.text, width, lead_in.size)))

    def _close_with_table(self, chunk: TableChunk) -> None:
        self.pages.append(Page(self._next_title(), self._paras, chunk, self._used))
        self._reset()

    def _flush(self) -> None:
        if self._paras:
            self.pages.append(Page(self._next_title(), self._paras, None, self._used))
        self._reset()

    def _reset(self) -> None:
        self._paras, self._used, self._bullets = [], 0.0, 0

    def _next_title(self) -> str:
        seen = self._titles_used[self._title]
        self._titles_used[self._title] += 1
        return self._title if not seen else f"{self._title} {self._cont}"


def _split_text(text: str, lines: list[str], keep: int) -> tuple[str, str]:
    """The first `keep` wrapped lines of text and the rest, cut after the last full sentence
    in those lines when there is one in their second half."""
    words = " ".join(text.split())
    cut = len(" ".join(lines[:keep]))
    sentence_end = max(words.rfind(mark, 0, cut + 1) for mark in (". ", "! ", "? ", "; "))
    if sentence_end > cut // 2:
        cut = sentence_end + 1
    else:
        space = words.rfind(" ", 0, cut + 1)  # never cut inside a word
        cut = space if space > 0 else cut
    return words[:cut].strip(), words[cut:].strip()


def _indent(para: Para) -> int:
    return BULLET_INDENT * (para.level + para.bullet)


def _column_widths(rows: tuple[tuple[str, ...], ...], total: int,
                   weights: tuple[float, ...] | None) -> list[int]:
    columns = max(1, max(len(r) for r in rows))
    if weights is None:  # wider columns for longer text, within bounds
        weights = tuple(min(60, max(10, max(len(r[c]) if c < len(r) else 0 for r in rows)))
                        for c in range(columns))
    widths = [int(total * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _cell_lines(text: str, width: int) -> list[str]:
    return _wrap(text, width - 2 * INSET_X, TABLE_PT)


def _row_height(row: tuple[str, ...], widths: list[int]) -> float:
    lines = max(len(_cell_lines(cell, w)) for cell, w in zip(row, widths))
    return _text_height(lines, TABLE_PT) + _pt(2 * INSET_Y)


def _split_tall_rows(rows: tuple[tuple[str, ...], ...], widths: list[int],
                     page_height: float) -> tuple[tuple[str, ...], ...]:
    """A row taller than a page (with its header) becomes several rows."""
    rows = tuple(tuple(r) + ("",) * (len(widths) - len(r)) for r in rows)
    room = page_height - _row_height(rows[0], widths) - _pt(2 * INSET_Y)
    max_lines = max(1, int(room // (TABLE_PT * LINE_HEIGHT)))
    result = [rows[0]]
    for row in rows[1:]:
        cells = [_cell_lines(cell, w) for cell, w in zip(row, widths)]
        pieces = max(1, -(-max(len(c) for c in cells) // max_lines))
        for n in range(pieces):
            result.append(tuple(" ".join(c[n * max_lines:(n + 1) * max_lines]) for c in cells))
    return tuple(result)


# --- clock ----------------------------------------------------------------------------------


def _clock(minutes: int, start: datetime | None) -> str:
    if start is None:
        return f"{minutes // 60}:{minutes % 60:02d}"
    return (start + timedelta(minutes=minutes)).strftime("%H:%M")


def _span(block: OutlineBlock, start: datetime | None, labels: dict[str, str]) -> str:
    times = f"{_clock(block.start_min, start)}-{_clock(block.end_min, start)}"
    return f"{times} · {block.minutes} {labels['min']}"


def _date_line(module: Module, start: datetime, lang: str) -> str:
    end = start + timedelta(minutes=module.duration_min)
    day = f"{start.day} {MONTHS[lang][start.month - 1]} {start.year}"
    return f"{day} · {start:%H:%M}-{end:%H:%M}"


def _short_activity(activity: str) -> str:
    """For the agenda: 'Discussion: a long question?' -> 'Discussion'; full text is in notes."""
    kind, sep, _ = activity.partition(":")
    return kind.strip() if sep and len(activity) > 45 else activity


# --- writing text ---------------------------------------------------------------------------


def _proofing_lang(text: str) -> str:
    return "uk-UA" if CYRILLIC.search(text) else "en-US"


def _script_runs(text: str) -> list[str]:
    """Text cut where the script changes (Cyrillic/Latin), so each run gets its own proofing
    language; spaces, digits, punctuation and the apostrophe stay with the run before them."""
    if not CYRILLIC.search(text) or not LATIN.search(text):
        return [text]  # one script: the common case, no need to walk the characters
    runs: list[str] = []
    current, script = "", None
    for char in text:
        char_script = "uk" if CYRILLIC.match(char) else "en" if LATIN.match(char) else None
        if char_script is not None:
            if script is not None and char_script != script and current:
                runs.append(current)
                current = ""
            script = char_script
        current += char
    runs.append(current)
    return runs


A_P, A_PPR, A_R, A_RPR, A_T = qn("a:p"), qn("a:pPr"), qn("a:r"), qn("a:rPr"), qn("a:t")
A_END_PARA, A_BODY_PR, P_TX_BODY, P_SP = qn("a:endParaRPr"), qn("a:bodyPr"), qn("p:txBody"), qn(
    "p:sp")
AUTOFITS = (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))
A_LN_SPC, A_SPC_BEF, A_SPC_PCT, A_SPC_PTS = qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcPct"), qn(
    "a:spcPts")
A_BU_CLR, A_SCHEME_CLR, A_BU_FONT, A_BU_CHAR, A_BU_NONE = (
    qn("a:buClr"), qn("a:schemeClr"), qn("a:buFont"), qn("a:buChar"), qn("a:buNone"))
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _write(p_element, text: str, size: float) -> None:
    """Runs appended to an a:p, one per script, each with its proofing language and size."""
    end = p_element.find(A_END_PARA)
    clean = NOT_XML.sub("", text).replace("\n", " ").replace("\r", " ")
    for piece in _script_runs(clean):
        run = etree.SubElement(p_element, A_R)
        etree.SubElement(run, A_RPR, lang=_proofing_lang(piece), sz=str(round(size * 100)))
        etree.SubElement(run, A_T).text = piece
        if end is not None:
            end.addprevious(run)


def _format_paragraph(p_element, para: Para) -> None:
    """Bullets and indents set on the paragraph itself, so any template renders them alike."""
    ppr = etree.SubElement(p_element, A_PPR)
    marker = para.bullet and para.marker
    ppr.set("marL", str(_indent(para)))
    ppr.set("indent", str(-BULLET_INDENT if marker else 0))
    etree.SubElement(etree.SubElement(ppr, A_LN_SPC), A_SPC_PCT, val="100000")
    etree.SubElement(etree.SubElement(ppr, A_SPC_BEF), A_SPC_PTS, val=str(PARA_GAP_PT * 100))
    if marker:
        etree.SubElement(etree.SubElement(ppr, A_BU_CLR), A_SCHEME_CLR, val="accent1")
        etree.SubElement(ppr, A_BU_FONT, typeface="Arial")
        etree.SubElement(ppr, A_BU_CHAR, char="•" if para.level == 0 else "–")
    else:
        etree.SubElement(ppr, A_BU_NONE)


def _paragraphs(tx_body, count: int) -> list:
    """`count` new empty a:p elements replacing a text body's paragraphs."""
    for old in tx_body.findall(A_P):
        tx_body.remove(old)
    return [etree.SubElement(tx_body, A_P) for _ in range(max(count, 1))]


def _fill_paras(tx_body, paras: list[Para]) -> None:
    for p_element, para in zip(_paragraphs(tx_body, len(paras)), paras):
        _format_paragraph(p_element, para)
        _write(p_element, para.text, para.size)


def _fill_lines(tx_body, lines: list[tuple[str, float]]) -> None:
    for p_element, (text, size) in zip(_paragraphs(tx_body, len(lines)), lines):
        _write(p_element, text, size)


def _fixed_text_box(sp) -> None:
    """Wrap inside the box and never autofit: we size the text ourselves."""
    body_pr = sp.find(f"{P_TX_BODY}/{A_BODY_PR}")
    if body_pr is None:
        return
    for child in list(body_pr):
        if child.tag in AUTOFITS:
            body_pr.remove(child)
    body_pr.set("wrap", "square")
    warp = body_pr.find(qn("a:prstTxWarp"))
    body_pr.insert(0 if warp is None else 1, etree.Element(qn("a:noAutofit")))


def _set_height(sp, height: int) -> None:
    sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}").set("cy", str(height))


# --- slides ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A placeholder of a layout and where it sits on the slide."""

    idx: int
    kind: int
    box: Box


@dataclass(frozen=True)
class _NewSlide:
    slide: Any
    title: Any  # the p:txBody of the title placeholder
    body_sp: Any  # the body placeholder's p:sp, None on a "Title Only" slide
    body_box: Box | None

    @property
    def body(self):
        return self.body_sp.find(P_TX_BODY)


class _SlideMaker:
    """Adds slides and notes pages. python-pptx clones every placeholder and searches the
    whole package for a free part name on each slide, which took most of a deck's time;
    here the first slide of a layout is made its way and later ones copy its placeholders."""

    def __init__(self, prs, layouts: dict[str, Any], slots: dict[str, list[_Slot]]):
        self.prs = prs
        self.layouts = layouts
        self.slots = slots
        self._prototypes: dict[str, list] = {}  # layout -> [title sp, body sp?], positioned
        self._notes_prototype = None
        self._partnames: set[str] = set()  # taken when the first notes page is made
        self._notes_number = 1

    def slot(self, layout_name: str, body: bool) -> _Slot:
        kinds = BODY_TYPES if body else TITLE_TYPES
        return next(s for s in self.slots[layout_name] if s.kind in kinds)

    def add(self, layout_name: str) -> _NewSlide:
        layout = self.layouts[layout_name]
        prototype = self._prototypes.get(layout_name)
        if prototype is None:
            slide = self.prs.slides.add_slide(layout)
            prototype = self._prototypes[layout_name] = self._positioned(slide, layout_name)
        else:
            r_id, slide = self.prs.part.add_slide(layout)
            self.prs.slides._sldIdLst.add_sldId(r_id)
            tree = slide.shapes._spTree
            for sp in prototype:
                tree.append(copy.deepcopy(sp))
        shapes = slide.shapes._spTree.findall(P_SP)
        body_slot = self.slot(layout_name, body=True) if len(prototype) > 1 else None
        return _NewSlide(slide, shapes[0].find(P_TX_BODY), shapes[1] if body_slot else None,
                         body_slot.box if body_slot else None)

    def _positioned(self, slide, layout_name: str) -> list:
        """The slide's title and body placeholders moved onto the slide; others removed."""
        wanted = [self.slot(layout_name, body=False)]
        if LAYOUTS_NEEDING_BODY[layout_name]:
            wanted.append(self.slot(layout_name, body=True))
        tree = slide.shapes._spTree
        by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        for ph in by_idx.values():
            tree.remove(ph._element)
        for slot in wanted:
            ph = by_idx[slot.idx]
            ph.left, ph.top, ph.width, ph.height = (
                slot.box.left, slot.box.top, slot.box.width, slot.box.height)
            _fixed_text_box(ph._element)
            tree.append(ph._element)
        return [copy.deepcopy(by_idx[slot.idx]._element) for slot in wanted]

    def notes(self, slide, lines: list[str]) -> None:
        if self._notes_prototype is None:
            notes = slide.notes_slide  # python-pptx's way, once: clones the notes master
            self._notes_prototype = copy.deepcopy(notes._element)
            self._partnames = {str(part.partname) for part in self.prs.part.package.iter_parts()}
            element = notes._element
        else:
            element = copy.deepcopy(self._notes_prototype)
            part = NotesSlidePart(self._next_notes_partname(), CT.PML_NOTES_SLIDE,
                                  self.prs.part.package, element)
            part.relate_to(self.prs.part.notes_master_part, RT.NOTES_MASTER)
            part.relate_to(slide.part, RT.SLIDE)
            slide.part.relate_to(part, RT.NOTES_SLIDE)
        body = _notes_body(element)
        if body is not None:
            _fill_lines(body, [(line, NOTES_PT) for line in lines])

    def _next_notes_partname(self) -> PackURI:
        while f"/ppt/notesSlides/notesSlide{self._notes_number}.xml" in self._partnames:
            self._notes_number += 1
        name = f"/ppt/notesSlides/notesSlide{self._notes_number}.xml"
        self._partnames.add(name)
        return PackURI(name)


def _notes_body(notes_element):
    """The p:txBody of a notes page's body placeholder."""
    for sp in notes_element.iter(P_SP):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") == "body":
            return sp.find(P_TX_BODY)
    return None


# --- the deck -------------------------------------------------------------------------------


class _Deck:
    def __init__(self, prs, module: Module, context: DeckContext):
        self.prs = prs
        self.module = module
        self.context = context
        self.labels = LABELS[context.lang]
        self.organisation = context.organisation or self.labels["organisation"]
        self.width, self.height = prs.slide_width, prs.slide_height
        layouts = {name: _layout(prs, name) for name in LAYOUTS_NEEDING_BODY}
        slots = {name: self._slots(layout) for name, layout in layouts.items()}
        self.maker = _SlideMaker(prs, layouts, slots)
        self.body_box = self.maker.slot(CONTENT, body=True).box
        _check_body_size(self.body_box)

    def _slots(self, layout) -> list[_Slot]:
        slots = []
        for ph in layout.placeholders:
            box = Box(ph.left or 0, ph.top or 0, ph.width or self.width, ph.height or self.height)
            slots.append(_Slot(ph.placeholder_format.idx, ph.placeholder_format.type,
                               box.inside(self.width, self.height)))
        return slots

    def _new_slide(self, layout_name: str, title: str, title_sizes: tuple[float, ...],
                   notes: list[str]) -> _NewSlide:
        new = self.maker.add(layout_name)
        size, fitted = _fit_size(title, self.maker.slot(layout_name, body=False).box, title_sizes)
        _fill_lines(new.title, [(fitted, size)])
        self.maker.notes(new.slide, notes)
        return new

    # the slides, in order

    def build(self) -> None:
        self._cover()
        self._paged(self.labels["objectives"], [Para(o, bullet=True) for o in
                                                self.module.objectives], self._overview_notes())
        self._agenda()
        blocks = self.module.outline
        for n, block in enumerate(blocks):
            following = blocks[n + 1].topic if n + 1 < len(blocks) else self.labels["takeaways"]
            if block.is_break:
                self._break(block, following)
            else:
                self._block(block, following)
        self._closing()
        self._properties()

    def _cover(self) -> None:
        labels, context, module = self.labels, self.context, self.module
        lines = [self.organisation,
                 labels["module"].format(id=module.id, minutes=module.duration_min)]
        if context.start is not None:
            lines.append(_date_line(module, context.start, context.lang))
        if context.place:
            lines.append(context.place)
        if context.checkin_code:
            lines.append(labels["checkin"].format(code=context.checkin_code))
        new = self._new_slide(TITLE_SLIDE, module.title, COVER_TITLE_PTS, self._overview_notes())
        box = new.body_box
        sized = next(([(line, s) for line in lines] for s in COVER_BODY_PTS
                      if _lines_fit([(line, s) for line in lines], box)), None)
        if sized is None:  # e.g. a very long online link: each line keeps its first two lines
            size = COVER_BODY_PTS[-1]
            sized = [(_clip(line, box.width - 2 * INSET_X, size, 2), size) for line in lines]
        _fill_lines(new.body, sized)

    def _overview_notes(self) -> list[str]:
        module, labels = self.module, self.labels
        notes = [labels["module"].format(id=module.id, minutes=module.duration_min)]
        if module.audience:
            notes += [labels["audience"], *(f"• {a}" for a in module.audience)]
        if module.exercises:
            notes += [labels["exercises"], *(f"• {e}" for e in module.exercises)]
        return notes

    def _agenda(self) -> None:
        labels, start = self.labels, self.context.start
        rows = [(labels["time"], labels["topic"], labels["activity"])]
        for block in self.module.outline:
            times = f"{_clock(block.start_min, start)}-{_clock(block.end_min, start)}"
            rows.append((times, block.topic, "; ".join(_short_activity(a)
                                                       for a in block.activities)))
        pager = _Pager(labels["agenda"], self.body_box, labels["cont"])
        pager.table(tuple(rows), AGENDA_WEIGHTS, MAX_AGENDA_ROWS)
        self._render(pager.finish(), self._overview_notes())

    def _break(self, block: OutlineBlock, following: str) -> None:
        back = _clock(block.end_min, self.context.start)
        title = self.labels["break"].format(topic=block.topic, time=back)
        span = _span(block, self.context.start, self.labels)
        new = self._new_slide(SECTION, title, SECTION_TITLE_PTS,
                              [span, self.labels["next"].format(topic=following)])
        _fill_lines(new.body, [(span, TIME_PT)])

    def _block(self, block: OutlineBlock, following: str) -> None:
        section = self.module.section_for(block.topic)
        notes = self._block_notes(block, section, following)
        span = _span(block, self.context.start, self.labels)
        new = self._new_slide(SECTION, block.topic, SECTION_TITLE_PTS, notes)
        lines = [(span, TIME_PT)]
        for activity in block.activities:  # as many as fit; all of them are in the notes
            candidate = lines + [(activity, SECTION_ACTIVITY_PT)]
            if not _lines_fit(candidate, new.body_box):
                break
            lines = candidate
        _fill_lines(new.body, lines)
        if section is not None:
            self._render(self._section_pages(block.topic, section), notes)

    def _section_pages(self, topic: str, section: Section) -> list[Page]:
        pager = _Pager(topic, self.body_box, self.labels["cont"])
        for block in section.blocks:
            if block.kind == "heading":
                pager.heading(block.text)
            elif block.kind == "paragraph":
                pager.add(Para(block.text))
            elif block.kind == "bullets":
                for item in block.items:
                    level = (len(item) - len(item.lstrip(" "))) // 2
                    pager.add(Para(item.strip(), bullet=True, level=level,
                                   size=SUB_PT if level else BODY_PT))
            elif block.kind == "table":
                pager.table(block.rows)
        return pager.finish()

    def _block_notes(self, block: OutlineBlock, section: Section | None,
                     following: str) -> list[str]:
        labels = self.labels
        notes = [_span(block, self.context.start, labels)]
        for label, items in ((labels["key_points"], block.key_points),
                             (labels["activities"], block.activities),
                             (labels["notes_materials"], block.materials)):
            if items:
                notes += [label, *(f"• {item}" for item in items)]
        if section is not None and section.notes:
            notes.append(labels["trainer_notes"])
            notes += [line for text in section.notes for line in text.splitlines()]
        notes.append(labels["next"].format(topic=following))
        return notes

    def _closing(self) -> None:
        module, labels = self.module, self.labels
        takeaways = module.key_takeaways or module.objectives
        materials = module.materials or tuple(dict.fromkeys(
            m for block in module.outline for m in block.materials))
        notes = self._overview_notes()
        self._paged(labels["takeaways"], [Para(t, bullet=True) for t in takeaways], notes)
        if materials:
            self._paged(labels["materials"], [Para(m, bullet=True) for m in materials], notes)

    def _paged(self, title: str, paras: list[Para], notes: list[str]) -> None:
        pager = _Pager(title, self.body_box, self.labels["cont"])
        for para in paras:
            pager.add(para)
        pages = pager.finish() or [Page(title)]
        self._render(pages, notes)

    # pages to slides

    def _render(self, pages: list[Page], notes: list[str]) -> None:
        for page in pages:
            layout_name = CONTENT if page.paras else TITLE_ONLY
            new = self._new_slide(layout_name, page.title, TITLE_PTS, notes)
            table_top = self.body_box.top
            if page.paras:
                _fill_paras(new.body, page.paras)
                if page.table is not None:  # lead-in text above the table: shrink its box
                    height = min(self.body_box.height,
                                 round(page.text_height * EMU_PER_PT) + 2 * INSET_Y)
                    _set_height(new.body_sp, height)
                    table_top = self.body_box.top + height + TABLE_GAP
            if page.table is not None:
                self._table(new.slide, page.table, table_top)

    def _table(self, slide, chunk: TableChunk, top: int) -> None:
        box = self.body_box
        frame = slide.shapes.add_table(len(chunk.rows), len(chunk.column_widths),
                                       box.left, top, box.width, sum(chunk.row_heights))
        table = frame.table
        for column, width in zip(table.columns, chunk.column_widths):
            column.width = width
        for row, row_height in zip(table.rows, chunk.row_heights):
            row.height = row_height
        for r, cells in enumerate(chunk.rows):
            for c, text in enumerate(cells):
                _fill_lines(table.cell(r, c)._tc.get_or_add_txBody(), [(text, TABLE_PT)])

    def _properties(self) -> None:
        props = self.prs.core_properties
        props.title = self.module.title[:255]
        props.subject = f"{self.module.id} · OGP Local Training of Trainers"
        props.author = self.organisation[:255]
        props.language = self.labels["language"]
        props.keywords = "OGP Local; ToT; Spilno"
        props.comments = f"{self.module.id}, built by Spilno from {self.module.path}"
        props.last_modified_by = "Spilno"

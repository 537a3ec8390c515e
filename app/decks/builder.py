"""A module's slide deck as PPTX bytes: pure (no Flask, no database, no I/O but the template).

python-pptx's autofit is only a flag that PowerPoint honours once the text is edited, so the
builder never relies on it: it estimates how many characters fit on a line from the box width
and font size, and splits long lists, long paragraphs and long tables across slides.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Pt

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
LETTER = re.compile(r"[^\W\d_]")


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


def _fit_size(text: str, box: Box, sizes: tuple[float, ...]) -> tuple[float, str]:
    """The largest size at which `text` fits the box; shortened at the smallest as a last resort."""
    width, height = box.width - 2 * INSET_X, _pt(box.height - 2 * INSET_Y)
    for size in sizes:
        if _text_height(len(_wrap(text, width, size)), size) <= height:
            return size, text
    size = sizes[-1]
    keep = max(1, int(height // (size * LINE_HEIGHT)))
    lines = _wrap(text, width, size)[:keep]
    return size, " ".join(lines).rstrip(" .,;:") + "…"


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


class _Pager:
    """Lays paragraphs, bullets and tables onto pages that fit the body box: at most six
    bullets a page, long text split between lines, tables split by rows (header repeated)."""

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
            self._flush()
        width = self._body.width - 2 * INSET_X - _indent(para)
        lines = _wrap(para.text, width, para.size)
        line_height = para.size * LINE_HEIGHT
        while lines:
            room = int((self._capacity - self._used - PARA_GAP_PT) // line_height)
            if room < 1 and self._paras:
                self._flush()
                continue
            head, lines = lines[:max(room, 1)], lines[max(room, 1):]
            self._paras.append(replace(para, text=" ".join(head)))
            self._used += PARA_GAP_PT + _text_height(len(head), para.size)
            self._bullets += para.bullet
            if lines:
                self._flush()
                para = replace(para, marker=False)

    def table(self, rows: tuple[tuple[str, ...], ...], weights: tuple[float, ...] | None = None,
              max_rows: int = 0) -> None:
        if not rows:
            return
        widths = _column_widths(rows, self._body.width, weights)
        rows = _split_tall_rows(rows, widths, _pt(self._body.height))
        heights = [_row_height(row, widths) for row in rows]
        header, body = heights[0], list(zip(rows[1:], heights[1:]))
        room = _pt(self._body.height) - self._text_block_height() - _pt(TABLE_GAP)
        if self._paras and (not body or room < header + body[0][1]):
            self._flush()
        while body or not self.pages or self._paras:
            room = _pt(self._body.height)
            if self._paras:
                room -= self._text_block_height() + _pt(TABLE_GAP)
            taken, used = [], header
            while body and (not max_rows or len(taken) < max_rows) \
                    and (not taken or used + body[0][1] <= room):
                row, height = body.pop(0)
                taken.append((row, height))
                used += height
            self._close_with_table(TableChunk(
                [rows[0]] + [r for r, _ in taken], widths,
                [round(header * EMU_PER_PT)] + [round(h * EMU_PER_PT) for _, h in taken]))
            if not body:
                break

    def finish(self) -> list[Page]:
        self._flush()
        return self.pages

    def _text_block_height(self) -> float:
        return self._used + _pt(2 * INSET_Y)

    def _close_with_table(self, chunk: TableChunk) -> None:
        self.pages.append(Page(self._next_title(), self._paras, chunk))
        self._reset()

    def _flush(self) -> None:
        if self._paras:
            self.pages.append(Page(self._next_title(), self._paras))
        self._reset()

    def _reset(self) -> None:
        self._paras, self._used, self._bullets = [], 0.0, 0

    def _next_title(self) -> str:
        seen = self._titles_used[self._title]
        self._titles_used[self._title] += 1
        return self._title if not seen else f"{self._title} {self._cont}"


def _indent(para: Para) -> int:
    return BULLET_INDENT * (para.level + para.bullet)


def _column_widths(rows: tuple[tuple[str, ...], ...], total: int,
                   weights: tuple[float, ...] | None) -> list[int]:
    columns = max(len(r) for r in rows)
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
    """Text cut where the script changes (Cyrillic/other), so each run gets its own
    proofing language; spaces, digits and punctuation stay with the run before them."""
    runs: list[str] = []
    current, script = "", None
    for char in text:
        if LETTER.match(char):
            char_script = bool(CYRILLIC.match(char))
            if script is not None and char_script != script and current:
                runs.append(current)
                current = ""
            script = char_script
        current += char
    if current:
        runs.append(current)
    return runs or [""]


def _write(paragraph, text: str, size: float | None = None, bold: bool | None = None) -> None:
    for piece in _script_runs(text):
        run = paragraph.add_run()
        run.text = piece
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        run._r.get_or_add_rPr().set("lang", _proofing_lang(piece))


def _format_paragraph(paragraph, para: Para) -> None:
    """Bullets and indents set on the paragraph itself, so any template renders them alike."""
    ppr = paragraph._p.get_or_add_pPr()
    for child in list(ppr):
        ppr.remove(child)
    indent = _indent(para)
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-BULLET_INDENT if para.bullet and para.marker else 0))
    etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPct")).set("val", "100000")
    etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts")).set(
        "val", str(PARA_GAP_PT * 100))
    if para.bullet and para.marker:
        colour = etree.SubElement(etree.SubElement(ppr, qn("a:buClr")), qn("a:schemeClr"))
        colour.set("val", "accent1")
        etree.SubElement(ppr, qn("a:buFont")).set("typeface", "Arial")
        etree.SubElement(ppr, qn("a:buChar")).set("char", "•" if para.level == 0 else "–")
    else:
        etree.SubElement(ppr, qn("a:buNone"))


def _prepare_frame(frame) -> None:
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE


def _fill_paras(frame, paras: list[Para]) -> None:
    _prepare_frame(frame)
    for n, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _format_paragraph(paragraph, para)
        _write(paragraph, para.text, para.size)


def _fill_lines(frame, lines: list[tuple[str, float]]) -> None:
    _prepare_frame(frame)
    for n, (text, size) in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _write(paragraph, text, size)


# --- the deck -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A placeholder of a layout and where it sits on the slide."""

    idx: int
    kind: int
    box: Box


class _Deck:
    def __init__(self, prs, module: Module, context: DeckContext):
        self.prs = prs
        self.module = module
        self.context = context
        self.labels = LABELS[context.lang]
        self.organisation = context.organisation or self.labels["organisation"]
        self.width, self.height = prs.slide_width, prs.slide_height
        self.layouts = {name: _layout(prs, name) for name in LAYOUTS_NEEDING_BODY}
        self.slots = {name: self._slots(layout) for name, layout in self.layouts.items()}
        self.body_box = self._slot(CONTENT, body=True).box

    # layouts and placeholders

    def _slots(self, layout) -> list[_Slot]:
        slots = []
        for ph in layout.placeholders:
            box = Box(ph.left or 0, ph.top or 0, ph.width or self.width, ph.height or self.height)
            slots.append(_Slot(ph.placeholder_format.idx, ph.placeholder_format.type,
                               box.inside(self.width, self.height)))
        return slots

    def _slot(self, layout_name: str, body: bool) -> _Slot:
        kinds = BODY_TYPES if body else TITLE_TYPES
        return next(s for s in self.slots[layout_name] if s.kind in kinds)

    def _new_slide(self, layout_name: str, notes: list[str]):
        """A slide whose title and body placeholders sit on the slide; others are removed."""
        slide = self.prs.slides.add_slide(self.layouts[layout_name])
        wanted = {self._slot(layout_name, body=False).idx: self._slot(layout_name, False)}
        if LAYOUTS_NEEDING_BODY[layout_name]:
            body = self._slot(layout_name, body=True)
            wanted[body.idx] = body
        for ph in list(slide.placeholders):
            slot = wanted.get(ph.placeholder_format.idx)
            if slot is None:
                ph._element.getparent().remove(ph._element)
            else:
                ph.left, ph.top, ph.width, ph.height = (
                    slot.box.left, slot.box.top, slot.box.width, slot.box.height)
        self._notes(slide, notes)
        return slide

    def _title(self, slide, layout_name: str, text: str, sizes: tuple[float, ...]) -> None:
        slot = self._slot(layout_name, body=False)
        size, text = _fit_size(text, slot.box, sizes)
        _fill_lines(slide.placeholders[slot.idx].text_frame, [(text, size)])

    def _body(self, slide, layout_name: str):
        return slide.placeholders[self._slot(layout_name, body=True).idx]

    def _notes(self, slide, lines: list[str]) -> None:
        frame = slide.notes_slide.notes_text_frame
        if frame is None or not lines:
            return
        _fill_lines(frame, [(line, NOTES_PT) for line in lines])

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
        slide = self._new_slide(TITLE_SLIDE, self._overview_notes())
        self._title(slide, TITLE_SLIDE, module.title, COVER_TITLE_PTS)
        box = self._slot(TITLE_SLIDE, body=True).box
        size = _fit_size("\n".join(lines), box, COVER_BODY_PTS)[0]
        size = next((s for s in COVER_BODY_PTS if self._lines_fit(lines, box, s)), size)
        _fill_lines(self._body(slide, TITLE_SLIDE).text_frame, [(line, size) for line in lines])

    @staticmethod
    def _lines_fit(lines: list[str], box: Box, size: float) -> bool:
        count = sum(len(_wrap(line, box.width - 2 * INSET_X, size)) for line in lines)
        return _text_height(count, size) <= _pt(box.height - 2 * INSET_Y)

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
        slide = self._new_slide(SECTION, [span, self.labels["next"].format(topic=following)])
        self._title(slide, SECTION, title, SECTION_TITLE_PTS)
        _fill_lines(self._body(slide, SECTION).text_frame, [(span, TIME_PT)])

    def _block(self, block: OutlineBlock, following: str) -> None:
        section = self.module.section_for(block.topic)
        notes = self._block_notes(block, section, following)
        span = _span(block, self.context.start, self.labels)
        slide = self._new_slide(SECTION, notes)
        self._title(slide, SECTION, block.topic, SECTION_TITLE_PTS)
        box = self._slot(SECTION, body=True).box
        lines = [(span, TIME_PT)]
        for activity in block.activities:  # as many as fit; all of them are in the notes
            candidate = lines + [(activity, SECTION_ACTIVITY_PT)]
            if not self._sized_lines_fit(candidate, box):
                break
            lines = candidate
        _fill_lines(self._body(slide, SECTION).text_frame, lines)
        if section is not None:
            self._render(self._section_pages(block.topic, section), notes)

    @staticmethod
    def _sized_lines_fit(lines: list[tuple[str, float]], box: Box) -> bool:
        width = box.width - 2 * INSET_X
        height = sum(_text_height(len(_wrap(t, width, s)), s) for t, s in lines)
        return height <= _pt(box.height - 2 * INSET_Y)

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
            layout_name = CONTENT if page.paras or page.table is None else TITLE_ONLY
            slide = self._new_slide(layout_name, notes)
            self._title(slide, layout_name, page.title, TITLE_PTS)
            table_top = self.body_box.top
            if layout_name == CONTENT:
                body = self._body(slide, CONTENT)
                _fill_paras(body.text_frame, page.paras)
                if page.table is not None:  # lead-in text above the table: shrink its box
                    used = sum(PARA_GAP_PT + _text_height(
                        len(_wrap(p.text, self.body_box.width - 2 * INSET_X - _indent(p),
                                  p.size)), p.size) for p in page.paras)
                    body.height = min(self.body_box.height,
                                      round(used * EMU_PER_PT) + 2 * INSET_Y)
                    table_top = self.body_box.top + body.height + TABLE_GAP
            if page.table is not None:
                self._table(slide, page.table, table_top)

    def _table(self, slide, chunk: TableChunk, top: int) -> None:
        box = self.body_box
        height = min(sum(chunk.row_heights), box.top + box.height - top)
        frame = slide.shapes.add_table(len(chunk.rows), len(chunk.column_widths),
                                       box.left, top, box.width, height)
        table = frame.table
        for column, width in zip(table.columns, chunk.column_widths):
            column.width = width
        for row, row_height in zip(table.rows, chunk.row_heights):
            row.height = row_height
        frame.height = sum(chunk.row_heights)
        for r, cells in enumerate(chunk.rows):
            for c, text in enumerate(cells):
                frame_ = table.cell(r, c).text_frame
                _prepare_frame(frame_)
                _write(frame_.paragraphs[0], text, TABLE_PT)

    def _properties(self) -> None:
        props = self.prs.core_properties
        props.title = self.module.title[:255]
        props.subject = f"{self.module.id} · OGP Local Training of Trainers"
        props.author = self.organisation[:255]
        props.language = self.labels["language"]
        props.keywords = "OGP Local; ToT; Spilno"

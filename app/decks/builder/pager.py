"""Page layout: paragraphs, bullets and tables laid onto pages that fit the body box."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from app.decks.builder.metrics import (
    BODY_PT,
    BULLET_INDENT,
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    LINE_HEIGHT,
    MAX_BULLETS,
    PARA_GAP_PT,
    TABLE_GAP,
    TABLE_PT,
    Box,
    _pt,
    _text_height,
    _wrap,
)


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

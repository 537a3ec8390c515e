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
    _words,
    _wrap,
)


@dataclass(frozen=True)
class Para:
    text: str
    bullet: bool = False
    level: int = 0
    marker: bool = True  # False for the rest of a bullet split across slides
    size: float = BODY_PT
    style: str = "body"  # body | key (a key message, bold and coloured) | card (label: text)
    label: str = ""  # written bold before the text, e.g. "Time:"

    @property
    def words(self) -> int:
        return _words(self.label) + _words(self.text)


@dataclass
class TableChunk:
    rows: list[tuple[str, ...]]  # the header first
    column_widths: list[int]
    row_heights: list[int]
    size: float = TABLE_PT


@dataclass
class Page:
    title: str
    paras: list[Para] = field(default_factory=list)
    table: TableChunk | None = None
    text_height: float = 0.0  # points taken by the paragraphs, without the box insets
    notes: list[str] = field(default_factory=list)  # teaching text moved off this page
    diagram: str = ""  # drawn natively instead of text: cycle | tree | calendar | card
    data: tuple = ()  # what a drawing needs, e.g. a card's (key, label, text) fields


class _Pager:
    """Lays paragraphs, bullets and tables onto pages that fit the body box: at most six
    bullets a page, a paragraph moved whole to the next page when it fits there and split
    (at a sentence end if possible) only when it is longer than a page, tables split by rows
    with the header repeated. A lead-in line ending in ':' moves along with what it introduces.
    """

    def __init__(self, title: str, body: Box, cont: str, max_words: int = 0):
        self.pages: list[Page] = []
        self._max_words = max_words  # per page, the title included; 0 for no limit
        self._words = 0
        self._notes: list[str] = []
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

    def note(self, text: str) -> None:
        """Text for the speaker notes of the page being filled (or of the next one)."""
        self._notes.append(text)

    def diagram(self, kind: str, title: str = "") -> None:
        """A page of its own for a picture, after what came before it."""
        self._flush()
        self.pages.append(Page(title or self._next_title(), diagram=kind, notes=self._notes))
        self._notes = []

    def group(self, paras: list[Para]) -> None:
        """Items that belong together (a list, with the lead-in before it) start a new page
        when they fit on one page but not in what is left of this one."""
        title = f"{self._title} {self._cont}"
        if self._paras and not self._fits(self._paras + paras, title):
            lead_in = [self._paras[-1]] if _is_lead_in(self._paras[-1]) else []
            if self._fits(lead_in + paras, title):
                self._break_page()
        per = len(paras)
        if len(paras) > MAX_BULLETS and all(p.bullet for p in paras):  # 7 -> 4 + 3, not 6 + 1
            per = -(-len(paras) // -(-len(paras) // MAX_BULLETS))
        for n, para in enumerate(paras):
            if n and n % per == 0:
                self._break_page()
            self.add(para)

    def lead_in_words(self) -> int:
        """Words of a lead-in line ending the page so far (it goes with what follows)."""
        return self._paras[-1].words if self._paras and _is_lead_in(self._paras[-1]) else 0

    def _word_budget(self) -> int:
        if not self._max_words:
            return 1 << 30
        return self._max_words - _words(self._title) - _words(self._cont)

    def add(self, para: Para) -> None:
        if para.bullet and self._bullets >= MAX_BULLETS:
            self._break_page()
        budget = self._word_budget()
        if para.words > budget:  # longer than a page may carry: in pieces, at sentence ends
            for n, piece in enumerate(_split_words(para.text, budget - _words(para.label))):
                self.add(replace(para, text=piece, marker=para.marker and n == 0,
                                 label=para.label if n == 0 else ""))
            return
        if self._paras and self._words + para.words > budget:
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
              max_rows: int = 0, size: float = TABLE_PT) -> None:
        if not rows:
            return
        widths = _column_widths(rows, self._body.width, weights)
        rows = _split_tall_rows(rows, widths, _pt(self._body.height), size)
        heights = [_row_height(row, widths, size) for row in rows]
        header, body = heights[0], list(zip(rows[1:], heights[1:], strict=True))
        budget = self._word_budget()
        header_words = sum(_words(c) for c in rows[0])
        if self._paras:  # below the text only if it all fits there, or it could never fit a page
            whole = header + sum(h for _, h in body)
            fits_here = whole <= self._table_room() and (not max_rows or len(body) <= max_rows)
            fits_alone = whole <= _pt(self._body.height)
            words = self._words + header_words + sum(_words(c) for r in rows[1:] for c in r)
            fits_here = fits_here and words <= budget
            if not fits_here and (fits_alone or self._table_room() < header + body[0][1]
                                  or self._words + header_words + _row_words(body[0][0]) > budget):
                self._break_page()
        chunks = self._chunks(body, header, header_words, budget, max_rows)
        if len(chunks) > 1:  # as even as the limits allow: no page of one row after a full one
            total = sum(_row_words(r) for r, _ in body)
            even_words = -(-total // len(chunks)) + header_words if self._max_words else budget
            even_rows = -(-len(body) // len(chunks))
            for cap in range(min(even_words, budget), budget + 1):
                rows_cap = max_rows and max(even_rows, min(max_rows, even_rows + cap - even_words))
                balanced = self._chunks(body, header, header_words, cap, rows_cap)
                if len(balanced) == len(chunks):
                    chunks = balanced
                    break
        for taken in chunks:
            self._close_with_table(TableChunk(
                [rows[0]] + [r for r, _ in taken], widths,
                [int(header * EMU_PER_PT)] + [int(h * EMU_PER_PT) for _, h in taken], size))

    def _chunks(self, body: list, header: float, header_words: int, budget: int,
                max_rows: int) -> list[list]:
        """Rows in pages: the first below any text already on the page, each within the
        height, the words and the row count."""
        chunks, body, first = [], list(body), True
        while body:
            room = self._table_room() if first else _pt(self._body.height)
            words = (self._words if first else 0) + header_words
            taken, used = [], header
            while body and (not max_rows or len(taken) < max_rows) \
                    and (not taken or (used + body[0][1] <= room
                                       and words + _row_words(body[0][0]) <= budget)):
                row, height = body.pop(0)
                taken.append((row, height))
                used += height
                words += _row_words(row)
            chunks.append(taken)
            first = False
        return chunks

    def finish(self) -> list[Page]:
        self._flush()
        if self._notes:  # notes after the last text go with the last page
            if not self.pages:
                self.pages.append(Page(self._title))  # nothing to show: a carrier of notes
            self.pages[-1].notes += self._notes
            self._notes = []
        self._no_orphans()
        return self.pages

    def _no_orphans(self) -> None:
        """A continued page with a single item joins the page before when it fits there, or
        takes that page's last item (with its lead-in) so that neither stands alone."""
        n = 1
        while n < len(self.pages):
            before, page = self.pages[n - 1], self.pages[n]
            if page.title != f"{before.title.removesuffix(' ' + self._cont)} {self._cont}" \
                    or page.diagram:
                n += 1
                continue
            if before.diagram or (before.table is not None and page.table is None):
                # a line left after a picture or a table is said over it, from the notes
                if page.table is None and len(page.paras) == 1:
                    before.notes += [page.paras[0].text, *page.notes]
                    del self.pages[n]
                    continue
                n += 1
                continue
            if page.table is None and before.table is None and len(page.paras) == 1:
                merged = before.paras + page.paras
                if self._fits(merged, before.title):
                    before.paras, before.notes = merged, before.notes + page.notes
                    before.text_height = self._height(merged)
                    del self.pages[n]
                    continue
                if not page.paras[0].bullet and page.paras[0].style != "key":
                    # a closing remark alone: said over the page before, from its notes
                    before.notes += [page.paras[0].text, *page.notes]
                    del self.pages[n]
                    continue
                take = 2 if len(before.paras) > 3 and _is_lead_in(before.paras[-2]) else 1
                moved = before.paras[-take:]
                if len(before.paras) - take >= 2 and self._fits(moved + page.paras, page.title):
                    before.paras, page.paras = before.paras[:-take], moved + page.paras
                    before.text_height = self._height(before.paras)
                    page.text_height = self._height(page.paras)
            elif page.table is not None and before.table is not None and not page.paras \
                    and len(page.table.rows) == 2 and len(before.table.rows) >= 4 \
                    and page.table.column_widths == before.table.column_widths:
                page.table.rows.insert(1, before.table.rows.pop())
                page.table.row_heights.insert(1, before.table.row_heights.pop())
            n += 1

    def _height(self, paras: list[Para]) -> float:
        return sum(PARA_GAP_PT + _text_height(len(_wrap(
            p.label + " " + p.text if p.label else p.text,
            self._body.width - 2 * INSET_X - _indent(p), p.size)), p.size) for p in paras)

    def _fits(self, paras: list[Para], title: str) -> bool:
        words = _words(title) + sum(p.words for p in paras)
        return (self._height(paras) <= self._capacity
                and sum(p.bullet for p in paras) <= MAX_BULLETS
                and (not self._max_words or words <= self._max_words))

    def _place(self, para: Para, lines: int) -> None:
        self._paras.append(para)
        self._used += PARA_GAP_PT + _text_height(lines, para.size)
        self._bullets += para.bullet
        self._words += para.words

    def _table_room(self) -> float:
        """Points left for a table in the body box, below any lead-in text."""
        room = _pt(self._body.height)
        if self._paras:
            room -= self._used + _pt(2 * INSET_Y + TABLE_GAP)
        return room

    def _break_page(self) -> None:
        """A new page because the next item does not fit; a trailing lead-in goes with it."""
        lead_in = None
        if len(self._paras) == 1 and _is_lead_in(self._paras[0]):
            # a lead-in that cannot share a page with what it introduces is said, not shown
            self._notes.append(self._paras[0].text)
            self._reset()
            return
        if len(self._paras) > 1 and not self._paras[-1].bullet \
                and self._paras[-1].text.rstrip().endswith(":"):
            lead_in = self._paras.pop()
        self._flush()
        if lead_in is not None:
            width = self._body.width - 2 * INSET_X - _indent(lead_in)
            self._place(lead_in, len(_wrap(lead_in.text, width, lead_in.size)))

    def _close_with_table(self, chunk: TableChunk) -> None:
        self.pages.append(Page(self._next_title(), self._paras, chunk, self._used, self._notes))
        self._notes = []
        self._reset()

    def _flush(self) -> None:
        if self._paras:
            self.pages.append(Page(self._next_title(), self._paras, None, self._used,
                                   self._notes))
            self._notes = []
        self._reset()

    def _reset(self) -> None:
        self._paras, self._used, self._bullets, self._words = [], 0.0, 0, 0

    def _next_title(self) -> str:
        seen = self._titles_used[self._title]
        self._titles_used[self._title] += 1
        return self._title if not seen else f"{self._title} {self._cont}"


def _is_lead_in(para: Para) -> bool:
    return not para.bullet and para.text.rstrip().endswith(":")


def _row_words(row: tuple[str, ...]) -> int:
    return sum(_words(cell) for cell in row)


def _split_words(text: str, budget: int) -> list[str]:
    """Text in pieces of at most `budget` words, cut after a sentence where one ends in the
    second half of a piece."""
    words, pieces = text.split(), []
    budget = max(budget, 8)
    while len(words) > budget:
        cut = budget
        for n in range(budget, budget // 2, -1):
            if words[n - 1].endswith((".", "!", "?", ";")):
                cut = n
                break
        pieces.append(" ".join(words[:cut]))
        words = words[cut:]
    return pieces + [" ".join(words)] if words else pieces


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


def _cell_lines(text: str, width: int, size: float = TABLE_PT) -> list[str]:
    """A cell's wrapped lines; a line break in the text starts a new paragraph."""
    return [line for part in text.split("\n") for line in _wrap(part, width - 2 * INSET_X, size)]


def _row_height(row: tuple[str, ...], widths: list[int], size: float = TABLE_PT) -> float:
    lines = max(len(_cell_lines(cell, w, size)) for cell, w in zip(row, widths, strict=False))
    return _text_height(lines, size) + _pt(2 * INSET_Y)


def _split_tall_rows(rows: tuple[tuple[str, ...], ...], widths: list[int],
                     page_height: float, size: float = TABLE_PT) -> tuple[tuple[str, ...], ...]:
    """A row taller than a page (with its header) becomes several rows."""
    rows = tuple(tuple(r) + ("",) * (len(widths) - len(r)) for r in rows)
    room = page_height - _row_height(rows[0], widths, size) - _pt(2 * INSET_Y)
    max_lines = max(1, int(room // (size * LINE_HEIGHT)))
    result = [rows[0]]
    for row in rows[1:]:
        cells = [_cell_lines(cell, w, size) for cell, w in zip(row, widths, strict=False)]
        pieces = max(1, -(-max(len(c) for c in cells) // max_lines))
        if pieces == 1:
            result.append(row)  # as written, with its line breaks
            continue
        for n in range(pieces):
            result.append(tuple(" ".join(c[n * max_lines:(n + 1) * max_lines]) for c in cells))
    return tuple(result)

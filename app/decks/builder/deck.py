"""The deck: its slides in order, from the module's outline and sections."""

from __future__ import annotations

from app.content.model import Module, OutlineBlock, Section
from app.decks.builder.clock import _clock, _date_line, _short_activity, _span
from app.decks.builder.context import DeckContext
from app.decks.builder.labels import LABELS
from app.decks.builder.layouts import (
    CONTENT,
    LAYOUTS_NEEDING_BODY,
    SECTION,
    TITLE_ONLY,
    TITLE_SLIDE,
    _check_body_size,
    _layout,
)
from app.decks.builder.metrics import (
    AGENDA_WEIGHTS,
    BODY_PT,
    COVER_BODY_PTS,
    COVER_TITLE_PTS,
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    MAX_AGENDA_ROWS,
    SECTION_ACTIVITY_PT,
    SECTION_TITLE_PTS,
    SUB_PT,
    TABLE_GAP,
    TABLE_PT,
    TIME_PT,
    TITLE_PTS,
    Box,
    _clip,
    _fit_size,
    _lines_fit,
)
from app.decks.builder.pager import (
    Page,
    Para,
    TableChunk,
    _Pager,
)
from app.decks.builder.slides import _NewSlide, _SlideMaker, _Slot
from app.decks.builder.text import _fill_lines, _fill_paras, _set_height


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

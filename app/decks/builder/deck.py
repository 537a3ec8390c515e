"""The deck: its slides in order, from the module's outline and sections.

What a trainer would make by hand: a content slide carries at most MAX_WORDS words (the title
included); a paragraph longer than a slide line or two goes to that slide's speaker notes,
leaving its first sentence (and a lead-in to what follows) on the slide; "Key message:"
paragraphs lead their slide in bold; each exercise a block runs gets a slide with its task,
time, grouping and output; the cycle, a problem tree and the OGP Local calendar are drawn.
Every slide's notes are its own and end with the title of the slide that follows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from app.content.course import Module, OutlineBlock, Section
from app.decks.builder.cards import HOMEWORK, Card, Exercises, _first_words, card, join_lines
from app.decks.builder.clock import _clock, _date_line, _span, _times
from app.decks.builder.context import DeckContext
from app.decks.builder.diagrams import draw_calendar, draw_card, draw_cycle, draw_tree
from app.decks.builder.labels import CALENDAR_MENTION, CYCLE_MENTION, KEY_MESSAGE, LABELS
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
    MAX_WORDS,
    SECTION_ACTIVITY_PT,
    SECTION_TITLE_PTS,
    SUB_PT,
    TABLE_GAP,
    TIME_PT,
    TITLE_PTS,
    Box,
    _clip,
    _fit_size,
    _lines_fit,
    _words,
)
from app.decks.builder.pager import Page, Para, TableChunk, _Pager
from app.decks.builder.slides import _NewSlide, _SlideMaker, _Slot
from app.decks.builder.text import _fill_lines, _fill_paras, _set_height

KEY_PT, AGENDA_PT = 28, 14
SHORT_PARAGRAPH = 30  # words: a paragraph this short stays on the slide
STATEMENT_WORDS = 20  # words: a paragraph alone on a slide this short is set large
SLIDE_SENTENCE = 22  # words: the longest first sentence left on a slide for a long paragraph
STEP_ID = re.compile(r"\b[1-5]\.[1-4]\b")
TO_NOTES = ("exercise in session:", "homework:", "вправа на занятті:", "домашнє завдання:")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _is_cycle_table(rows: tuple[tuple[str, ...], ...], phases) -> bool:
    """A table of the cycle's steps (most of the 18 step numbers) or of its five phases (a
    row per phase, named in its first cell)."""
    text = " ".join(" ".join(r) for r in rows)
    if len(set(STEP_ID.findall(text))) >= 12:
        return True
    names = {t.casefold() for p in phases for t in (p.title, p.title_uk) if t}
    firsts = [re.sub(r"^\d\.\s*", "", r[0]).strip().casefold() for r in rows[1:] if r]
    return len(phases) >= 4 and sum(f in names for f in firsts) >= len(phases) - 1


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
        self.exercises = Exercises(context.exercises)
        self.drawn: set[str] = set()  # each diagram once a deck
        self.headings = Counter(b.text.casefold() for s in module.sections for b in s.blocks
                                if b.kind == "heading")
        self.made: list[tuple[Any, str, list[str]]] = []  # (slide, title, notes) in order

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
        self.made.append((new.slide, title, list(notes)))
        return new

    def name(self, text: str) -> str:
        return self.exercises.name(text)

    # the slides, in order

    def build(self) -> None:
        self._cover()
        self._paged(self.labels["objectives"], [Para(self.name(o), bullet=True) for o in
                                                self.module.objectives], self._objective_notes())
        self._agenda()
        blocks = self.module.outline
        for n, block in enumerate(blocks):
            following = blocks[n + 1].topic if n + 1 < len(blocks) else self.labels["takeaways"]
            if block.is_break:
                self._break(block, following)
            else:
                self._block(block, following)
        self._closing()
        self._write_notes()
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
        new = self._new_slide(TITLE_SLIDE, module.title, COVER_TITLE_PTS, self._cover_notes())
        box = new.body_box
        sized = next(([(line, s) for line in lines] for s in COVER_BODY_PTS
                      if _lines_fit([(line, s) for line in lines], box)), None)
        if sized is None:  # e.g. a very long online link: each line keeps its first two lines
            size = COVER_BODY_PTS[-1]
            sized = [(_clip(line, box.width - 2 * INSET_X, size, 2), size) for line in lines]
        _fill_lines(new.body, sized)

    def _cover_notes(self) -> list[str]:
        module, labels = self.module, self.labels
        notes = [labels["module"].format(id=module.id, minutes=module.duration_min)]
        if module.audience:
            notes += [labels["audience"], *(f"• {a}" for a in module.audience)]
        topics = {b.topic.casefold().strip() for b in module.outline}
        about = next((s for s in module.sections if s.title.casefold().strip() not in topics),
                     None)  # "About this module": what the trainer says to open
        if about is not None:
            notes += [self.name(p) for b in about.blocks if b.kind == "paragraph"
                      for p in join_lines(b.text)]
        return notes

    def _objective_notes(self) -> list[str]:
        notes = [self.labels["objectives"], *(f"• {o}" for o in self.module.objectives)]
        titles = [self._exercise_title(e) for e in self.module.exercises]
        if titles:
            notes += [self.labels["exercises"], *(f"• {t}" for t in titles)]
        return [self.name(n) for n in notes]

    def _exercise_title(self, exercise_id: str) -> str:
        found = self.exercises.find(exercise_id)
        return found.title if found else self.name(exercise_id)

    def _agenda(self) -> None:
        labels, start = self.labels, self.context.start
        rows = [(labels["time"], labels["topic"], labels["activity"])]
        notes = []
        for block in self.module.outline:
            rows.append((_times(block, start), block.topic,
                         "\n".join(self.name(a) for a in block.activities)))
            points = "; ".join(block.key_points)
            notes.append(f"{_times(block, start)} {block.topic}" + (f": {points}" if points else ""))
        pager = _Pager(labels["agenda"], self.body_box, labels["cont"])
        pager.table(tuple(rows), AGENDA_WEIGHTS, MAX_AGENDA_ROWS, AGENDA_PT)
        self._render(pager.finish(), [self.name(n) for n in notes])

    def _break(self, block: OutlineBlock, following: str) -> None:
        back = _clock(block.end_min, self.context.start)
        title = self.labels["break"].format(topic=block.topic, time=back)
        span = _span(block, self.context.start, self.labels)
        new = self._new_slide(SECTION, title, SECTION_TITLE_PTS,
                              [span, self.labels["next"].format(topic=following)])
        _fill_lines(new.body, [(span, TIME_PT)])

    def _block(self, block: OutlineBlock, following: str) -> None:
        section = self.module.section_for(block.topic)
        span = _span(block, self.context.start, self.labels)
        new = self._new_slide(SECTION, block.topic, SECTION_TITLE_PTS,
                              self._block_notes(block, following))
        lines = [(span, TIME_PT)]
        words = _words(block.topic) + _words(span)
        for activity in block.activities:  # as many as fit; all of them are in the notes
            activity = self.name(activity)
            candidate = lines + [(activity, SECTION_ACTIVITY_PT)]
            if not _lines_fit(candidate, new.body_box) or words + _words(activity) > MAX_WORDS:
                break
            lines, words = candidate, words + _words(activity)
        _fill_lines(new.body, lines)
        if section is not None and self._prose_only(section):
            # a few lines of prose (the welcome, the Q&A, the close) are the trainer's words:
            # they go with the block's slide, in its notes
            self.made[-1][2].extend(self.name(p) for b in section.blocks
                                    for p in join_lines(b.text))
            section = None
        if section is not None:
            pages = self._section_pages(block.topic, section)
            shown = [p for p in pages if p.paras or p.table or p.diagram]
            if shown:
                self._render(shown, [note for p in pages if p not in shown for note in p.notes])
            else:  # all of it is teaching text: to the notes of the block's slide
                self.made[-1][2].extend(note for p in pages for note in p.notes)
        exercises = self.exercises.in_session(block)
        for name, exercise in exercises:
            if exercise is not None and exercise.kind == "problem_tree" and "tree" not in self.drawn:
                self.drawn.add("tree")
                self._render([Page(exercise.title, diagram="tree",
                                   notes=[self.labels["tree_notes"]])], [])
            self._card(card(name, exercise, block, span, len(exercises), self.labels))

    def _prose_only(self, section: Section) -> bool:
        paragraphs = [b for b in section.blocks if b.kind == "paragraph"]
        return bool(paragraphs) and all(b.kind in ("paragraph", "notes") for b in section.blocks) \
            and not any(" ".join(b.text.split()).casefold().startswith(KEY_MESSAGE)
                        for b in paragraphs) \
            and sum(_words(b.text) for b in paragraphs) <= 2 * SHORT_PARAGRAPH

    def _block_notes(self, block: OutlineBlock, following: str) -> list[str]:
        labels = self.labels
        notes = [_span(block, self.context.start, labels)]
        for label, items in ((labels["key_points"], block.key_points),
                             (labels["activities"], block.activities),
                             (labels["notes_materials"], block.materials)):
            if items:
                notes += [label, *(f"• {self.name(item)}" for item in items)]
        notes.append(labels["next"].format(topic=following))
        return notes

    def _section_pages(self, topic: str, section: Section) -> list[Page]:
        labels = self.labels
        pager = _Pager(topic, self.body_box, labels["cont"], MAX_WORDS)
        phases = self.context.phases
        cycle_table = next((b for b in section.blocks if b.kind == "table"
                            and _is_cycle_table(b.rows, phases)),
                           None) if phases and "cycle" not in self.drawn else None
        text = " ".join(b.text + " " + " ".join(b.items) + " ".join(" ".join(r) for r in b.rows)
                        for b in section.blocks).casefold()
        for block in section.blocks:
            if block.kind == "heading":
                heading = self.name(block.text)
                if self.headings[heading.casefold()] > 1:  # "Key messages" of which topic?
                    if heading[1:2].islower():
                        heading = heading[:1].lower() + heading[1:]
                    heading = f"{topic}: {heading}"
                pager.heading(heading)
            elif block.kind == "paragraph":
                self._paragraph(pager, block.text)
            elif block.kind == "bullets":
                pager.group([Para(self.name(item.strip()), bullet=True,
                                  level=(len(item) - len(item.lstrip(" "))) // 2,
                                  size=SUB_PT if item.startswith(" ") else BODY_PT)
                             for item in block.items])
            elif block is cycle_table:
                self.drawn.add("cycle")
                pager.diagram("cycle")
                pager.note(labels["cycle_notes"])
                pager.note("; ".join(" — ".join(r) for r in block.rows[1:]))
            elif block.kind == "table":
                self._table_block(pager, topic, tuple(tuple(self.name(c) for c in r)
                                                      for r in block.rows))
            elif block.kind == "notes":
                pager.note(labels["trainer_notes"])
                for line in join_lines(block.text):
                    pager.note(self.name(line))
        if phases and "cycle" not in self.drawn and any(m in text for m in CYCLE_MENTION):
            self.drawn.add("cycle")
            pager.diagram("cycle", labels["cycle_title"])
            pager.note(labels["cycle_notes"])
        if "calendar" not in self.drawn and any(m in text for m in CALENDAR_MENTION):
            self.drawn.add("calendar")
            pager.diagram("calendar", labels["calendar_title"])
            pager.note(self._calendar_notes())
        return pager.finish()

    def _table_block(self, pager: _Pager, topic: str, rows: tuple[tuple[str, ...], ...]) -> None:
        """A table that fits a slide's words stays a table; a wordier one becomes a list of
        its first column (what a trainer would write up), the whole rows going to the notes."""
        words = sum(_words(c) for r in rows for c in r)
        if len(rows) < 2 or words + pager.lead_in_words() + _words(topic) \
                + _words(self.labels["cont"]) <= MAX_WORDS:
            pager.table(rows)
            return
        firsts = [r[0] for r in rows[1:] if r]
        labels = sum(1 for c in firsts if re.search(r"[^\W\d]", c)) >= len(firsts) / 2
        pager.group([Para(row[0] if labels or len(row) < 2 else f"{row[0]}: {row[1]}",
                          bullet=True) for row in rows[1:]])
        pager.note(" — ".join(rows[0]) + ":")
        for row in rows[1:]:
            pager.note("• " + " — ".join(c for c in row if c))

    def _calendar_notes(self) -> str:
        keys = ("start", "inception", "quarterly", "commitment_end", "end_assessment",
                "plan_end", "final_learning", "next_plan")
        return " ".join([self.labels["calendar_notes"],
                         *(self.labels[k].rstrip(".") + "." for k in keys)])

    def _paragraph(self, pager: _Pager, raw: str) -> None:
        """A key message leads its slide; a short paragraph stays; a long one goes to the
        notes, leaving its first sentence and a closing lead-in (ending in ':') if short."""
        text = self.name(" ".join(raw.split()))
        folded = text.casefold()
        marker = next((m for m in KEY_MESSAGE if folded.startswith(m)), None)
        if marker is not None:
            message = text[len(marker):].strip()
            message = message[:1].upper() + message[1:]
            if _words(message) > SHORT_PARAGRAPH + 10:  # keep its first sentence(s) in bold
                pager.note(text)
                message = _first_words(message, SHORT_PARAGRAPH)
            pager.add(Para(message, style="key", size=KEY_PT))
            return
        if folded.startswith(TO_NOTES):  # the exercise has a slide of its own, homework a list
            pager.note(text)
            return
        if _words(text) <= SHORT_PARAGRAPH:
            pager.add(Para(text))
            return
        sentences = SENTENCE_END.split(text)
        if _words(sentences[0]) <= SLIDE_SENTENCE:
            pager.add(Para(sentences[0]))
        pager.note(text)
        last = sentences[-1]
        if len(sentences) > 1 and last.endswith(":") and _words(last) <= SLIDE_SENTENCE:
            pager.add(Para(last))

    def _card(self, item: Card) -> None:
        labels = self.labels
        title = labels["exercise"].format(title=item.title)
        rest = [(labels["time_label"], item.time), (labels["grouping"], item.grouping),
                (labels["output"], item.output)]
        rest = [(label, text) for label, text in rest if text]
        used = _words(title) + sum(_words(a) + _words(b) for a, b in rest) + _words(labels["task"])
        notes = list(item.notes) or [title]
        notes.append(f"{labels['time_label']} {item.time}")
        fields = []
        if item.task:  # the task gives way only at sentence ends, unless one is too long
            fields.append(("task", labels["task"],
                           _first_words(item.task, max(12, MAX_WORDS - used))))
        keys = {labels["time_label"]: "time", labels["grouping"]: "grouping",
                labels["output"]: "output"}
        fields += [(keys[label], label, text) for label, text in rest]
        self._render([Page(title, diagram="card", data=tuple(fields))], notes)

    def _closing(self) -> None:
        module, labels = self.module, self.labels
        takeaways = module.key_takeaways or module.objectives
        materials = module.materials or tuple(dict.fromkeys(
            m for block in module.outline for m in block.materials))
        self._paged(labels["takeaways"], [Para(self.name(t), bullet=True) for t in takeaways],
                    [labels["takeaways"], *(f"• {self.name(t)}" for t in takeaways)])
        homework = self._homework()
        if homework:
            self._paged(labels["homework"], [Para(t, bullet=True) for t in homework],
                        [labels["homework_notes"], *(f"• {t}" for t in homework)])
        if materials:
            notes = [labels["materials"], *(f"• {self.name(m)}" for m in materials)]
            self._paged(labels["materials"], [Para(self.name(m), bullet=True)
                                              for m in materials], notes)

    def _homework(self) -> list[str]:
        """Titles of the exercises the module leaves for after the session."""
        titles: list[str] = []
        for block in self.module.outline:
            refs = [self._exercise_title(i) for i in getattr(block, "homework", ())]
            if not refs:
                for activity in block.activities:
                    kind, sep, rest = activity.partition(":")
                    if sep and f"{kind.strip().casefold()}:" in HOMEWORK:
                        found = self.exercises.find(rest)
                        refs.append(found.title if found else self.name(rest.strip()))
            titles += [t for t in refs if t not in titles]
        return titles

    def _paged(self, title: str, paras: list[Para], notes: list[str]) -> None:
        pager = _Pager(title, self.body_box, self.labels["cont"], MAX_WORDS)
        pager.group(paras)
        pages = pager.finish() or [Page(title)]
        self._render(pages, notes)

    # pages to slides

    def _render(self, pages: list[Page], notes: list[str]) -> None:
        """Slides for pages; `notes` go to the first, each page's own notes to its slide."""
        for n, page in enumerate(pages):
            own = (notes if n == 0 else []) + page.notes
            if not own and (page.paras or page.table):  # what the slide shows, to talk through
                shown = [p.text for p in page.paras]
                shown += [row[0] for row in page.table.rows[1:]] if page.table else []
                own = [self.labels["talk"], *(f"• {t}" for t in shown)]
            layout_name = CONTENT if page.paras else TITLE_ONLY
            new = self._new_slide(layout_name, page.title, TITLE_PTS, own)
            if page.diagram:
                self._draw(new.slide, page)
                continue
            table_top = self.body_box.top
            paras = page.paras
            if len(paras) == 1 and page.table is None and not paras[0].bullet \
                    and paras[0].style == "body" and _words(paras[0].text) <= STATEMENT_WORDS \
                    and not paras[0].text.rstrip().endswith(":"):
                paras = [replace(paras[0], style="key", size=KEY_PT)]  # a statement slide
            if paras:
                _fill_paras(new.body, paras)
                if page.table is not None:  # lead-in text above the table: shrink its box
                    height = min(self.body_box.height,
                                 round(page.text_height * EMU_PER_PT) + 2 * INSET_Y)
                    _set_height(new.body_sp, height)
                    table_top = self.body_box.top + height + TABLE_GAP
            if page.table is not None:
                self._table(new.slide, page.table, table_top)

    def _draw(self, slide, page: Page) -> None:
        area, shapes, kind = self.body_box, slide.shapes, page.diagram
        if kind == "card":
            draw_card(shapes, area, list(page.data))
        elif kind == "cycle":
            draw_cycle(shapes, area, self.context.phases, self.context.lang)
        elif kind == "tree":
            draw_tree(shapes, area, self.labels)
        elif kind == "calendar":
            draw_calendar(shapes, area, self.labels)

    def _table(self, slide, chunk: TableChunk, top: int) -> None:
        box = self.body_box
        frame = slide.shapes.add_table(len(chunk.rows), len(chunk.column_widths),
                                       box.left, top, box.width, sum(chunk.row_heights))
        table = frame.table
        for column, width in zip(table.columns, chunk.column_widths, strict=True):
            column.width = width
        for row, row_height in zip(table.rows, chunk.row_heights, strict=True):
            row.height = row_height
        for r, cells in enumerate(chunk.rows):
            for c, text in enumerate(cells):
                _fill_lines(table.cell(r, c)._tc.get_or_add_txBody(),
                            [(line, chunk.size) for line in text.split("\n")])

    def _write_notes(self) -> None:
        """Each slide's notes, ending with the next slide's title; a slide whose notes would
        repeat another's starts with its own title, so that no two are the same."""
        seen: set[str] = set()
        for n, (slide, title, notes) in enumerate(self.made):
            if n + 1 < len(self.made):
                notes = notes + [self.labels["next_slide"].format(title=self.made[n + 1][1])]
            if "\n".join(notes) in seen or not notes:
                notes = [title, *notes]
            if "\n".join(notes) in seen:
                notes = [f"{title} ({n + 1})", *notes[1:]]
            seen.add("\n".join(notes))
            self.maker.notes(slide, notes)

    def _properties(self) -> None:
        props = self.prs.core_properties
        props.title = self.module.title[:255]
        props.subject = f"{self.module.id} · OGP Local Training of Trainers"
        props.author = self.organisation[:255]
        props.language = self.labels["language"]
        props.keywords = "OGP Local; ToT; Spilno"
        props.comments = f"{self.module.id}, built by Spilno from {self.module.path}"
        props.last_modified_by = "Spilno"


"""Adding slides and notes pages quickly, from a prototype per layout."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart

from app.decks.builder.layouts import (
    BODY_TYPES,
    LAYOUTS_NEEDING_BODY,
    SECTION,
    TITLE_SLIDE,
    TITLE_TYPES,
)
from app.decks.builder.metrics import NOTES_PT, Box
from app.decks.builder.text import P_SP, P_TX_BODY, _fill_lines, _fixed_text_box

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


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
        if layout_name != TITLE_SLIDE:
            self._number(slide, layout_name)
        return _NewSlide(slide, shapes[0].find(P_TX_BODY), shapes[1] if body_slot else None,
                         body_slot.box if body_slot else None)

    def _number(self, slide, layout_name: str) -> None:
        """A slide-number placeholder (python-pptx never clones one) holding the number as a
        field, placed where the layout puts it; pale on the blue section slides."""
        slot = next((s for s in self.slots[layout_name] if s.kind == PP_PLACEHOLDER.SLIDE_NUMBER),
                    None)
        if slot is None:
            return
        tree = slide.shapes._spTree
        shape_id = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
        colour = "C7D7EE" if layout_name == SECTION else "6B7280"
        number = len(self.prs.slides._sldIdLst)
        b = slot.box
        tree.append(etree.fromstring(
            f'<p:sp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvSpPr>'
            f'<p:cNvPr id="{shape_id}" name="Slide Number {number}"/><p:cNvSpPr>'
            '<a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr><p:ph type="sldNum" sz="quarter" idx="{slot.idx}"/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{b.left}" y="{b.top}"/><a:ext cx="{b.width}"'
            f' cy="{b.height}"/></a:xfrm></p:spPr>'
            '<p:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="r"/>'
            f'<a:fld id="{FIELD_ID}" type="slidenum"><a:rPr lang="en-US" sz="1200">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:rPr><a:t>{number}</a:t>'
            '</a:fld></a:p></p:txBody></p:sp>'))

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

"""Generates spilno-16x9.pptx, the default deck template.

Run once after a change and ship the result: `.venv/bin/python -m app.decks.template`.
python-pptx's own template is 4:3 and its placeholders do not move when the slide size
changes, so every placeholder of the layouts we keep is placed explicitly for 13.333 x 7.5 in.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

TEMPLATE_PATH = Path(__file__).with_name("spilno-16x9.pptx")
SLIDE_WIDTH = Emu(12192000)  # 13.333 in
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in
BLUE, YELLOW, INK, WHITE = "0057B7", "FFD700", "1F2937", "FFFFFF"
# The theme font (headings and body). Arial is on every Windows and macOS machine and has
# Cyrillic; LibreOffice on Linux draws it with Liberation Sans, which has the same metrics (the
# same width for every glyph), so a line breaks at the same word everywhere. Calibri, python-
# pptx's default, is not on Linux, where LibreOffice fell back to the wider DejaVu Sans.
FONT = "Arial"
KEPT_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Title Only")

# (left, top, width, height) in inches
TITLE_BAR = (0, 0, 13.333, 1.3)
TITLE_BAR_ACCENT = (0, 1.3, 13.333, 0.08)
TITLE_BOX = (0.6, 0.1, 12.133, 1.1)
BODY_BOX = (0.6, 1.65, 12.133, 5.25)
FOOTER_BOXES = {
    PP_PLACEHOLDER.DATE: (0.6, 6.95, 3.0, 0.4),
    PP_PLACEHOLDER.FOOTER: (3.9, 6.95, 5.533, 0.4),
    PP_PLACEHOLDER.SLIDE_NUMBER: (9.733, 6.95, 3.0, 0.4),
}
COVER_TITLE_BOX = (0.9, 1.3, 11.533, 2.6)
COVER_ACCENT = (0.9, 4.05, 3.0, 0.1)
COVER_BODY_BOX = (0.9, 4.35, 11.533, 2.6)
SECTION_TITLE_BOX = (0.9, 1.4, 11.533, 2.6)
SECTION_ACCENT = (0.9, 4.15, 3.0, 0.1)
SECTION_BODY_BOX = (0.9, 4.45, 11.533, 2.45)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
THEME_COLOURS = {  # Office defaults -> ours, replaced in the theme XML
    b'<a:accent1><a:srgbClr val="4F81BD"/>': f'<a:accent1><a:srgbClr val="{BLUE}"/>'.encode(),
    b'<a:accent2><a:srgbClr val="C0504D"/>': f'<a:accent2><a:srgbClr val="{YELLOW}"/>'.encode(),
    b'<a:dk2><a:srgbClr val="1F497D"/>': f'<a:dk2><a:srgbClr val="{INK}"/>'.encode(),
    b'<a:clrScheme name="Office">': b'<a:clrScheme name="Spilno">',
    b'<a:fontScheme name="Office">': b'<a:fontScheme name="Spilno">',
    b'<a:latin typeface="Calibri"/>': f'<a:latin typeface="{FONT}"/>'.encode(),
}


def build_template() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for layout in list(prs.slide_layouts):
        if layout.name not in KEPT_LAYOUTS:
            prs.slide_layouts.remove(layout)
    _style_master(prs.slide_master)
    for layout in prs.slide_layouts:
        _style_layout(layout)
    prs.notes_master  # noqa: B018 - created now so each deck need not add one
    _set_properties(prs)
    out = io.BytesIO()
    prs.save(out)
    return _recolour_theme(out.getvalue())


def _box(spec: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    return tuple(int(Inches(v)) for v in spec)  # type: ignore[return-value]


def _place(shape, spec: tuple[float, float, float, float]) -> None:
    shape.left, shape.top, shape.width, shape.height = _box(spec)


def _style_master(master) -> None:
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _place(ph, TITLE_BOX)
        elif kind == PP_PLACEHOLDER.BODY:
            _place(ph, BODY_BOX)
        else:
            _place(ph, FOOTER_BOXES[kind])
        _no_autofit(ph._element)
    tree = master.shapes._spTree
    _add_rect(tree, "Title bar", TITLE_BAR, BLUE)
    _add_rect(tree, "Title bar accent", TITLE_BAR_ACCENT, YELLOW)
    _set_text_styles(master._element)


def _style_layout(layout) -> None:
    cover = layout.name == "Title Slide"
    section = layout.name == "Section Header"
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in FOOTER_BOXES:
            _place(ph, FOOTER_BOXES[kind])
        elif kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            _place(ph, COVER_TITLE_BOX if cover else SECTION_TITLE_BOX if section else TITLE_BOX)
            if cover or section:
                _placeholder_style(ph._element, size=4000 if cover else 3600, colour=WHITE,
                                   anchor="b", bold=True)
        else:
            _place(ph, COVER_BODY_BOX if cover else SECTION_BODY_BOX if section else BODY_BOX)
            if cover or section:
                _placeholder_style(ph._element, size=2000 if cover else 2400,
                                   colour=WHITE if cover else YELLOW, anchor="t", bold=False)
    if cover or section:
        _blue_background(layout)
        _add_rect(layout.shapes._spTree, "Accent", COVER_ACCENT if cover else SECTION_ACCENT,
                  YELLOW)


def _blue_background(layout) -> None:
    """A full-bleed blue background without the master's title bar."""
    layout._element.set("showMasterSp", "0")
    c_sld = layout._element.find(qn("p:cSld"))
    bg = etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill><a:srgbClr val="{BLUE}"/>'
        "</a:solidFill><a:effectLst/></p:bgPr></p:bg>")
    c_sld.insert(0, bg)


def _add_rect(sp_tree, name: str, spec: tuple[float, float, float, float], colour: str) -> None:
    """A plain filled rectangle drawn behind the placeholders (inserted right after grpSpPr)."""
    left, top, width, height = _box(spec)
    shape_id = max(int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr"))) + 1
    sp = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        "</p:spPr></p:sp>")
    sp_tree.insert(2, sp)  # after nvGrpSpPr and grpSpPr: behind everything else


def _no_autofit(sp) -> None:
    body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    if body_pr is None:
        return
    for child in list(body_pr):
        if child.tag in (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit")):
            body_pr.remove(child)
    body_pr.set("wrap", "square")
    etree.SubElement(body_pr, qn("a:noAutofit"))


def _placeholder_style(sp, size: int, colour: str, anchor: str, bold: bool) -> None:
    tx_body = sp.find(qn("p:txBody"))
    body_pr = tx_body.find(qn("a:bodyPr"))
    body_pr.attrib.clear()
    body_pr.set("anchor", anchor)
    body_pr.set("wrap", "square")
    for child in list(body_pr):
        body_pr.remove(child)
    etree.SubElement(body_pr, qn("a:noAutofit"))
    old = tx_body.find(qn("a:lstStyle"))
    new = etree.fromstring(
        f'<a:lstStyle xmlns:a="{A}"><a:lvl1pPr marL="0" indent="0" algn="l"><a:buNone/>'
        f'<a:defRPr sz="{size}" b="{int(bold)}" cap="none"><a:solidFill><a:srgbClr val="{colour}"/>'
        "</a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>")
    tx_body.replace(old, new)


def _set_text_styles(master_el) -> None:
    """Titles white on the blue bar, left-aligned; body text dark grey, blue bullets."""
    styles = master_el.find(qn("p:txStyles"))
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", "2800")
    rpr.set("b", "1")
    _solid_fill(rpr, WHITE)
    body = styles.find(qn("p:bodyStyle"))
    for level, size in zip(range(1, 10), (2000, 1800, *[1600] * 7), strict=True):
        ppr = body.find(qn(f"a:lvl{level}pPr"))
        rpr = ppr.find(qn("a:defRPr"))
        rpr.set("sz", str(size))
        _solid_fill(rpr, INK)
        bu_font = ppr.find(qn("a:buFont"))
        if bu_font is not None:
            bu_clr = etree.fromstring(f'<a:buClr xmlns:a="{A}"><a:srgbClr val="{BLUE}"/></a:buClr>')
            bu_font.addprevious(bu_clr)


def _solid_fill(rpr, colour: str) -> None:
    for fill in rpr.findall(qn("a:solidFill")):
        rpr.remove(fill)
    rpr.insert(0, etree.fromstring(
        f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="{colour}"/></a:solidFill>'))


def _set_properties(prs) -> None:
    props = prs.core_properties
    props.title = "Spilno 16:9"
    props.author = props.last_modified_by = "Spilno"
    props.language = "en-US"
    props.revision = 1
    props.created = props.modified = datetime(2025, 1, 1)


def _recolour_theme(data: bytes) -> bytes:
    """Ukraine blue and yellow as accent 1 and 2 (tables and bullets pick them up), and the
    theme font for headings and body text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item.filename)
            if item.filename.startswith("ppt/theme/"):
                for old, new in THEME_COLOURS.items():
                    blob = blob.replace(old, new)
            target.writestr(item, blob, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    TEMPLATE_PATH.write_bytes(build_template())
    print(f"wrote {TEMPLATE_PATH}")


if __name__ == "__main__":
    main()

"""The template: opened, checked for the layouts and room a deck needs, emptied of slides."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from app.decks.builder.context import TemplateError
from app.decks.builder.metrics import EMU_PER_INCH, Box

TITLE_SLIDE, CONTENT, SECTION, TITLE_ONLY = (
    "Title Slide", "Title and Content", "Section Header", "Title Only")
LAYOUTS_NEEDING_BODY = {TITLE_SLIDE: True, CONTENT: True, SECTION: True, TITLE_ONLY: False}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
KNOWN_RATIOS = {"16:9": 16 / 9, "4:3": 4 / 3, "16:10": 16 / 10, "3:2": 3 / 2, "1:1": 1.0,
                "A4": 297 / 210}

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

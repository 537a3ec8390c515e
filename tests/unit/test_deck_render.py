"""A sample deck rendered by LibreOffice: every word it draws stays inside the box of the
shape it belongs to (our text sizes are estimates, so this checks them against a real
renderer with the fallback font of Linux machines, Liberation Sans for Arial).

Needs `soffice` (apt-get install libreoffice-impress) and `pdftotext`/`pdftoppm`
(poppler-utils); skipped with the reason when they are missing, unless REQUIRE_BROWSER=1
(as in .ci/run), which makes a missing renderer a failure."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from app.content.services import load_library
from app.decks.builder import build_deck, context_for

ROOT = Path(__file__).resolve().parents[2]
EMU_PER_PT = 12700
TOLERANCE = 2.0  # points: a glyph's line box may touch the edge of its text box
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("soffice", "pdftotext", "pdftoppm")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        reason = (f"{', '.join(missing)} not installed: the LibreOffice render test needs "
                  "libreoffice-impress and poppler-utils")
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found  # type: ignore[return-value]


def render(pptx: Path, tool: dict[str, str]) -> Path:
    profile = pptx.parent / "lo-profile"  # its own profile: runs beside any other soffice
    subprocess.run([tool["soffice"], f"-env:UserInstallation=file://{profile}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(pptx.parent),
                    str(pptx)], check=True, capture_output=True, timeout=240)
    pdf = pptx.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def boxes(slide) -> list[tuple[float, float, float, float, str]]:
    """(left, top, right, bottom, name) in points of every shape that holds text."""
    found = []
    for shape in slide.shapes:
        has_text = (shape.has_text_frame and shape.text_frame.text.strip()) or shape.has_table
        if has_text:
            left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            found.append((left, top, left + shape.width / EMU_PER_PT,
                          top + shape.height / EMU_PER_PT, shape.name))
    return found


def inside(word: tuple[float, float, float, float], box) -> bool:
    """Across, the whole word; down, its middle and most of its height (a word's box is the
    font's whole line box, which may pass the frame by a few points in a line that fits)."""
    x0, y0, x1, y1 = word
    slack = max(TOLERANCE, (y1 - y0) * 0.25)
    return (x0 >= box[0] - TOLERANCE and x1 <= box[2] + TOLERANCE
            and box[1] <= (y0 + y1) / 2 <= box[3]
            and y0 >= box[1] - slack and y1 <= box[3] + slack)


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_libreoffice_pdf_keeps_every_word_inside_its_box(tmp_path, library, lang):
    tool = tools()
    module = library.translated("module", "M2", lang)[0]
    assert module is not None
    pptx = tmp_path / f"M2-{lang}.pptx"
    pptx.write_bytes(build_deck(module, context_for(library, lang)))
    prs = Presentation(io.BytesIO(pptx.read_bytes()))
    pdf = render(pptx, tool)
    layout = subprocess.run([tool["pdftotext"], "-bbox", str(pdf), "-"], check=True,
                            capture_output=True, text=True, timeout=120).stdout
    pages = PAGE.findall(layout)
    slides = list(prs.slides)
    assert len(pages) == len(slides)
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    outside = []
    drawn = 0
    for n, ((page_w, page_h, words), slide) in enumerate(zip(pages, slides, strict=True), 1):
        assert abs(float(page_w) - width) < 1 and abs(float(page_h) - height) < 1
        shape_boxes = boxes(slide)
        for x0, y0, x1, y1, text in WORD.findall(words):
            word = (float(x0), float(y0), float(x1), float(y1))
            drawn += 1
            if not any(inside(word, box) for box in shape_boxes):
                outside.append((n, html.unescape(text), [round(v) for v in word]))
    assert drawn > 1000  # the renderer really drew the deck's text
    assert not outside, outside[:10]

    pngs = tmp_path / "png"
    pngs.mkdir()
    subprocess.run([tool["pdftoppm"], "-r", "12", "-png", str(pdf), str(pngs / "slide")],
                   check=True, capture_output=True, timeout=120)
    assert len(list(pngs.glob("slide-*.png"))) == len(slides)

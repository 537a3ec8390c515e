"""The Ukrainian edition end to end: decks, agendas and pages follow the language."""

import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from app.content.services import load_library
from tests.conftest import ROOT

LIBRARY = load_library(ROOT)
CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


def deck_texts(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame


@pytest.mark.parametrize("module_id", [m.id for m in LIBRARY.modules])
def test_ukrainian_deck_of_every_module(plain_runner, tmp_path, module_id):
    module, note = LIBRARY.translated("module", module_id, "uk")
    assert note == "" and module.lang == "uk"
    out = tmp_path / "deck.pptx"
    result = plain_runner.invoke(args=["deck", module_id, "--lang", "uk", "-o", str(out)])
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    text = "\n".join(frame.text for frame in deck_texts(prs))
    breaks = tuple(f"{b.topic}, " for b in module.outline if b.is_break)  # "Перерва, повертаємося о"
    section_titles = [slide.shapes.title.text_frame.text for slide in prs.slides
                      if slide.slide_layout.name == "Section Header"
                      and not slide.shapes.title.text_frame.text.startswith(breaks or ("\0",))]
    assert [t.replace("\n", " ") for t in section_titles] == \
        [b.topic for b in module.outline if not b.is_break]  # every topic, in order
    assert module.title.split(":")[0] in text
    runs = [run for frame in deck_texts(prs) for p in frame.paragraphs for run in p.runs if run.text.strip()]
    cyrillic_runs = [r for r in runs if CYRILLIC.search(r.text)]
    assert cyrillic_runs and all(r._r.get_or_add_rPr().get("lang") == "uk-UA" for r in cyrillic_runs)


@pytest.mark.parametrize("module_id", [m.id for m in LIBRARY.modules])
def test_ukrainian_pdf_agenda_of_every_module(plain_runner, tmp_path, module_id):
    module = LIBRARY.translated("module", module_id, "uk")[0]
    out = tmp_path / "agenda.pdf"
    result = plain_runner.invoke(args=["agenda", module_id, "--start", "2027-03-01 10:00", "--lang",
                                       "uk", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join("".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "Асоціація міст України" in text and "10:00" in text
    for block in module.outline[:3]:
        assert " ".join(block.topic.split()[:2]) in text

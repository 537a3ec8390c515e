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


# --- the Ukrainian text: terminology the review asked for ----------------------------------------

UK_FILES = sorted([*(ROOT / "modules" / "uk").glob("*.md"), *(ROOT / "exercises" / "uk").glob("*.md")])
EXERCISE_IDS = [e.id for e in LIBRARY.exercises]


def _body(path):
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


@pytest.mark.parametrize("wrong, right", [
    ("дедлайн", "строк"), ("бюджет участі", "громадський бюджет"),
    ("Громадська підзвітність", "Публічна підзвітність"), ("Навчання на досвіді", "Винесення уроків"),
    ("сесія з вивчення уроків", "вправа з винесення уроків"), ("План навчання", "План винесення уроків"),
])
def test_ukrainian_terms_are_the_agreed_ones(wrong, right):
    offenders = [p.name for p in UK_FILES if wrong.casefold() in p.read_text(encoding="utf-8").casefold()]
    assert offenders == [], f"use «{right}» instead of «{wrong}»"


def test_ukrainian_text_uses_dashes_not_hyphens_and_no_exercise_ids():
    for path in UK_FILES:
        body = _body(path)
        assert not re.search(r"(?<=[\w»)]) - (?=[\w«(])", body), path.name
        assert not [i for i in EXERCISE_IDS if re.search(rf"(?<![\w/-]){i}(?![\w-])", body)], path.name


def test_english_module_text_names_exercises_by_title_not_id():
    for path in sorted([*(ROOT / "modules").glob("0*.md"), *(ROOT / "exercises").glob("*.md")]):
        body = _body(path)
        assert not [i for i in EXERCISE_IDS if re.search(rf"(?<![\w/-]){i}(?![\w-])", body)], path.name


def test_ogp_local_has_its_ukrainian_name_with_the_english_on_first_use():
    module = LIBRARY.translated("module", "M1", "uk")[0]
    first = module.body.index("OGP Local")
    assert " ".join(module.body[first - 60:first].split()).endswith(
        "Партнерство «Відкритий Уряд» на місцевому рівні (")

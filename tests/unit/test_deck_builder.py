"""The PPTX deck builder: every deck is reopened with python-pptx and checked."""

from __future__ import annotations

import ast
import io
import re
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from app.content.course import Exercise, FieldSpec, Module
from app.content.parser import parse_module
from app.content.services import load_library
from app.decks import builder
from app.decks.builder import DeckContext, TemplateError, build_deck

ROOT = Path(__file__).resolve().parents[2]
KYIV = ZoneInfo("Europe/Kyiv")
CYRILLIC = re.compile("[\u0400-\u04ff]")

FIXTURE = """---
id: M9
title: Fixture module
duration_min: 60
audience: [Trainers]
objectives: [Check the deck builder]
exercises: []
materials: [Handbook]
key_takeaways: [Decks split long content]
---
## Long list

Raw HTML stays text: <script>alert(1)</script>

{bullets}

::: notes
Ask who has run a forum before.
Then ask what they would change.
:::

## Session outline

| Time | Topic | Key points for trainers | Activities | Materials |
|---|---|---|---|---|
| 0:00-0:20 | Welcome | Introduce the trainers | Presentation | |
| 0:20-0:40 | Long list | Point one; point two | Discussion: what now? | Handbook |
| 0:40-0:50 | Break | | | |
| 0:50-1:00 | Conclusion | Recap | Closing | |
"""

UKRAINIAN = """---
id: M8
title: "Відкрите врядування в громаді"
duration_min: 30
audience: [Посадовці громад]
objectives: [Пояснити цінності відкритого врядування]
exercises: []
key_takeaways: [Прозорість, участь і підзвітність]
---
## Що таке відкрите врядування?

Відкрите врядування спирається на прозорість, участь і підзвітність (OGP Local).

- Прозорість: рішення ради публічні
- Участь громадян у плануванні

::: notes
Попросіть учасників навести приклад.
Запишіть приклади на фліпчарті.
:::

## План заняття

| Час | Тема | Ключові моменти для тренерів | Активності | Матеріали |
|---|---|---|---|---|
| 0:00-0:20 | Що таке відкрите врядування? | Наведіть приклади | Дискусія | Посібник OGP Local |
| 0:20-0:30 | Перерва | | | |
"""


# --- helpers --------------------------------------------------------------------------------


def parse(text: str, lang: str = "en") -> Module:
    module, issues = parse_module(text, "fixture.md", lang=lang)
    assert module is not None, [str(i) for i in issues]
    return module


def fixture_module(bullets: int = 12) -> Module:
    items = "\n".join(f"- Bullet number {n}" for n in range(1, bullets + 1))
    return parse(FIXTURE.format(bullets=items))


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def shape_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        elif shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def slide_text(slide) -> str:
    return "\n".join(shape_texts(slide))


def slide_words(slide) -> int:
    """Words a reader sees on a slide, the title included, the slide number not."""
    texts = []
    for shape in slide.shapes:
        if shape.name.startswith("Slide Number"):
            continue
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        elif shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return sum(1 for token in " ".join(texts).split() if re.search(r"\w", token))


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def bullet_count(slide) -> int:
    count = 0
    for shape in slide.shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                ppr = paragraph._p.pPr
                count += ppr is not None and ppr.find(qn("a:buChar")) is not None
    return count


def all_runs(prs):
    """Every a:r of every slide and notes page."""
    for slide in prs.slides:
        yield from slide._element.iter(qn("a:r"))
        if slide.has_notes_slide:
            yield from slide.notes_slide._element.iter(qn("a:r"))


def assert_inside(prs) -> None:
    width, height = prs.slide_width, prs.slide_height
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            where = f"slide {n}, shape {shape.name!r}"
            assert shape.left >= 0 and shape.top >= 0, where
            assert shape.left + shape.width <= width, where
            assert shape.top + shape.height <= height, where


def template_bytes(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT)


@pytest.fixture(scope="module")
def decks(library):
    """Each shipped module's deck, unscheduled and in English."""
    return {m.id: (m, open_deck(build_deck(m))) for m in library.modules}


# --- shipped modules ------------------------------------------------------------------------


def test_the_course_has_modules(library):
    assert len(library.modules) >= 5


def test_decks_are_16_by_9(decks):
    for _, prs in decks.values():
        assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
        assert prs.slide_width == 12192000


def test_every_outline_topic_appears_in_order(decks):
    for module, prs in decks.values():
        slides = list(prs.slides)
        after_agenda = max(n for n, s in enumerate(slides) if title_of(s).startswith("Agenda")) + 1
        position = after_agenda
        for block in module.outline:
            found = next((n for n in range(position, len(slides))
                          if block.topic in slide_text(slides[n])), None)
            assert found is not None, f"{module.id}: {block.topic!r} missing or out of order"
            position = found + 1


def test_every_slide_has_notes_that_cue_the_next_slide(decks):
    for module, prs in decks.values():
        slides = list(prs.slides)
        for n, slide in enumerate(slides, 1):
            assert notes_of(slide).strip(), f"{module.id} slide {n} has no notes"
        for slide, following in pairwise(slides):
            assert notes_of(slide).endswith(f"Next slide: {title_of(following)}")
        topics = [b.topic for b in module.outline]
        welcome = next(s for s in slides if title_of(s) == topics[0])  # the block's own slide
        assert f"Next: {topics[1]}" in notes_of(welcome)
        assert all(point in notes_of(welcome) for point in module.outline[0].key_points)


def test_no_shape_outside_the_slide(decks):
    for _, prs in decks.values():
        assert_inside(prs)


def test_at_most_six_bullets_on_any_slide(decks):
    for module, prs in decks.values():
        for n, slide in enumerate(prs.slides, 1):
            assert bullet_count(slide) <= 6, f"{module.id} slide {n}"


def test_section_content_and_tables_reach_the_slides_or_their_notes(decks, library):
    """A table too wordy for a slide shows its first column; every row is in the notes."""
    module, prs = decks["M2"]
    section = module.section_for("Phase 1 - Preparing")
    tables = [b for b in section.blocks if b.kind == "table"]
    assert tables
    text = "\n".join(slide_text(s) for s in prs.slides)
    notes = "\n".join(notes_of(s) for s in prs.slides)
    assert "1.1 Build a Team" in [title_of(s) for s in prs.slides]
    for table in tables:
        for row in table.rows[1:]:
            assert row[0].split(":")[0] in text
            assert " — ".join(c for c in row if c) in notes or all(c in text for c in row)


def test_proofing_language_on_every_run(decks):
    _, prs = decks["M2"]  # has "громадська рада" inside English sentences
    langs = set()
    for run in all_runs(prs):
        text = run.findtext(qn("a:t")) or ""
        lang = run.find(qn("a:rPr")).get("lang")
        assert lang == ("uk-UA" if CYRILLIC.search(text) else "en-US"), text
        langs.add(lang)
    assert langs == {"en-US", "uk-UA"}


def test_core_properties(decks):
    module, prs = decks["M1"]
    assert prs.core_properties.title == module.title
    assert prs.core_properties.language == "en-US"


# The build-time target (under 0.3 s a deck) is measured by `make bench`, not here.


# --- content limits -------------------------------------------------------------------------


def test_twelve_bullets_continue_on_cont_slides():
    prs = open_deck(build_deck(fixture_module(12)))
    slides = [s for s in prs.slides if title_of(s).startswith("Long list")]
    titles = [title_of(s) for s in slides]
    assert titles[0] == "Long list" and "Long list (cont.)" in titles
    counts = [bullet_count(s) for s in slides]
    assert sum(counts) == 12 and max(counts) <= 6
    text = "\n".join(slide_text(s) for s in slides)
    assert all(f"Bullet number {n}\n" in text + "\n" for n in range(1, 13))


def test_section_notes_go_to_the_sections_slides_joined_into_sentences():
    prs = open_deck(build_deck(fixture_module(3)))
    slides = [s for s in prs.slides if title_of(s).startswith("Long list")]
    divider, pages = slides[0], slides[1:]
    assert pages
    notes = "\n".join(notes_of(s) for s in pages)
    assert "Ask who has run a forum before. Then ask what they would change." in notes
    block = notes_of(divider)  # the block's own slide: its key points, activity and materials
    assert "Point one" in block and "Discussion: what now?" in block
    assert "Handbook" in block and "Next: Break" in block


def test_long_paragraph_goes_to_the_notes_without_losing_words():
    words = [f"word{n}" for n in range(900)]
    text = FIXTURE.format(bullets=" ".join(words))
    prs = open_deck(build_deck(parse(text)))
    notes = " ".join(notes_of(s) for s in prs.slides).split()
    assert [w for w in notes if w.startswith("word")] == words
    body = " ".join(slide_text(s) for s in prs.slides).split()
    assert not [w for w in body if w.startswith("word")]
    assert_inside(prs)


def test_long_bullet_is_split_across_slides_within_the_word_limit():
    words = [f"word{n}" for n in range(150)]
    prs = open_deck(build_deck(parse(FIXTURE.format(bullets="- " + " ".join(words)))))
    slides = [s for s in prs.slides if title_of(s).startswith("Long list")][1:]
    assert len(slides) >= 3
    body = " ".join(slide_text(s) for s in slides).split()
    assert [w for w in body if w.startswith("word")] == words
    assert all(slide_words(s) <= 60 for s in slides)
    assert_inside(prs)


def test_wordy_table_becomes_a_list_of_its_first_column_with_rows_in_the_notes():
    rows = "\n".join(f"| Row {n} | {'long cell text ' * (n % 4 + 1)}|" for n in range(40))
    text = FIXTURE.format(bullets=f"| Name | Detail |\n|---|---|\n{rows}")
    prs = open_deck(build_deck(parse(text)))
    slides = [s for s in prs.slides if title_of(s).startswith("Long list")][1:]
    shown = [line for s in slides for line in slide_text(s).split("\n")
             if line.startswith("Row ")]
    assert shown == [f"Row {n}" for n in range(40)]
    assert all(bullet_count(s) <= 6 for s in slides)
    notes = "\n".join(notes_of(s) for s in slides)
    assert "• Row 3 — long cell text long cell text long cell text long cell text" in notes
    assert_inside(prs)


def test_small_table_stays_a_table():
    text = FIXTURE.format(bullets="| Name | Detail |\n|---|---|\n| Forum | Meets monthly |")
    prs = open_deck(build_deck(parse(text)))
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert any(t.cell(1, 0).text == "Forum" and t.cell(1, 1).text == "Meets monthly"
               for t in tables)


def test_agenda_continues_after_seven_rows():
    rows = "\n".join(f"| 0:{n * 5:02d}-0:{n * 5 + 5:02d} | Topic {n} | Point | Talk | |"
                     for n in range(10))
    head = FIXTURE.split("## Session outline")[0].format(bullets="- One")
    text = head.replace("duration_min: 60", "duration_min: 50") + (
        "## Session outline\n\n| Time | Topic | Key points for trainers | Activities | Materials |"
        f"\n|---|---|---|---|---|\n{rows}\n")
    prs = open_deck(build_deck(parse(text)))
    agenda = [s for s in prs.slides if title_of(s).startswith("Agenda")]
    assert [title_of(s) for s in agenda] == ["Agenda", "Agenda (cont.)"]
    tables = [sh.table for s in agenda for sh in s.shapes if sh.has_table]
    assert all(len(t.rows) - 1 <= 7 for t in tables)
    assert sum(len(t.rows) - 1 for t in tables) == 10


def test_raw_script_tag_stays_literal_text():
    prs = open_deck(build_deck(fixture_module(2)))
    text = "\n".join(slide_text(s) for s in prs.slides)
    assert "Raw HTML stays text: <script>alert(1)</script>" in text


# --- scheduling and the title slide ---------------------------------------------------------


def test_unscheduled_deck_shows_offsets():
    prs = open_deck(build_deck(fixture_module(2)))
    text = "\n".join(slide_text(s) for s in prs.slides)
    assert "0:20–0:40 · 20 min" in text
    assert "Break, back at 0:50" in text


def test_scheduled_deck_shows_clock_times_and_title_details():
    context = DeckContext(start=datetime(2025, 5, 12, 10, 0, tzinfo=KYIV),
                          place="Vinnytsia city council, hall 2", checkin_code="K7Q2")
    prs = open_deck(build_deck(fixture_module(2), context))
    slides = list(prs.slides)
    text = "\n".join(slide_text(s) for s in slides)
    assert "10:20–10:40 · 20 min" in text
    assert "Break, back at 10:50" in text
    assert "0:20–0:40" not in text
    cover = slide_text(slides[0])
    for expected in ("Fixture module", "Association of Ukrainian Cities", "12 May 2025",
                     "10:00–11:00", "Vinnytsia city council, hall 2", "K7Q2"):
        assert expected in cover
    agenda = next(s for s in slides if title_of(s) == "Agenda")
    assert "10:40–10:50" in slide_text(agenda)


def test_organisation_can_be_named():
    prs = open_deck(build_deck(fixture_module(2), DeckContext(organisation="Lviv City Council")))
    assert "Lviv City Council" in slide_text(prs.slides[0])


# --- Ukrainian ------------------------------------------------------------------------------


def test_cyrillic_module_round_trips_with_ukrainian_labels():
    module = parse(UKRAINIAN, lang="uk")
    start = datetime(2025, 9, 3, 14, 0, tzinfo=KYIV)
    prs = open_deck(build_deck(module, DeckContext(lang="uk", start=start, checkin_code="Ж4")))
    slides = list(prs.slides)
    assert title_of(slides[0]) == "Відкрите врядування в громаді"
    cover = slide_text(slides[0])
    assert "Асоціація міст України" in cover and "3 вересня 2025" in cover and "Ж4" in cover
    titles = [title_of(s) for s in slides]
    for label in ("Мета", "Програма", "Що таке відкрите врядування?", "Ключові висновки"):
        assert label in titles
    text = "\n".join(slide_text(s) for s in slides)
    assert "Перерва, повертаємося о 14:30" in text
    assert "14:00–14:20 · 20 хв" in text
    assert "(OGP Local)" in text and "Прозорість: рішення ради публічні" in text
    notes = "\n".join(notes_of(s) for s in slides if title_of(s).startswith("Що таке"))
    assert "Попросіть учасників навести приклад. Запишіть приклади на фліпчарті." in notes
    assert prs.core_properties.title == "Відкрите врядування в громаді"
    assert prs.core_properties.language == "uk-UA"


def test_cyrillic_runs_are_proofed_in_ukrainian():
    prs = open_deck(build_deck(parse(UKRAINIAN, lang="uk"), DeckContext(lang="uk")))
    langs = {}
    for run in all_runs(prs):
        text = run.findtext(qn("a:t")) or ""
        lang = run.find(qn("a:rPr")).get("lang")
        assert lang == ("uk-UA" if CYRILLIC.search(text) else "en-US"), text
        langs[text] = lang
    assert "uk-UA" in langs.values()
    assert langs.get("OGP Local).") == "en-US"  # a Latin name inside Ukrainian text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        build_deck(fixture_module(2), DeckContext(lang="de"))


# --- templates ------------------------------------------------------------------------------


def test_default_python_pptx_template_is_refused_as_4_by_3():
    with pytest.raises(TemplateError) as error:
        build_deck(fixture_module(2), template=template_bytes(Presentation()))
    assert str(error.value) == (
        "template is 4:3 (10.00 x 7.50 in); a 16:9 template is needed")


@pytest.mark.parametrize("layout_name", ["Section Header", "Title Only"])
def test_template_without_a_needed_layout_is_refused(layout_name):
    renamed = Presentation(io.BytesIO(builder.default_template()))
    next(lo for lo in renamed.slide_layouts if lo.name == layout_name).name = "Something else"
    with pytest.raises(TemplateError, match=f"no layout named '{layout_name}'"):
        build_deck(fixture_module(2), template=template_bytes(renamed))

    removed = Presentation(io.BytesIO(builder.default_template()))
    removed.slide_layouts.remove(
        next(lo for lo in removed.slide_layouts if lo.name == layout_name))
    with pytest.raises(TemplateError, match=f"no layout named '{layout_name}'"):
        build_deck(fixture_module(2), template=template_bytes(removed))


def test_a_body_placeholder_too_small_to_split_content_into_is_refused():
    prs = Presentation(io.BytesIO(builder.default_template()))
    layout = next(lo for lo in prs.slide_layouts if lo.name == "Title and Content")
    next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1).height = 400000
    with pytest.raises(TemplateError, match="'Title and Content' has a body placeholder of"):
        build_deck(fixture_module(2), template=template_bytes(prs))


def test_a_file_that_is_not_a_presentation_is_refused():
    with pytest.raises(TemplateError, match="not a readable"):
        build_deck(fixture_module(2), template=b"not a pptx")


def test_an_organisations_template_is_used_and_kept_on_the_slide():
    """python-pptx's default made 16:9 without moving anything, plus a body placeholder
    pushed past the right edge: the deck still builds and every shape stays on the slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    layout = next(lo for lo in prs.slide_layouts if lo.name == "Title and Content")
    body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    body.left = 10000000
    prs.slides.add_slide(layout).shapes.title.text = "Sample slide"  # not part of a deck
    deck = open_deck(build_deck(fixture_module(12), template=template_bytes(prs)))
    assert_inside(deck)
    assert "Sample slide" not in "\n".join(slide_text(s) for s in deck.slides)
    assert any(title_of(s) == "Long list (cont.)" for s in deck.slides)


def test_shipped_template_is_16_by_9_with_named_layouts_on_the_slide():
    prs = Presentation(io.BytesIO(builder.default_template()))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    names = {lo.name for lo in prs.slide_layouts}
    assert {"Title Slide", "Title and Content", "Section Header", "Title Only"} <= names
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            assert ph.left >= 0 and ph.top >= 0
            assert ph.left + ph.width <= prs.slide_width
            assert ph.top + ph.height <= prs.slide_height


# --- purity ---------------------------------------------------------------------------------


def test_builder_imports_no_web_or_database_code():
    files = sorted(Path(builder.__file__).parent.glob("*.py"))
    assert len(files) > 5  # a package along its sections
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported
                    if name.split(".")[0] in ("flask", "sqlalchemy")
                    or name.startswith("app.db")}, path.name


# --- exercise slides ------------------------------------------------------------------------

EXERCISE_MODULE = FIXTURE.replace(
    "| 0:20-0:40 | Long list | Point one; point two | Discussion: what now? | Handbook |",
    "| 0:20-0:40 | Long list | Point one | Exercise: forum-check; Exercise: mystery-task | |")


def forum_check(minutes: int = 0) -> Exercise:
    field = FieldSpec(id="forum", label="Forum", type="text", required=True)
    return Exercise(id="forum-check", title="Forum check", module="M9", step="1.2",
                    mode="individual", kind="form", summary="Check the forum. Then fix it.",
                    fields=(field,), checks=(), body="::: notes\nAsk who\nhas a forum.\n:::\n",
                    path="exercises/forum-check.md", content_hash="x", minutes=minutes)


def tiles(slide) -> dict[str, str]:
    return {sh.name.removeprefix("Exercise: "): sh.text_frame.text for sh in slide.shapes
            if sh.name.startswith("Exercise: ")}


def test_exercise_slide_falls_back_to_the_blocks_time_without_minutes():
    prs = open_deck(build_deck(parse(EXERCISE_MODULE.format(bullets="- One")),
                               DeckContext(exercises=(forum_check(),))))
    slides = {title_of(s): s for s in prs.slides}
    card = tiles(slides["Exercise: Forum check"])
    assert card["time"] == "Time\nwithin the block, 0:20–0:40 · 20 min"  # shared by two
    assert card["grouping"] == "Grouping\nIndividually"
    assert card["output"] == "Output\nCompleted sheet: Forum"
    assert card["task"] == "Task\nCheck the forum. Then fix it."
    assert "Ask who has a forum." in notes_of(slides["Exercise: Forum check"])
    # an exercise the course does not have is named in words, never by its id
    assert "Exercise: Mystery task" in slides
    text = "\n".join(slide_text(s) for s in prs.slides)
    assert "forum-check" not in text and "mystery-task" not in text


def test_exercise_slide_gives_the_exercises_own_minutes():
    prs = open_deck(build_deck(parse(EXERCISE_MODULE.format(bullets="- One")),
                               DeckContext(exercises=(forum_check(12),))))
    card = next(tiles(s) for s in prs.slides if title_of(s) == "Exercise: Forum check")
    assert card["time"] == "Time\n12 min"

"""The decks as a trainer gets them: every module's deck, in English and Ukrainian, reopened
with python-pptx and read slide by slide (issue 18, items 8-12)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from app.content.services import load_library
from app.decks.builder import LABELS, build_deck, context_for, default_template
from app.decks.builder.cards import join_lines

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT)
LANGS = ("en", "uk")
MAX_WORDS = 60


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def texts(slide, numbers: bool = False) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.name.startswith("Slide Number") and not numbers:
            continue
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        elif shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def words(slide) -> int:
    return sum(1 for token in " ".join(texts(slide)).split() if re.search(r"\w", token))


def is_diagram(slide) -> bool:
    return any(shape.name.startswith("Diagram: ") for shape in slide.shapes)


def paragraphs(slide) -> int:
    """Paragraphs with text in the body (not the title, not the slide number)."""
    count = 0
    for shape in slide.shapes:
        if shape.has_text_frame and shape != slide.shapes.title \
                and not shape.name.startswith("Slide Number"):
            count += sum(1 for p in shape.text_frame.paragraphs if p.text.strip())
    return count


IDS = sorted((m.id, lang) for m in LIBRARY.modules for lang in LANGS)


class _Decks(dict):
    """Each deck built once, when a test first asks for it (not while collecting)."""

    def __missing__(self, key):
        module = LIBRARY.translated("module", key[0], key[1])[0]
        prs = Presentation(io.BytesIO(build_deck(module, context_for(LIBRARY, key[1]))))
        self[key] = (module, prs)
        return self[key]

    def all(self):
        return [(key, self[key]) for key in IDS]


DECKS = _Decks()


def agenda_slides(prs, lang):
    label = LABELS[lang]["agenda"]
    return [s for s in prs.slides if title_of(s).startswith(label)]


def test_every_module_has_a_deck_in_both_languages():
    assert len(LIBRARY.modules) >= 4
    assert {lang for _, lang in IDS} == set(LANGS)
    ran = [e for m in LIBRARY.modules for b in m.outline for e in getattr(b, "exercises", ())]
    assert len(ran) >= 3  # the exercise-slide test below has exercises to look at


@pytest.mark.parametrize("key", IDS)
def test_at_most_sixty_words_on_a_slide(key):
    """The title counts; the agenda (a table of the whole session) and the drawn diagrams
    (the 18 steps are the picture) are the only slides allowed more."""
    _, prs = DECKS[key]
    agenda = agenda_slides(prs, key[1])
    for n, slide in enumerate(prs.slides, 1):
        if slide in agenda or is_diagram(slide):
            continue
        assert words(slide) <= MAX_WORDS, (key, n, title_of(slide), words(slide))


@pytest.mark.parametrize("key", IDS)
def test_each_slide_has_notes_of_its_own(key):
    _, prs = DECKS[key]
    notes = [notes_of(s) for s in prs.slides]
    assert all(n.strip() for n in notes)
    assert len(set(notes)) == len(notes), [n[:60] for n in notes if notes.count(n) > 1]


@pytest.mark.parametrize("key", IDS)
def test_slides_are_numbered(key):
    _, prs = DECKS[key]
    for n, slide in enumerate(prs.slides, 1):
        fields = [f for shape in slide.shapes if shape.name.startswith("Slide Number")
                  for f in shape._element.iter(qn("a:fld")) if f.get("type") == "slidenum"]
        if n == 1:
            assert not fields  # the cover carries none
            continue
        assert len(fields) == 1, (key, n)
        assert fields[0].findtext(qn("a:t")) == str(n)


@pytest.mark.parametrize("key", IDS)
def test_no_exercise_id_in_slide_text_or_notes(key):
    _, prs = DECKS[key]
    ids = re.compile(r"(?<![\w-])(" + "|".join(re.escape(e.id) for e in LIBRARY.exercises)
                     + r")(?![\w-])")
    for n, slide in enumerate(prs.slides, 1):
        assert not ids.search("\n".join(texts(slide))), (key, n)
        assert not ids.search(notes_of(slide)), (key, n)


@pytest.mark.parametrize("key", IDS)
def test_exercise_slides_give_task_time_grouping_and_output(key):
    module, prs = DECKS[key]
    labels = LABELS[key[1]]
    slides = {title_of(s): s for s in prs.slides}
    ran = [e for b in module.outline for e in getattr(b, "exercises", ())]
    for exercise_id in ran:
        exercise = LIBRARY.translated("exercise", exercise_id, key[1])[0]
        title = labels["exercise"].format(title=exercise.title)
        assert title in slides, (key, title)
        tiles = {sh.name: sh.text_frame.text for sh in slides[title].shapes
                 if sh.name.startswith("Exercise: ")}
        for tile, label in (("task", "task"), ("time", "time_label"), ("grouping", "grouping"),
                            ("output", "output")):
            head, _, text = tiles[f"Exercise: {tile}"].partition("\n")
            assert head == labels[label].rstrip(":") and len(text) > 2, (key, title, tile)
        if exercise.minutes:
            assert tiles["Exercise: time"].endswith(f"{exercise.minutes} {labels['min']}")


@pytest.mark.parametrize("key", IDS)
def test_no_continued_slide_with_a_single_item(key):
    _, prs = DECKS[key]
    cont = LABELS[key[1]]["cont"]
    for n, slide in enumerate(prs.slides, 1):
        if title_of(slide).endswith(cont) and not is_diagram(slide):
            tables = [sh.table for sh in slide.shapes if sh.has_table]
            items = paragraphs(slide) + sum(len(t.rows) - 1 for t in tables)
            assert items > 1, (key, n, title_of(slide))


@pytest.mark.parametrize("key", IDS)
def test_agenda_keeps_every_activity_in_full(key):
    """Named by title rather than id, but with its question or purpose, not cut to a word."""
    module, prs = DECKS[key]
    agenda = " ".join(" ".join(" ".join(texts(s)).split()) for s in agenda_slides(prs, key[1]))
    for block in module.outline:
        for activity in block.activities:
            kind, _, rest = activity.partition(":")
            named = LIBRARY.exercise(rest.strip())
            expected = f"{kind}: {named.title}" if named else activity
            assert " ".join(expected.split()) in agenda, (key, activity)


@pytest.mark.parametrize("key", IDS)
def test_trainer_notes_are_joined_into_sentences(key):
    """A `::: notes` block reaches the notes with the source's line breaks joined."""
    module, prs = DECKS[key]
    notes = " ".join(notes_of(s) for s in prs.slides)
    for section in module.sections:
        if module.section_for(section.title) is None or not any(
                b.topic.casefold() == section.title.casefold() for b in module.outline):
            continue
        for text in section.notes:
            for paragraph in join_lines(text):
                if not re.search(r"\b[a-z]+(-[a-z]+){2,}\b", paragraph):  # ids become titles
                    assert paragraph in notes, (key, paragraph[:60])


def diagram_shapes(prs, prefix: str) -> list:
    return [sh for s in prs.slides for sh in s.shapes if sh.name.startswith(f"Diagram: {prefix}")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_cycle_is_drawn_with_five_phases_and_eighteen_steps(lang):
    drawn = [prs for (_, deck_lang), (_, prs) in DECKS.all() if deck_lang == lang and diagram_shapes(prs, "step")]
    assert drawn
    for prs in drawn:
        steps = diagram_shapes(prs, "step ")
        phases = diagram_shapes(prs, "phase ")
        assert len(phases) == 5 and len(steps) == 18
        text = " ".join(sh.text_frame.text for sh in steps)
        for phase in LIBRARY.phases:
            for step in phase.steps:
                name = step.title_uk if lang == "uk" else step.title
                assert f"{step.id} {name}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_problem_tree_has_its_shape(lang):
    labels = LABELS[lang]
    for (_, deck_lang), (module, prs) in DECKS.all():
        if deck_lang != lang or "problem-tree" not in [e for b in module.outline
                                               for e in getattr(b, "exercises", ())]:
            continue
        effects, causes = diagram_shapes(prs, "effect "), diagram_shapes(prs, "cause ")
        roots, trunk = diagram_shapes(prs, "root "), diagram_shapes(prs, "core problem")
        assert len(effects) == 3 and len(causes) == 3 and len(roots) == 6 and len(trunk) == 1
        assert all(e.top + e.height <= trunk[0].top for e in effects)  # branches above
        assert all(c.top >= trunk[0].top + trunk[0].height for c in causes)  # roots below
        assert all(r.top >= max(c.top + c.height for c in causes) for r in roots)
        assert trunk[0].text_frame.text == labels["problem_box"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_ogp_local_calendar_is_drawn_in_order(lang):
    labels = LABELS[lang]
    drawn = [prs for (_, deck_lang), (_, prs) in DECKS.all()
             if deck_lang == lang and diagram_shapes(prs, "inception")]
    if not drawn:
        pytest.skip("no module mentions the inception assessment in this content version")
    for prs in drawn:
        left = {key: diagram_shapes(prs, key)[0] for key in
                ("start mark", "inception mark", "end_assessment mark", "plan_end mark",
                 "final_learning mark", "next_plan mark")}
        xs = [left[k].left for k in left]
        assert xs == sorted(xs)  # start < +2 months < ... < next plan
        month = (left["inception mark"].left - left["start mark"].left) / 2
        assert abs((left["final_learning mark"].left - left["plan_end mark"].left) - 2 * month) < 2
        assert abs((left["next_plan mark"].left - left["plan_end mark"].left) - 4 * month) < 2
        assert len(diagram_shapes(prs, "quarter ")) == 4
        for key in ("inception", "end_assessment", "final_learning", "next_plan"):
            callout = next(sh for sh in diagram_shapes(prs, key) if sh.name == f"Diagram: {key}")
            assert callout.text_frame.text == labels[key]


def test_theme_font_is_arial_with_a_metric_compatible_fallback():
    with zipfile.ZipFile(io.BytesIO(default_template())) as pptx:
        theme = pptx.read("ppt/theme/theme1.xml").decode()
    assert theme.count('<a:latin typeface="Arial"/>') == 2  # headings and body
    assert "Calibri" not in theme


@pytest.mark.parametrize("lang", LANGS)
def test_key_message_slides_lead_with_the_message_in_bold(lang):
    """A "Key message: ..." paragraph opens its slide, without the label, in bold."""
    markers = ("key message:", "головна думка:", "ключове повідомлення:")
    seen = 0
    for key in IDS:
        if key[1] != lang:
            continue
        module, prs = DECKS[key]
        for section in module.sections:
            for block in section.blocks:
                text = " ".join(block.text.split())
                marker = next((m for m in markers if text.casefold().startswith(m)), None)
                if block.kind != "paragraph" or marker is None:
                    continue
                opening = text[len(marker):].strip()[:40]
                bodies = [sh for s in prs.slides for sh in s.shapes
                          if sh.has_text_frame and sh != s.shapes.title
                          and sh.text_frame.paragraphs[0].text.startswith(opening[:1].upper()
                                                                           + opening[1:])]
                assert bodies, (key, opening)
                first = bodies[0].text_frame.paragraphs[0]
                assert all(run.font.bold for run in first.runs), (key, opening)
                seen += 1
    assert seen >= 5

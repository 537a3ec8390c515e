"""The Ukrainian edition: structure must match the English, stale ones are reported."""

from pathlib import Path

from app.content.library import build_library
from app.content.services import content_files, load_library, read_files

ROOT = Path(__file__).resolve().parents[2]


def shipped() -> dict[str, str]:
    return read_files(content_files(ROOT), ROOT)


def test_every_module_exercise_and_plan_has_a_current_ukrainian_version():
    library = load_library(ROOT)
    assert library.errors == ()
    assert library.stale == frozenset()
    uk = library.translations["uk"]
    assert {f"module:{m.id}" for m in library.modules} <= set(uk)
    assert {f"exercise:{e.id}" for e in library.exercises} <= set(uk)
    assert {f"plan:{p.id}" for p in library.plans} <= set(uk)
    module, note = library.translated("module", "M1", "uk")
    assert note == "" and module.lang == "uk" and module.path == "modules/uk/01-basic-concepts.md"


def test_a_translation_is_stale_when_the_english_changes():
    files = shipped()
    path = "modules/01-basic-concepts.md"
    files[path] = files[path].replace("## About this module\n", "## About this module\n\nA new line.\n", 1)
    library = build_library(files)
    assert library.errors == ()
    stale = [str(i) for i in library.warnings if "stale" in str(i)]
    assert len(stale) == 1 and stale[0].startswith("modules/uk/01-basic-concepts.md:")
    assert "stale: modules/01-basic-concepts.md changed since this translation" in stale[0]
    module, note = library.translated("module", "M1", "uk")
    assert note == "stale" and module.lang == "en"  # the English is shown instead


def test_a_translation_with_other_outline_times_is_refused():
    files = shipped()
    path = "modules/uk/01-basic-concepts.md"
    # two blocks re-timed, each with a minute plan that still adds up to its new length
    files[path] = (files[path].replace("| 0:15-0:25 |", "| 0:15-0:30 |").replace("| 0:25-0:35 |", "| 0:30-0:35 |")
                   .replace("План хвилин: презентація 6, обговорення 4", "План хвилин: презентація 11, обговорення 4")
                   .replace("План хвилин: презентація 8, огляд", "План хвилин: презентація 3, огляд"))
    library = build_library(files)
    assert [str(i) for i in library.errors] == [
        "modules/uk/01-basic-concepts.md:1: differs from modules/01-basic-concepts.md in: outline times, "
        "minute plans"]
    assert library.translated("module", "M1", "uk")[1] == "stale"


def test_a_translation_with_other_exercise_ids_or_fields_is_refused():
    files = shipped()
    path = "modules/uk/02-prepare-discover-define.md"
    files[path] = files[path].replace("  - stakeholder-map\n", "", 1).replace(", stakeholder-map", "", 1)
    ex = "exercises/uk/problem-tree.md"
    files[ex] = files[ex].replace("id: evidence", "id: evidence_text", 1)
    errors = [str(i) for i in build_library(files).errors]
    assert "modules/uk/02-prepare-discover-define.md:1: differs from modules/02-prepare-discover-define.md in: exercise ids" in errors
    assert "exercises/uk/problem-tree.md:1: differs from exercises/problem-tree.md in: fields" in errors


def test_a_missing_translation_falls_back_to_english_with_a_note():
    files = {k: v for k, v in shipped().items() if k != "exercises/uk/swot-progress.md"}
    library = build_library(files)
    exercise, note = library.translated("exercise", "swot-progress", "uk")
    assert note == "missing" and exercise.lang == "en"


FIXTURES = ROOT / "tests" / "fixtures" / "content" / "parity"


def parity_files(uk_text: str | None = None) -> dict[str, str]:
    english = (FIXTURES / "09-parity.md").read_text(encoding="utf-8")
    ukrainian = uk_text if uk_text is not None else (FIXTURES / "uk" / "09-parity.md").read_text(encoding="utf-8")
    return {"modules/09-parity.md": english, "modules/uk/09-parity.md": ukrainian}


def test_a_translation_with_a_deleted_notes_block_fails():
    # the fixture's Ukrainian drops the notes of its second section
    errors = [str(i) for i in build_library(parity_files()).errors]
    assert errors == [("modules/uk/09-parity.md:1: body structure differs from modules/09-parity.md: "
                      "section 2 ('Тема') has 0 notes blocks, the source's ('Topic') has 1")]
    assert build_library(parity_files()).translated("module", "M9", "uk")[1] == "stale"


def test_a_translation_with_the_same_structure_passes():
    text = (FIXTURES / "uk" / "09-parity.md").read_text(encoding="utf-8").replace(
        "| 1 | 2 |\n", "| 1 | 2 |\n\n::: notes\n- підказка\n- ще одна підказка\n:::\n")
    assert build_library(parity_files(text)).errors == ()


def test_a_shortened_translation_fails_on_items_rows_and_headings():
    base = (FIXTURES / "uk" / "09-parity.md").read_text(encoding="utf-8").replace(
        "| 1 | 2 |\n", "| 1 | 2 |\n\n::: notes\n- підказка\n- ще одна підказка\n:::\n")
    cases = {
        "- два\n": "section 1 ('Вітання') has 1 list items, the source's ('Welcome') has 2",
        "| 1 | 2 |\n": "section 2 ('Тема') has 1 table rows, the source's ('Topic') has 2",
        "- ще одна підказка\n": "section 2 ('Тема') has 1 list items in notes, the source's ('Topic') has 2",
    }
    for removed, message in cases.items():
        errors = [str(i) for i in build_library(parity_files(base.replace(removed, "", 1))).errors]
        assert errors == [(f"modules/uk/09-parity.md:1: body structure differs from "
                          f"modules/09-parity.md: {message}")], removed


def test_shipped_translations_match_their_sources_section_by_section():
    from app.content.library import structure_difference

    library = load_library(ROOT)
    for key, item in library.translations["uk"].items():
        kind, item_id = key.split(":", 1)
        if kind == "plan":
            continue
        source = library.module(item_id) if kind == "module" else library.exercise(item_id)
        assert structure_difference(item.body, source.body) == "", item.path


def test_ukrainian_outlines_have_ukrainian_headers():
    library = load_library(ROOT)
    for module in library.modules:
        uk = library.translations["uk"][f"module:{module.id}"]
        assert "## План заняття" in uk.body and "| Час | Тема |" in uk.body
        assert "Session outline" not in uk.body

"""Every validation rule of DESIGN.md "Content formats", each with a faulty fixture."""

from pathlib import Path

import pytest

from app.content.library import build_library
from app.content.parser import parse_exercise, parse_module, parse_plan
from app.content.services import load_library

ROOT = Path(__file__).resolve().parents[2]

FRONT = """---
id: M9
title: Test module
duration_min: 30
audience: [Officials]
objectives: [Understand the test]
exercises: []
---
"""  # 8 lines: the body starts on line 9

OUTLINE = """## Topic one
Some text.

## Session outline
| Time | Topic | Key points for trainers | Activities | Materials |
|---|---|---|---|---|
| 0:00-0:10 | Welcome | Greet | Talk | |
| 0:10-0:30 | Topic one | Explain | Discuss | Handbook |
"""  # table header on line 13, rows on 15 and 16


def errors(text, path="modules/99-test.md"):
    _module, issues = parse_module(text, path)
    return [str(i) for i in issues if i.level == "error"]


def warnings(text, path="modules/99-test.md"):
    return [str(i) for i in parse_module(text, path)[1] if i.level == "warning"]


def test_a_valid_module_parses():
    module, issues = parse_module(FRONT + OUTLINE, "modules/99-test.md")
    assert issues == []
    assert [(b.start_min, b.end_min, b.topic) for b in module.outline] == [
        (0, 10, "Welcome"), (10, 30, "Topic one")]
    assert module.outline[1].materials == ("Handbook",)
    assert module.section_for("Topic one").blocks[0].text == "Some text."


def test_missing_front_matter():
    assert errors("# Just a heading\n") == [
        "modules/99-test.md:1: front matter missing: the file must start with a '---' line"]


def test_unclosed_front_matter():
    assert errors("---\nid: M9\n") == [
        "modules/99-test.md:1: front matter not closed: add a '---' line after it"]


def test_yaml_syntax_error_names_its_line():
    text = FRONT.replace("audience: [Officials]", "audience: [Officials") + OUTLINE
    result = errors(text)
    assert len(result) == 1 and result[0].startswith("modules/99-test.md:6: YAML:")


def test_required_front_matter_key_missing():
    text = FRONT.replace("objectives: [Understand the test]\n", "") + OUTLINE
    assert "modules/99-test.md:2: front matter: 'objectives' is required" in errors(text)


def test_yaml_no_is_not_a_title():
    text = FRONT.replace("title: Test module", "title: no") + OUTLINE
    assert errors(text) == [
        "modules/99-test.md:3: front matter: 'title' must be text, not the YAML boolean false (quote it)"]


def test_duration_must_be_a_whole_number():
    text = FRONT.replace("duration_min: 30", "duration_min: half an hour") + OUTLINE
    assert "modules/99-test.md:4: 'duration_min' must be a whole number above 0, not str 'half an hour'" \
        in errors(text)


def test_list_keys_must_be_lists():
    text = FRONT.replace("audience: [Officials]", "audience: Officials") + OUTLINE
    assert errors(text) == ["modules/99-test.md:5: front matter: 'audience' must be a list, not str 'Officials'"]


def test_no_outline_section():
    assert errors(FRONT + "## Topic one\nText.\n") == ["modules/99-test.md:9: no '## Session outline' section"]


def test_outline_headers_must_be_exact():
    text = FRONT + OUTLINE.replace("| Materials |", "| Slides |")
    assert errors(text) == [("modules/99-test.md:13: outline headers must be exactly: "
                            "Time | Topic | Key points for trainers | Activities | Materials")]


def test_outline_must_hold_one_table():
    text = FRONT + OUTLINE + "\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    assert errors(text) == ["modules/99-test.md:12: the session outline must hold exactly one table, not 2"]


def test_time_cell_format():
    text = FRONT + OUTLINE.replace("| 0:10-0:30 |", "| 10 to 30 |")
    assert "modules/99-test.md:16: time '10 to 30' is not H:MM-H:MM" in errors(text)


def test_first_block_starts_at_zero():
    text = FRONT + OUTLINE.replace("| 0:00-0:10 |", "| 0:05-0:10 |")
    assert errors(text) == ["modules/99-test.md:15: the first block starts at 0:05, not 0:00"]


def test_blocks_are_contiguous():
    text = FRONT + OUTLINE.replace("| 0:10-0:30 |", "| 0:15-0:30 |")
    assert errors(text) == ["modules/99-test.md:16: block starts at 0:15 but the previous one ends at 0:10"]


def test_block_ends_after_it_starts():
    text = FRONT + OUTLINE.replace("| 0:00-0:10 |", "| 0:00-0:00 |").replace("| 0:10-0:30 |", "| 0:00-0:30 |")
    assert errors(text) == ["modules/99-test.md:15: block ends at 0:00, not after its start 0:00"]


def test_last_block_ends_at_duration():
    text = FRONT.replace("duration_min: 30", "duration_min: 45") + OUTLINE
    assert errors(text) == ["modules/99-test.md:16: the last block ends at 0:30 but duration_min is 45 (0:45)"]


def test_topics_are_unique():
    text = FRONT + OUTLINE.replace("| 0:10-0:30 | Topic one |", "| 0:10-0:30 | Welcome |")
    assert errors(text) == ["modules/99-test.md:16: topic 'Welcome' repeats line 15"]


def test_exercise_ids_must_exist():
    text = FRONT.replace("exercises: []", "exercises: [no-such-exercise]") + OUTLINE
    library = build_library({"modules/99-test.md": text})
    assert [str(i) for i in library.errors] == ["modules/99-test.md:7: unknown exercise id 'no-such-exercise'"]


def test_duplicate_module_ids():
    text = FRONT + OUTLINE
    library = build_library({"modules/98-a.md": text, "modules/99-b.md": text})
    assert [str(i) for i in library.errors] == ["modules/99-b.md:2: id 'M9' is already used by modules/98-a.md"]


def test_long_bullets_and_crowded_headings_are_warnings():
    body = "## Topic one\n" + "".join(f"- point {n}\n" for n in range(7)) + "- " + "x" * 95 + "\n\n"
    text = FRONT + body + OUTLINE.split("\n", 3)[3]
    assert errors(text) == []
    assert warnings(text) == [
        "modules/99-test.md:17: warning: bullet of 95 characters (keep bullets under 90: slides wrap long lines)",
        "modules/99-test.md:9: warning: 8 bullets under one heading (at most 6 fit a slide; the deck continues them on another)",
    ]


def test_quiz_answers_must_point_at_options():
    text = FRONT.replace("exercises: []", "exercises: []\nquiz:\n  - question: Q?\n    type: single\n"
                         "    options: [a, b]\n    answer: [2]") + OUTLINE
    assert errors(text) == ["modules/99-test.md:12: quiz question 1: 'answer' must list option numbers from 0 to 1"]


EXERCISE = """---
id: sample
title: Sample
module: M1
step: "1.1"
mode: team
minutes: 10
fields:
  - id: name
    label: Name
    type: text
---
Do it.
"""


def ex_errors(text, path="exercises/sample.md"):
    return [str(i) for i in parse_exercise(text, path)[1] if i.level == "error"]


def test_a_valid_exercise_parses():
    exercise, issues = parse_exercise(EXERCISE, "exercises/sample.md")
    assert issues == [] and exercise.fields[0].id == "name" and exercise.kind == "form"


@pytest.mark.parametrize("change, expected", [
    (("id: sample", "id: other"), "exercises/sample.md:2: front matter: id 'other' differs from the file name 'sample'"),
    (('step: "1.1"', "step: 1.1"), "exercises/sample.md:5: front matter: step must be quoted text like \"2.1\", not float 1.1"),
    (("mode: team", "mode: crowd"), "exercises/sample.md:6: front matter: mode must be individual or team, not 'crowd'"),
    (("    type: text", "    type: essay"), "exercises/sample.md:11: field name: type 'essay' is not one of text, long_text, list, tree, table, date, choice, number, checklist"),
    (("  - id: name", "  - id: Name"), "exercises/sample.md:9: field id 'Name' must be snake_case"),
    (("mode: team", "mode: team\nchecks: [magic]"), "exercises/sample.md:7: unknown check 'magic' (known: smart, roadmap_dates, plan_period, minimum_requirements, problem_definition, solutions_checklist)"),
    (("    type: text", "    type: choice"), "exercises/sample.md:9: field name: a choice needs 'options' as a list of quoted texts"),
])
def test_exercise_rules(change, expected):
    assert ex_errors(EXERCISE.replace(*change)) == [expected]


def test_exercise_module_and_step_must_exist():
    shipped = load_library(ROOT)
    text = EXERCISE.replace("module: M1", "module: M7").replace('step: "1.1"', 'step: "9.9"')
    files = {"modules/cocreation-cycle.yaml": (ROOT / "modules/cocreation-cycle.yaml").read_text(),
             "exercises/sample.md": text}
    library = build_library(files)
    assert [str(i) for i in library.errors] == [
        "exercises/sample.md:4: unknown module 'M7'",
        "exercises/sample.md:5: unknown co-creation step '9.9'"]
    assert shipped.errors == ()


PLAN = """id: two-day
title: Two days
days:
  - title: Day 1
    offset_days: 0
    start: "09:00"
    items:
      - module: M1
      - break: Lunch
        minutes: 60
"""


def plan_errors(text, path="session_plans/two-day.yaml"):
    return [str(i) for i in parse_plan(text, path)[1]]


@pytest.mark.parametrize("change, expected", [
    (('start: "09:00"', "start: 9am"), 'session_plans/two-day.yaml:6: day 1: start must be a quoted clock time like "09:30"'),
    (("minutes: 60", "minutes: 0"), "session_plans/two-day.yaml:9: day 1, item 2: a break needs minutes above 0"),
    (("- module: M1", "- lecture: M1"), "session_plans/two-day.yaml:8: day 1, item 1: expected 'module: ID' or 'break: TITLE' with minutes"),
    (("id: two-day", "id: three-day"), "session_plans/two-day.yaml:1: id 'three-day' differs from the file name 'two-day'"),
])
def test_plan_rules(change, expected):
    assert plan_errors(PLAN.replace(*change)) == [expected]


def test_plan_modules_must_exist_and_fit_the_day():
    from app.content.services import content_files, read_files

    files = read_files(content_files(ROOT), ROOT)
    files["session_plans/two-day.yaml"] = PLAN.replace("- module: M1", "- module: M8")
    assert [str(i) for i in build_library(files).errors] == ["session_plans/two-day.yaml:8: unknown module 'M8'"]
    files["session_plans/two-day.yaml"] = PLAN.replace('"09:00"', '"22:30"')
    assert [str(i) for i in build_library(files).errors] == [
        "session_plans/two-day.yaml:4: Day 1 ends after midnight (24:30)"]


def test_the_shipped_course_is_valid():
    library = load_library(ROOT)
    assert library.errors == ()
    assert [(m.id, m.duration_min) for m in library.modules] == [
        ("M1", 60), ("M2", 150), ("M3", 150), ("M4", 60), ("M5", 60)]
    assert len(library.phases) == 5 and len(library.steps) == 18
    assert library.steps[0].title == "Build a Team"
    assert library.steps[-1].title == "Prepare your monitoring and learning assessments"
    assert {p.id for p in library.plans} == {"tot-two-day", "online-five-week"}
    two_day = library.plan("tot-two-day")
    assert [[i.module for i in d.items if i.module] for d in two_day.days] == [["M1", "M2"], ["M3", "M4", "M5"]]
    required = {"situating-starting-point", "participatory-space-mapping", "cocreation-roadmap",
                "stakeholder-map", "problem-tree", "prioritization-matrix", "solutions-mapping",
                "commitment-support-network", "strategic-vision", "commitment-template",
                "launch-communication", "swot-progress", "learning-plan"}
    assert required <= {e.id for e in library.exercises}


# --- one timing everywhere ----------------------------------------------------------------------

FIXTURES = ROOT / "tests" / "fixtures" / "content"


def fixture_files(folder: str) -> dict[str, str]:
    """The fixture folder as a course: modules/ and exercises/ paths, as the loader names them."""
    files = {}
    for path in sorted((FIXTURES / folder).rglob("*.md")):
        relative = path.relative_to(FIXTURES / folder)
        is_module = path.read_text().split("\n---", 1)[0].find("\nmodule:") < 0
        prefix = "modules" if is_module else "exercises"
        files[f"{prefix}/{relative}"] = path.read_text(encoding="utf-8")
    return files


def test_a_fixture_that_breaks_timing_fails_with_file_and_line():
    files = fixture_files("timing")
    files["modules/cocreation-cycle.yaml"] = (ROOT / "modules/cocreation-cycle.yaml").read_text()
    module = "modules/broken-timing.md"
    assert [str(i) for i in build_library(files).errors] == [
        # a sheet whose steps disagree with its minutes, and a range that leaves the trainer guessing
        ("exercises/ranged-exercise.md:18: timing range '20-30 minutes': give one number of "
        "minutes, the one the plan uses"),
        ("exercises/ranged-exercise.md:7: the steps of the sheet take 10 + 10 = 20 minutes, but "
        "'minutes' is 25"),
        # two exercises in one block, one of them longer than the block
        (f"{module}:34: 'Group work' runs 2 exercises; run one in the block and give the others "
        f"as homework"),
        f"{module}:34: 'Long exercise' takes 25 minutes, more than the 20 of 'Group work'",
        f"{module}:35: 'Second round' names an unknown exercise 'No such exercise' (use its title)",
        # the notes promise the exercise other minutes than its sheet
        (f"{module}:26: the minute plan of 'Second round' gives the exercise [20] minutes, but "
        f"'Short exercise' takes 15"),
        (f"{module}:7: exercise 'lost-exercise' has no place in the outline (name it as an "
        f"exercise or as homework of a block)"),
    ]


def test_the_timing_fixture_passes_once_repaired():
    files = fixture_files("timing")
    files.pop("exercises/ranged-exercise.md")
    module = files["modules/broken-timing.md"]
    files["modules/broken-timing.md"] = (
        module.replace("Exercise: Long exercise; Exercise: Short exercise", "Exercise: Short exercise")
        .replace("Minute plan: presentation 5, exercise 10, debrief 5",
                 "Minute plan: presentation 5, exercise 15")
        .replace("Exercise: Short exercise; Homework: No such exercise",
                 "Exercise: Long exercise; Homework: Lost exercise")
        .replace("Minute plan: presentation 10, exercise 20, debrief 10",
                 "Minute plan: presentation 10, exercise 25, debrief 5"))
    assert [str(i) for i in build_library(files).errors] == []


def test_a_minute_plan_must_add_up_to_its_block():
    text = FRONT + OUTLINE.replace("Some text.", "Some text.\n\n::: notes\nMinute plan: talk 5, "
                                   "discussion 10\n:::")
    assert errors(text) == [("modules/99-test.md:13: the minute plan of 'Topic one' adds up to 15 "
                            "minutes, but the block lasts 20 (0:10-0:30)")]


def test_a_long_module_needs_a_break():
    text = FRONT.replace("duration_min: 30", "duration_min: 120") + OUTLINE.replace(
        "| 0:10-0:30 |", "| 0:10-2:00 |")
    assert errors(text) == [("modules/99-test.md:15: a 120-minute module needs a break block "
                            "inside its outline (a topic starting with Break or Перерва)")]
    with_break = text.replace("| 0:10-2:00 | Topic one |", "| 0:10-0:20 | Break | | | |\n"
                              "| 0:20-2:00 | Topic one |")
    assert errors(with_break) == []


def test_the_shipped_course_keeps_one_timing():
    library = load_library(ROOT)
    for module in library.modules:
        for block in module.outline:
            assert len(block.exercises) <= 1, (module.id, block.topic)
            for exercise_id in block.exercises:
                exercise = library.exercise(exercise_id)
                assert exercise.minutes <= block.minutes
                assert dict(block.plan) and sum(n for _, n in block.plan) == block.minutes
        if module.duration_min > 90:
            assert any(b.is_break for b in module.outline), module.id
        placed = {e for b in module.outline for e in (*b.exercises, *b.homework)}
        assert placed == set(module.exercises), module.id


def test_the_new_step_tools_are_in_the_course():
    library = load_library(ROOT)
    new = {"team-roles-skills": "1.1", "communications-plan": "1.4",
           "validation-endorsement": "3.3", "progress-meeting-record": "4.2",
           "end-of-commitment-assessment": "5.3", "engagement-plan": "5.1"}
    assert {e: library.exercise(e).step for e in new} == new
    uk = library.translations["uk"]
    assert all(f"exercise:{e}" in uk for e in new)
    assert "engagement-plan" in library.module("M5").exercises


# --- own words ----------------------------------------------------------------------------------

SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 12


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.casefold().replace("’", "'"))


def _seed_runs() -> set[str]:
    runs = set()
    for seed in SEEDS.glob("*.txt"):
        words = _words(seed.read_text(encoding="utf-8"))
        runs |= {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    return runs


def _copied(text: str, runs: set[str]) -> list[str]:
    words = _words(text)
    return [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)
            if " ".join(words[i:i + RUN]) in runs]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not on this machine")
def test_no_run_of_twelve_words_is_copied_from_the_sources():
    runs = _seed_runs()
    copied = []
    for folder in ("modules", "exercises", "session_plans"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".yaml"):
                copied += [f"{path.relative_to(ROOT)}: {run}"
                           for run in _copied(path.read_text(encoding="utf-8"), runs)]
    assert copied == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not on this machine")
def test_the_copy_check_finds_a_pasted_sentence():
    runs = _seed_runs()
    pasted = "Note: changes can be made within six months after the submission of the commitment."
    assert len(_copied(pasted, runs)) == 2  # 13 words: two runs of twelve
    assert _copied("Changes are possible in the first six months, with partners' consent.", runs) == []


# --- quizzes: scenario pools ----------------------------------------------------------------------

def test_every_quiz_is_a_pool_from_which_each_attempt_draws():
    from app.quizzes.services import start

    library = load_library(ROOT)
    for module in library.modules:
        assert module.quiz_draw and len(module.quiz) >= 2 * module.quiz_draw, module.id
        uk = library.translations["uk"][f"module:{module.id}"]
        assert uk.quiz_draw == module.quiz_draw and len(uk.quiz) == len(module.quiz)
        papers = [start(library, module.id, "uk", seed) for seed in range(1, 21)]
        assert all(len(p.questions) == module.quiz_draw for p in papers)
        drawn = {frozenset(q["question"] for q in p.questions) for p in papers}
        assert len(drawn) > 1  # a retake draws other questions
        assert {q for d in drawn for q in d} <= {q.question for q in uk.quiz}
    # without a seed (shuffling off) the whole pool is served
    assert len(start(library, "M2", "en").questions) == len(library.module("M2").quiz)


def test_a_quiz_pool_must_be_twice_the_draw():
    quiz = "".join(f"  - question: Q{n}?\n    type: single\n    options: [a, b]\n    answer: [0]\n"
                   for n in range(3))
    text = FRONT.replace("exercises: []", "exercises: []\nquiz_draw: 2\nquiz:\n" + quiz) + OUTLINE
    assert errors(text) == [("modules/99-test.md:8: front matter: quiz_draw 2 needs a pool of at "
                            "least 4 questions so that a retake draws others, not 3")]


def test_every_block_has_trainer_notes_and_every_module_a_cascade_note():
    library = load_library(ROOT)
    for english in library.modules:
        for module in (english, library.translations["uk"][f"module:{english.id}"]):
            for block in module.outline:
                if not block.is_break:
                    section = module.section_for(block.topic)
                    assert section is not None and section.notes, (module.path, block.topic)
                    assert sum(n for _, n in block.plan) == block.minutes, (module.path, block.topic)
                if block.exercises:  # every group exercise is followed by a debrief
                    plan = [label.casefold() for label, _ in block.plan]
                    assert any(label.startswith(("debrief", "підсумкове обговорення"))
                               for label in plan), (module.path, block.topic)
            assert any("cascade" in s.title.casefold() or "каскад" in s.title.casefold()
                       for s in module.sections), module.path

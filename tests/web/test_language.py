"""One language: every page each role can open, in Ukrainian, shows the course in Ukrainian.

It fails when a course title, topic or activity of the English content appears on a Ukrainian
page although its Ukrainian translation exists, or when an exercise id (problem-tree, ...)
appears in running text, on slides or in agendas instead of the exercise's title. The pages
come from the URL map with the role matrix's paths and ids, so new pages are read too.
"""

from __future__ import annotations

import html
import io
import re

import pytest

from app.content.services import load_library
from tests.conftest import ROOT
from tests.web import test_role_matrix as matrix

EMAILS, ROUTES = matrix.EMAILS, matrix.ROUTES
world = matrix.world  # the role matrix's fixture: users, cohorts, works, ids


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Language and headers do not depend on the database: SQLite only (CI time)."""
    import shutil

    path = tmp_path / "one.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"
ROLES = ("participant", "trainer", "observer", "admin")
LIBRARY = load_library(ROOT)
FILES = (".pdf", ".csv", ".xlsx", ".ics", ".svg", ".md", ".css", ".json", ".docx", ".zip",
         ".txt", ".png")


def _english_course_text() -> dict[str, str]:
    """English course strings whose Ukrainian translation exists (and differs): text -> where."""
    found: dict[str, str] = {}

    def add(text: str, where: str, translated: str | None) -> None:
        text = (text or "").strip()
        # short or shared strings ("OGP Local", "Q&A") cannot tell the languages apart
        if len(text) >= 12 and len(text.split()) >= 2 and translated is not None \
                and text.casefold() != translated.strip().casefold():
            found[text] = where

    for module in LIBRARY.modules:
        uk, note = LIBRARY.translated("module", module.id, "uk")
        if note or uk is None or uk.lang != "uk":
            continue
        add(module.title, f"{module.id} title", uk.title)
        for block, uk_block in zip(module.outline, uk.outline, strict=False):
            add(block.topic, f"{module.id} topic", uk_block.topic)
            for activity, uk_activity in zip(block.activities, uk_block.activities, strict=False):
                add(activity, f"{module.id} activity", uk_activity)
    for exercise in LIBRARY.exercises:
        uk, note = LIBRARY.translated("exercise", exercise.id, "uk")
        if not note and uk is not None and uk.lang == "uk":
            add(exercise.title, f"exercise {exercise.id} title", uk.title)
    for plan in LIBRARY.plans:
        uk, note = LIBRARY.translated("plan", plan.id, "uk")
        if not note and uk is not None and uk.lang == "uk":
            add(plan.title, f"plan {plan.id} title", uk.title)
    return found


ENGLISH = _english_course_text()
EXERCISE_IDS = [e.id for e in LIBRARY.exercises if "-" in e.id]
ID_RE = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, EXERCISE_IDS)) + r")(?![\w/.-])")


def running_text(page: str) -> str:
    """What a person reads: no tags, attributes, scripts or styles; entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # text marked as English on purpose (the glossary's English column, a language switch)
    page = re.sub(r"<(\w+)\b[^>]*\blang=\"en\"[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


# the SMART check's criteria are named, never shown by their keys ("time_bound:")
CRITERION_RE = re.compile(r"\b(specific|measurable|answerable|relevant|time_bound|verifiable|"
                          r"actionable|realistic)\s*:")


def problems_in(text: str, where: str) -> list[str]:
    out = [f"{where}: English course text {english!r} ({source})"
           for english, source in ENGLISH.items() if english in text]
    out += [f"{where}: exercise id {m.group(1)!r} in the text" for m in ID_RE.finditer(text)]
    out += [f"{where}: criterion key {m.group(1)!r}" for m in CRITERION_RE.finditer(text)]
    return out


def test_the_lists_are_not_empty():
    """The test can fail: the content has translated titles, topics and exercise ids."""
    assert any("topic" in w for w in ENGLISH.values()) and any("title" in w for w in ENGLISH.values())
    assert "problem-tree" in EXERCISE_IDS
    assert problems_in("Вправа: participatory-space-mapping", "x")
    assert problems_in("time_bound: немає дат", "x")
    assert not problems_in(running_text('<a href="/course/exercises/problem-tree">Дерево проблем</a>'), "x")
    assert running_text('<p>Так <span lang="en">Problem tree</span></p>') == "Так"


def slide_text(data: bytes) -> str:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    return " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                    if shape.has_text_frame)


@pytest.mark.parametrize("role", ROLES)
def test_ukrainian_pages_show_the_course_in_ukrainian(app, world, new_client, role):
    client = new_client()
    client.login(EMAILS[role])
    client.post("/locale", {"locale": "uk", "next": "/"})
    problems = []
    if role == "participant":  # the SMART check's page too
        opened = client.post(f"/cohorts/{world['cohort']}/exercises/commitment-template/open")
        smart = client.get(opened.headers["Location"]).get_data(as_text=True)
        problems += problems_in(running_text(smart), "SMART commitment")
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint not in ROUTES:
            continue
        method, path, expected = ROUTES[rule.endpoint]
        if method != "GET" or expected[role] != "ok":
            continue
        url = path.format(**world)
        if url.split("?")[0].endswith(FILES):
            continue
        response = client.get(url)
        kind = response.headers.get("Content-Type", "")
        if url.split("?")[0].endswith(".pptx") and response.status_code == 200:
            sep = "&" if "?" in url else "?"
            deck = client.get(f"{url}{sep}lang=uk")
            problems += problems_in(slide_text(deck.data), f"slides {url}")
        elif "text/html" in kind and response.status_code == 200:
            problems += problems_in(running_text(response.get_data(as_text=True)), url)
    assert problems == [], "\n".join(sorted(set(problems)))

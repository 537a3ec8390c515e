"""Exercise kinds come from one registry: each kind's starting data, pictures and downloads."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from app.exercises.kinds import KINDS, Kind, kind_of

APP = Path(__file__).resolve().parents[2] / "app"


def exercise(kind: str) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, fields=[], id=f"{kind}-x", title="T")


def test_the_four_drawn_kinds_are_registered_and_others_are_plain_forms():
    assert set(KINDS) == {"problem_tree", "stakeholder_map", "prioritization_matrix", "roadmap"}
    assert type(kind_of(exercise("form"))) is Kind
    assert kind_of(exercise("form")).figures(exercise("form"), {}, "uk") == ()


@pytest.mark.parametrize("kind, name, data", [
    ("problem_tree", "tree", {"core_problem": "Мало відкритих даних", "causes": [], "effects": []}),
    ("stakeholder_map", "stakeholders", {"stakeholders": []}),
    ("prioritization_matrix", "ranking", {"criteria": [], "problems": []}),
    ("roadmap", "gantt", {"steps": []}),
])
def test_each_kind_draws_its_figure_in_the_reader_language(kind, name, data):
    drawn = kind_of(exercise(kind)).figure(name, exercise(kind), data, "uk")
    assert drawn is not None and drawn.svg.lstrip().startswith("<svg")
    assert drawn.caption and not drawn.caption.isascii()  # a Ukrainian caption
    assert kind_of(exercise(kind)).figure("nope", exercise(kind), data, "uk") is None


def test_only_the_roadmap_offers_downloads():
    roadmap = kind_of(exercise("roadmap"))
    data = {"steps": [{"step_id": "1.1", "title": "Команда", "start_date": "2027-01-10",
                       "end_date": "2027-02-10", "owner": "", "status": "not_started"}]}
    csv = roadmap.download("csv", exercise("roadmap"), data, "Дорожня карта", "uid", "uk")
    assert csv.mimetype == "text/csv" and "Команда" in csv.body.decode("utf-8")
    assert roadmap.download("exe", exercise("roadmap"), data, "t", "uid", "uk") is None
    assert kind_of(exercise("problem_tree")).download("csv", exercise("problem_tree"), {},
                                                      "t", "uid", "uk") is None


def test_no_kind_chain_stands_outside_the_registry():
    """`if exercise.kind == ...` lives nowhere in the exercise feature but its kinds/."""
    places = [*(APP / "exercises").rglob("*.py"), *(APP / "templates" / "exercises").rglob("*.html")]
    offenders = [f"{path.relative_to(APP)}:{number}"
                 for path in places if "kinds" not in path.parts
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "exercise.kind ==" in line or "exercise.kind !=" in line
                 or "exercise.kind in" in line]
    assert offenders == []

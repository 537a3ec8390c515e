"""The problem tree: its picture."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.content.course import Exercise
from app.exercises.diagrams import TREE_LABELS, problem_tree_svg
from app.exercises.kinds.base import Figure, Kind, lang_of, register
from app.exercises.labels import FIGURE_CAPTIONS


@register
class ProblemTree(Kind):
    name = "problem_tree"
    figure_names = ("tree",)

    def figures(self, exercise: Exercise, data: Mapping[str, Any], lang: str,
                today: date | None = None) -> tuple[Figure, ...]:
        lang = lang_of(lang)
        svg = problem_tree_svg(str(data.get("core_problem") or ""), data.get("causes") or [],
                               data.get("effects") or [], TREE_LABELS[lang])
        return (Figure("tree", FIGURE_CAPTIONS[lang]["tree"], svg),)

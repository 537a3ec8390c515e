"""The prioritisation matrix: default criteria, the ranking (live and as a chart)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.content.course import Exercise, Library
from app.exercises.kinds.base import Figure, Kind, lang_of, register
from app.exercises.labels import FIGURE_CAPTIONS
from app.exercises.prioritization import RANKING_LABELS, default_criteria, rank, ranking_chart_svg


def ranking(data: Mapping[str, Any]) -> list:
    return rank(data.get("criteria") or [], data.get("problems") or [])


@register
class PrioritizationMatrix(Kind):
    name = "prioritization_matrix"
    figure_names = ("ranking",)

    def initial(self, data: dict[str, Any], exercise: Exercise, library: Library,
                lang: str) -> dict[str, Any]:
        data["criteria"] = default_criteria(lang)
        return data

    def figures(self, exercise: Exercise, data: Mapping[str, Any], lang: str,
                today: date | None = None) -> tuple[Figure, ...]:
        lang = lang_of(lang)
        svg = ranking_chart_svg(ranking(data), RANKING_LABELS[lang])
        return (Figure("ranking", FIGURE_CAPTIONS[lang]["ranking"], svg),)

    def live(self, exercise: Exercise, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"ranking": ranking(data)}

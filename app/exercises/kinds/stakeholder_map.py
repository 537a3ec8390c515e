"""The stakeholder map: its power and interest grid."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.content.course import Exercise
from app.exercises.kinds.base import Figure, Kind, lang_of, register
from app.exercises.labels import FIGURE_CAPTIONS
from app.exercises.stakeholders import labels_for, stakeholder_map_svg


def type_options(exercise: Exercise) -> dict[str, str]:
    spec = next((f for f in exercise.fields if f.id == "stakeholders"), None)
    column = next((c for c in spec.columns if c.id == "type"), None) if spec else None
    return dict(column.options) if column else {}


@register
class StakeholderMap(Kind):
    name = "stakeholder_map"
    figure_names = ("stakeholders",)

    def figures(self, exercise: Exercise, data: Mapping[str, Any], lang: str,
                today: date | None = None) -> tuple[Figure, ...]:
        lang = lang_of(lang)
        svg = stakeholder_map_svg(list(data.get("stakeholders") or []),
                                  labels_for(lang, type_options(exercise).items()))
        return (Figure("stakeholders", FIGURE_CAPTIONS[lang]["stakeholders"], svg),)

"""The trainer pathway's rules: the observation rubric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.pathway.rules.base import ContentError, Refusal


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    label_uk: str = ""
    guide: str = ""
    guide_uk: str = ""

    def text(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.label_uk or self.label, self.guide_uk or self.guide
        return self.label, self.guide


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    title: str
    title_uk: str
    intro: str
    intro_uk: str
    scale_min: int
    scale_max: int
    scale_labels: Mapping[int, tuple[str, str]]  # score -> (English, Ukrainian)
    pass_mark: Fraction                          # on the average of the criterion scores
    criteria: tuple[Criterion, ...]
    rule_version: int = 1
    plan_id: str = "tot-two-day"
    min_observations: int = 1

    def localized(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.title_uk or self.title, self.intro_uk or self.intro
        return self.title, self.intro

    def scale_label(self, score: int, lang: str) -> str:
        en, uk = self.scale_labels.get(score, (str(score), str(score)))
        return uk if lang == "uk" and uk else en


def _text(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{key}: a text is required")
    return " ".join(value.split())


def _number(value: Any, name: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ContentError(f"{name}: a number is required")
    try:
        return Fraction(str(value))
    except ValueError:
        raise ContentError(f"{name}: a number is required") from None


def parse_rubric(data: Any) -> Rubric:
    if not isinstance(data, Mapping):
        raise ContentError("the rubric must be a mapping")
    scale = data.get("scale") or {}
    low, high = scale.get("min", 1), scale.get("max", 4)
    if not (isinstance(low, int) and isinstance(high, int) and 0 <= low < high <= 10):
        raise ContentError("scale: min and max must be whole numbers, min below max")
    labels_en = scale.get("labels") or {}
    labels_uk = scale.get("labels_uk") or {}
    labels = {n: (str(labels_en.get(n, n)), str(labels_uk.get(n, labels_en.get(n, n))))
              for n in range(low, high + 1)}
    pass_mark = _number(data.get("pass_mark"), "pass_mark")
    if not low <= pass_mark <= high:
        raise ContentError("pass_mark: must lie on the scale")
    criteria = []
    for index, item in enumerate(data.get("criteria") or []):
        if not isinstance(item, Mapping):
            raise ContentError(f"criteria[{index}]: a mapping is required")
        criterion = Criterion(id=_text(item, "id"), label=_text(item, "label"),
                              label_uk=_text(item, "label_uk", False), guide=_text(item, "guide", False),
                              guide_uk=_text(item, "guide_uk", False))
        criteria.append(criterion)
    if not criteria:
        raise ContentError("criteria: at least one criterion is required")
    if len({c.id for c in criteria}) != len(criteria):
        raise ContentError("criteria: ids must be unique")
    certification = data.get("certification") or {}
    version = data.get("version", 1)
    rule_version = certification.get("rule_version", 1)
    minimum = certification.get("min_observations", 1)
    for name, value in (("version", version), ("rule_version", rule_version),
                        ("min_observations", minimum)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ContentError(f"{name}: a whole number of at least 1 is required")
    return Rubric(id=_text(data, "id"), version=version, title=_text(data, "title"),
                  title_uk=_text(data, "title_uk", False), intro=_text(data, "intro", False),
                  intro_uk=_text(data, "intro_uk", False), scale_min=low, scale_max=high,
                  scale_labels=labels, pass_mark=pass_mark, criteria=tuple(criteria),
                  rule_version=rule_version, plan_id=str(certification.get("plan") or "tot-two-day"),
                  min_observations=minimum)


@dataclass(frozen=True)
class ObservationScore:
    total: int
    count: int
    passed: bool

    @property
    def average(self) -> Fraction:
        return Fraction(self.total, self.count)


def score_observation(rubric: Rubric, scores: Mapping[str, Any]) -> ObservationScore:
    """Every criterion must be scored on the scale; Refusal("score", criterion id) otherwise."""
    values = []
    for criterion in rubric.criteria:
        raw = scores.get(criterion.id)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise Refusal("score", criterion.id) from None
        if isinstance(raw, bool) or not rubric.scale_min <= value <= rubric.scale_max:
            raise Refusal("score", criterion.id)
        values.append(value)
    total = sum(values)
    return ObservationScore(total, len(values), Fraction(total, len(values)) >= rubric.pass_mark)



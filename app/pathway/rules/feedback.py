"""The trainer pathway's rules: session feedback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from app.pathway.rules.base import (
    FEEDBACK_DAYS,
    FEEDBACK_MAX,
    FEEDBACK_MIN,
    FEEDBACK_SCALES,
    IMPROVE_MAX,
    MIN_FEEDBACK_RESPONSES,
    Refusal,
)
from app.pathway.rules.numbers import mean


def feedback_open(start: datetime, end: datetime, status: str, now: datetime) -> bool:
    """From the session's start until 30 days after its end; never for a cancelled one."""
    return status != "cancelled" and start <= now <= end + timedelta(days=FEEDBACK_DAYS)


def validate_feedback(values: Mapping[str, Any]) -> dict[str, Any]:
    """{usefulness, pace, trainer: 1..5, improve: text}; Refusal(field) otherwise."""
    clean: dict[str, Any] = {}
    for scale in FEEDBACK_SCALES:
        try:
            value = int(values.get(scale))
        except (TypeError, ValueError):
            raise Refusal("scale", scale) from None
        if not FEEDBACK_MIN <= value <= FEEDBACK_MAX:
            raise Refusal("scale", scale)
        clean[scale] = value
    improve = str(values.get("improve") or "").strip()
    if len(improve) > IMPROVE_MAX:
        raise Refusal("too_long", "improve")
    clean["improve"] = improve
    return clean


@dataclass(frozen=True)
class ScaleSummary:
    scale: str
    mean: Fraction | None
    counts: tuple[int, ...]  # how many chose 1, 2, 3, 4, 5


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    shown: bool                       # enough answers to show anything but the count
    scales: tuple[ScaleSummary, ...]
    comments: tuple[str, ...]         # sorted alphabetically: the order tells nothing
    protecting: bool = False          # enough answers, withheld so that a smaller group
                                      # cannot be worked out by subtraction
    waiting: int = 0                  # newer answers, shown once there are enough of them

    def scale(self, name: str) -> ScaleSummary:
        return next(s for s in self.scales if s.scale == name)


def aggregate_feedback(rows: Iterable[Mapping[str, Any]],
                       min_responses: int = MIN_FEEDBACK_RESPONSES,
                       withhold: bool = False, waiting: int = 0) -> FeedbackSummary:
    """Released answers -> means, distributions and comments; below `min_responses` only the
    count (and only the count when `withhold`: see `shown_groups`). `waiting`: how many newer
    answers are not released yet (a number only)."""
    rows = list(rows)
    enough = len(rows) >= max(1, min_responses)
    shown = enough and not withhold
    scales = []
    for scale in FEEDBACK_SCALES:
        values = [int(r[scale]) for r in rows]
        counts = tuple(sum(v == n for v in values) for n in range(FEEDBACK_MIN, FEEDBACK_MAX + 1))
        scales.append(ScaleSummary(scale, mean(values) if shown else None,
                                   counts if shown else ()))
    comments = sorted((str(r.get("improve") or "").strip() for r in rows), key=str.casefold)
    return FeedbackSummary(len(rows), shown, tuple(scales),
                           tuple(c for c in comments if c) if shown else (), enough and withhold, waiting)


def shown_groups(counts: Mapping[Any, int], min_responses: int = MIN_FEEDBACK_RESPONSES) -> set[Any]:
    """Which groups (sessions) may show their answers next to the total of all of them.

    A group below `min_responses` is withheld. But the total minus the groups shown is the
    sum of the groups withheld: when that is above 0 and below `min_responses`, it is a small
    group laid bare. Then more groups are withheld (the smallest first: complementary
    suppression) until what is withheld adds up to `min_responses` or more, or to nothing.
    """
    k = max(1, min_responses)
    total = sum(counts.values())
    shown = {group for group, n in counts.items() if n >= k}
    while shown and 0 < total - sum(counts[g] for g in shown) < k:
        shown.remove(min(shown, key=lambda g: (counts[g], str(g))))
    return shown


def feedback_by_group(groups: Mapping[Any, Iterable[Mapping[str, Any]]],
                      min_responses: int = MIN_FEEDBACK_RESPONSES,
                      waiting: Mapping[Any, int] | None = None
                      ) -> tuple[dict[Any, FeedbackSummary], FeedbackSummary]:
    """Per-group summaries and the summary of all answers, safe to show side by side: no
    difference between what is shown is a group smaller than `min_responses`. `waiting`:
    per group, the answers not released yet (counted, never aggregated)."""
    waiting = waiting or {}
    rows = {group: list(answers) for group, answers in groups.items()}
    shown = shown_groups({g: len(r) for g, r in rows.items()}, min_responses)
    per_group = {g: aggregate_feedback(r, min_responses, withhold=g not in shown, waiting=waiting.get(g, 0))
                 for g, r in rows.items()}
    return per_group, aggregate_feedback([a for r in rows.values() for a in r], min_responses,
                                         waiting=sum(waiting.values()))



"""The prioritisation matrix: weighted ranking of problems and a bar chart (SVG).

Pure: plain values in, dataclasses or an SVG string out. The criteria table holds
{name, weight} rows; the problems table holds {problem, impact, feasibility, urgency,
political_will, notes} rows with scores 1-5. A criterion row is matched to its score column
by its (normalised, English or Ukrainian) name, otherwise by its position; a column without
a criterion row weighs 1. Missing scores count 0; scores are clamped to 1-5. Problems with
the same weighted total share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.exercises.diagrams import FONT_FAMILY, esc, num, svg_open, text_width, truncate, wrap_text
from app.i18n import N_, Localised

CRITERIA = ("impact", "feasibility", "urgency", "political_will")
DEFAULT_WEIGHT = 1
SCORE_MIN, SCORE_MAX = 1, 5

# normalised names (see `normalise`) that mean each score column
ALIASES: dict[str, tuple[str, ...]] = {
    "impact": ("impact", "вплив", "вплив на мешканців", "значущість"),
    "feasibility": ("feasibility", "здійсненність", "реалістичність", "можливість реалізації",
                    "виконуваність"),
    "urgency": ("urgency", "терміновість", "нагальність", "невідкладність"),
    "political_will": ("political will", "політична воля", "політична підтримка"),
}

DEFAULT_NAMES: Localised = Localised(
    (N_("Impact"), N_("Feasibility"), N_("Urgency"), N_("Political will"))
)

RANKING_LABELS: Localised = Localised(
    {
        "title": N_("Problems by weighted total"),
        "total": N_("weighted total"),
        "empty": N_("Score problems against the criteria to see the ranking."),
        "untitled": N_("(no name)"),
    }
)


def default_criteria(lang: str = "en") -> list[dict[str, Any]]:
    """The four criteria a new matrix starts with, each weighing 1."""
    names = DEFAULT_NAMES["uk" if str(lang).startswith("uk") else "en"]
    return [{"name": name, "weight": DEFAULT_WEIGHT} for name in names]


def normalise(name: Any) -> str:
    """'Political-will (1-5)' -> 'political will'; Cyrillic apostrophes and case folded."""
    text = str(name or "").casefold()
    text = re.sub(r"\(.*?\)", " ", text)
    text = text.replace("_", " ").replace("-", " ").replace("\u2019", "'").replace("ʼ", "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", ".").replace(" ", "")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _tidy(number: float) -> int | float:
    number = round(number, 2)
    return int(number) if float(number).is_integer() else number


def _key_for(name: str) -> str | None:
    norm = normalise(name)
    if not norm:
        return None
    for key, aliases in ALIASES.items():
        if norm in aliases or norm == key.replace("_", " "):
            return key
    for key, aliases in ALIASES.items():  # "impact on residents", "вплив (на людей)"
        if any(norm.startswith(alias + " ") for alias in aliases):
            return key
    return None


def weights(criteria: Sequence[Mapping[str, Any]]) -> dict[str, int | float]:
    """{score column: weight}: by name first, then unmatched rows by their position."""
    rows = [r for r in criteria or [] if isinstance(r, Mapping)]
    found: dict[str, int | float] = {}
    unmatched: list[tuple[int, Mapping[str, Any]]] = []
    for index, row in enumerate(rows):
        key = _key_for(str(row.get("name") or ""))
        if key and key not in found:
            found[key] = _weight(row.get("weight"))
        else:
            unmatched.append((index, row))
    for index, row in unmatched:
        if index < len(CRITERIA) and CRITERIA[index] not in found:
            found[CRITERIA[index]] = _weight(row.get("weight"))
    return {key: found.get(key, DEFAULT_WEIGHT) for key in CRITERIA}


def _weight(value: Any) -> int | float:
    number = _number(value)
    if number is None:
        return DEFAULT_WEIGHT
    return _tidy(max(0.0, number))


def _score(value: Any) -> int | float | None:
    number = _number(value)
    if number is None:
        return None
    return _tidy(min(float(SCORE_MAX), max(float(SCORE_MIN), number)))


@dataclass(frozen=True)
class RankedProblem:
    problem: str
    scores: dict[str, int | float | None]
    total: int | float
    rank: int
    notes: str = ""
    index: int = 0  # the row's position in the problems table
    missing: tuple[str, ...] = field(default=())  # criteria without a score


def rank(criteria: list[dict], problems: list[dict]) -> list[RankedProblem]:
    """Problems ordered by weighted total, highest first; equal totals share a rank."""
    weight = weights(criteria)
    scored = []
    for index, row in enumerate(problems or []):
        if not isinstance(row, Mapping):
            continue
        name = " ".join(str(row.get("problem") or "").split())
        scores = {key: _score(row.get(key)) for key in CRITERIA}
        if not name and all(v is None for v in scores.values()):
            continue
        total = _tidy(sum(weight[k] * (v or 0) for k, v in scores.items()))
        missing = tuple(k for k, v in scores.items() if v is None)
        scored.append((name, scores, total, str(row.get("notes") or ""), index, missing))
    scored.sort(key=lambda item: -item[2])  # stable: equal totals keep the table's order
    result: list[RankedProblem] = []
    for position, (name, scores, total, notes, index, missing) in enumerate(scored, start=1):
        shared = result and result[-1].total == total
        result.append(RankedProblem(name, scores, total, result[-1].rank if shared else position,
                                    notes, index, missing))
    return result


# -- the chart -------------------------------------------------------------------------------

MARGIN = 12.0
FONT = 12.0
SMALL = 11.0
ROW_H = 30.0
BAR_H = 18.0
BAR_W = 300.0
LABEL_CHARS = 44
BAR_FILL, TOP_FILL, TRACK, TEXT, MUTED = "#5b8fd1", "#0057b7", "#eef1f4", "#1a1a1a", "#555555"


def _text(value: str, x: float, y: float, size: float, fill: str, anchor: str = "start",
          bold: bool = False, extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-family="{FONT_FAMILY}" '
            f'font-size="{num(size)}" fill="{fill}"{weight}{extra}>{esc(value)}</text>')


def ranking_chart_svg(ranked: Sequence[RankedProblem], labels: dict | None = None) -> str:
    """Horizontal bars of the weighted totals, highest first, with rank and total."""
    text = {**RANKING_LABELS["en"], **(labels or {})}
    rows = sorted(ranked, key=lambda r: (r.rank, r.index))
    if not rows:
        lines = wrap_text(text["empty"], 44, 3)
        width = max(260.0, max(text_width(t, FONT) for t in lines) + 4 * MARGIN)
        height = 2 * MARGIN + len(lines) * (FONT + 4) + MARGIN
        body = "".join(_text(line, width / 2, 2 * MARGIN + i * (FONT + 4) + 4, FONT, MUTED,
                             anchor="middle") for i, line in enumerate(lines))
        return (svg_open(width, height, text["empty"], ' class="ranking-chart empty"')
                + f'<rect x="1" y="1" width="{num(width - 2)}" height="{num(height - 2)}" rx="6" '
                  f'ry="6" fill="#fafafa" stroke="#bbbbbb" stroke-dasharray="4 3"/>' + body + "</svg>")
    shown = [f"{r.rank}. {truncate(r.problem or text['untitled'], LABEL_CHARS)}" for r in rows]
    label_w = max(text_width(s, FONT) for s in shown)
    left = MARGIN + label_w + MARGIN
    top_total = max((float(r.total) for r in rows), default=0.0)
    scale = BAR_W / top_total if top_total > 0 else 0.0
    value_w = max(text_width(_fmt(r.total), FONT, True) for r in rows)
    parts = []
    for i, (row, label) in enumerate(zip(rows, shown, strict=True)):
        y = MARGIN + i * ROW_H
        bar_y = y + (ROW_H - BAR_H) / 2
        w = float(row.total) * scale
        fill = TOP_FILL if row.rank == 1 else BAR_FILL
        name = row.problem or text["untitled"]
        tooltip = f"{row.rank}. {name}: {text['total']} {_fmt(row.total)}"
        parts.append(
            f'<g class="ranked" data-rank="{row.rank}" data-total="{esc(_fmt(row.total))}">'
            f"<title>{esc(tooltip)}</title>"
            + _text(label, MARGIN, bar_y + BAR_H - 4, FONT, TEXT)
            + f'<rect x="{num(left)}" y="{num(bar_y)}" width="{num(BAR_W)}" height="{num(BAR_H)}" '
              f'fill="{TRACK}"/>'
            + f'<rect class="bar" x="{num(left)}" y="{num(bar_y)}" width="{num(max(w, 0.0))}" '
              f'height="{num(BAR_H)}" fill="{fill}"/>'
            + _text(_fmt(row.total), left + BAR_W + 6, bar_y + BAR_H - 4, FONT, TEXT, bold=True)
            + "</g>")
    width = left + BAR_W + 6 + value_w + MARGIN
    height = 2 * MARGIN + len(rows) * ROW_H
    title = f"{text['title']}: " + "; ".join(
        f"{r.rank}. {r.problem or text['untitled']} ({_fmt(r.total)})" for r in rows)
    return svg_open(width, height, title, ' class="ranking-chart"') + "".join(parts) + "</svg>"


def _fmt(total: float) -> str:
    return str(total) if isinstance(total, int) else f"{total:.2f}".rstrip("0").rstrip(".")

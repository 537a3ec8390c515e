"""The stakeholder map as standalone SVG: a power/interest grid.

Pure: values in, an SVG string out. Interest runs left to right (1-5), power bottom to top
(1-5). A score of 3 or more counts as high (when in doubt, engage more), so the grid splits
between scores 2 and 3 and every cell belongs to exactly one quadrant:

    high power, low interest: keep satisfied  | high power, high interest: manage closely
    low power,  low interest: monitor         | low power,  high interest: keep informed

Each stakeholder is a dot coloured by type with its (wrapped, escaped) name; several
stakeholders in one cell share it in a small grid, so dots never overlap. The same SVG rules
as `app.exercises.diagrams` apply: escaped text, presentation attributes only, no `style`,
no scripts, `role="img"` and a `<title>`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.exercises.diagrams import FONT_FAMILY, esc, num, svg_open, text_width, truncate, wrap_text
from app.i18n import N_, Localised

SCALE = (1, 2, 3, 4, 5)
HIGH_FROM = 3  # a score of 3, 4 or 5 is "high"
QUADRANTS = ("keep_satisfied", "manage_closely", "monitor", "keep_informed")
TYPES = ("government", "civil_society", "private", "academia", "media", "other")

STAKEHOLDER_LABELS: Localised = Localised(
    {
        "title": N_("Stakeholder map"),
        "power": N_("Power"),
        "interest": N_("Interest"),
        "manage_closely": N_("Manage closely"),
        "keep_satisfied": N_("Keep satisfied"),
        "keep_informed": N_("Keep informed"),
        "monitor": N_("Monitor"),
        "unplaced": N_("Not placed yet (power or interest missing)"),
        "empty": N_("Add stakeholders with power and interest (1-5) to place them on the map."),
        "untitled": N_("(no name)"),
        "unknown_type": N_("type not set"),
        "types": {
            "government": N_("government"),
            "civil_society": N_("civil society"),
            "private": N_("business"),
            "academia": N_("academia"),
            "media": N_("media"),
            "other": N_("other"),
        },
    }
)

TYPE_COLOURS = {"government": "#0057b7", "civil_society": "#1f8a70", "private": "#d9622b",
                "academia": "#6a4c93", "media": "#c0392b", "other": "#7a8699"}
UNKNOWN_COLOUR = "#4a4a4a"
QUADRANT_FILLS = {"manage_closely": "#fde2e1", "keep_satisfied": "#fff1c9",
                  "keep_informed": "#dcecfb", "monitor": "#eceff2"}
TEXT, MUTED, GRID, BORDER = "#1a1a1a", "#555555", "#c9ced4", "#6b6b6b"

MARGIN = 16.0
CELL_W = 132.0
CELL_H = 88.0
STRIP_H = 24.0        # the band at the top of each quadrant that holds its name
AXIS_W = 30.0         # rotated axis title
TICK_W = 18.0
FONT = 10.0
SMALL = 11.0
LABEL_FONT = 12.0
LINE_H = 12.0
DOT_R = 7.0


def labels_for(lang: str, type_options: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The labels in `lang`, with the exercise's own names for stakeholder types where it
    has them (the Ukrainian exercise does; the English one lists ids only)."""
    labels = dict(STAKEHOLDER_LABELS["uk" if str(lang).startswith("uk") else "en"])
    named = {value: label for value, label in type_options if label and label != value}
    if named:
        labels["types"] = {**labels["types"], **named}
    return labels


def cell_of(value: Any) -> int | None:
    """The grid cell (1-5) for a score; None when missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return min(5, max(1, math.floor(number + 0.5)))


def quadrant(power: int, interest: int) -> str:
    high_power, high_interest = power >= HIGH_FROM, interest >= HIGH_FROM
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


@dataclass(frozen=True)
class Stakeholder:
    name: str
    organisation: str
    type: str
    power: int | None
    interest: int | None

    @property
    def placed(self) -> bool:
        return self.power is not None and self.interest is not None


def stakeholders_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[Stakeholder]:
    out = []
    for row in rows or []:
        if not isinstance(row, Mapping):
            continue
        name = " ".join(str(row.get("name") or "").split())
        organisation = " ".join(str(row.get("organisation") or "").split())
        power, interest = cell_of(row.get("power")), cell_of(row.get("interest"))
        if not (name or organisation or power is not None or interest is not None):
            continue
        kind = str(row.get("type") or "")
        out.append(Stakeholder(name, organisation, kind if kind in TYPES else "", power, interest))
    return out


# -- geometry ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    left: float
    top: float

    @property
    def width(self) -> float:
        return CELL_W * len(SCALE)

    @property
    def height(self) -> float:
        return CELL_H * len(SCALE) + 2 * STRIP_H

    def cell_x(self, interest: int) -> float:
        return self.left + (interest - 1) * CELL_W

    def cell_y(self, power: int) -> float:
        """Top of the row of cells for `power` (high rows first, each block under its strip)."""
        if power >= HIGH_FROM:
            return self.top + STRIP_H + (5 - power) * CELL_H
        high_rows = 5 - HIGH_FROM + 1
        return self.top + 2 * STRIP_H + high_rows * CELL_H + (HIGH_FROM - 1 - power) * CELL_H

    def quadrant_box(self, key: str) -> tuple[float, float, float, float]:
        high_rows = 5 - HIGH_FROM + 1
        split_x = self.left + (HIGH_FROM - 1) * CELL_W
        split_y = self.top + STRIP_H + high_rows * CELL_H
        right = self.left + self.width
        bottom = self.top + self.height
        x0, x1 = (split_x, right) if key in ("manage_closely", "keep_informed") else (self.left, split_x)
        y0, y1 = (self.top, split_y) if key in ("manage_closely", "keep_satisfied") else (split_y, bottom)
        return x0, y0, x1 - x0, y1 - y0


def _t(labels: Mapping[str, Any], key: str) -> str:
    return str(labels.get(key, STAKEHOLDER_LABELS["en"][key]))


def _type_label(labels: Mapping[str, Any], kind: str) -> str:
    types = {**STAKEHOLDER_LABELS["en"]["types"], **(labels.get("types") or {})}
    return str(types.get(kind, kind)) if kind else _t(labels, "unknown_type")


def _text(value: str, x: float, y: float, size: float, fill: str, anchor: str = "middle",
          bold: bool = False, extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-family="{FONT_FAMILY}" '
            f'font-size="{num(size)}" fill="{fill}"{weight}{extra}>{esc(value)}</text>')


def stakeholder_map_svg(rows: list[dict], labels: dict | None = None) -> str:
    """The power/interest grid with one dot per stakeholder that has both scores."""
    text: dict[str, Any] = {**STAKEHOLDER_LABELS["en"], **(labels or {})}
    people = stakeholders_from_rows(rows)
    placed = [p for p in people if p.placed]
    unplaced = [p for p in people if not p.placed]

    grid = Grid(MARGIN + AXIS_W + TICK_W, MARGIN)
    parts: list[str] = []
    parts += _quadrants(grid, text)
    parts += _cells(grid)
    parts += _axes(grid, text)

    by_cell: dict[tuple[int, int], list[Stakeholder]] = {}
    for person in placed:
        by_cell.setdefault((person.power, person.interest), []).append(person)  # type: ignore[arg-type]
    for (power, interest), group in sorted(by_cell.items()):
        parts += _cell_dots(grid, power, interest, group, text)

    y = grid.top + grid.height + 44
    if not placed:
        for line in wrap_text(_t(text, "empty"), 80, 3):
            parts.append(_text(line, grid.left + grid.width / 2, y, SMALL, MUTED))
            y += LINE_H + 3
        y += 6
    legend, y = _legend(grid, people, text, y)
    parts += legend
    if unplaced:
        names = ", ".join(p.name or p.organisation or _t(text, "untitled") for p in unplaced)
        chars = int(grid.width / (SMALL * 0.6))
        parts.append(_text(truncate(f"{_t(text, 'unplaced')}: {names}", chars), grid.left, y + SMALL,
                           SMALL, MUTED, anchor="start", extra=' class="unplaced"'))
        y += SMALL + 8
    width = grid.left + grid.width + MARGIN
    height = y + MARGIN
    title = f"{_t(text, 'title')}: {len(placed)}"
    desc = "; ".join(f"{p.name or p.organisation or _t(text, 'untitled')}: "
                     f"{_t(text, quadrant(p.power, p.interest))} "  # type: ignore[arg-type]
                     f"({_t(text, 'power')} {p.power}, {_t(text, 'interest')} {p.interest})"
                     for p in placed)
    return (svg_open(width, height, title, ' class="stakeholder-map"')
            + (f"<desc>{esc(desc)}</desc>" if desc else "") + "".join(parts) + "</svg>")


def _quadrants(grid: Grid, text: Mapping[str, Any]) -> list[str]:
    parts = []
    for key in QUADRANTS:
        x, y, w, h = grid.quadrant_box(key)
        parts.append(f'<rect class="quadrant {key.replace("_", "-")}" x="{num(x)}" y="{num(y)}" '
                     f'width="{num(w)}" height="{num(h)}" fill="{QUADRANT_FILLS[key]}"/>')
        label = truncate(_t(text, key), int(w / (LABEL_FONT * 0.66)))
        parts.append(_text(label, x + w / 2, y + STRIP_H - 7, LABEL_FONT, TEXT, bold=True,
                           extra=f' class="quadrant-label {key.replace("_", "-")}"'))
    return parts


def _cells(grid: Grid) -> list[str]:
    parts = []
    for power in SCALE:
        for interest in SCALE:
            parts.append(f'<rect class="cell" data-power="{power}" data-interest="{interest}" '
                         f'x="{num(grid.cell_x(interest))}" y="{num(grid.cell_y(power))}" '
                         f'width="{num(CELL_W)}" height="{num(CELL_H)}" fill="none" '
                         f'stroke="{GRID}" stroke-width="1"/>')
    for key in QUADRANTS:
        x, y, w, h = grid.quadrant_box(key)
        parts.append(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
                     f'fill="none" stroke="{BORDER}" stroke-width="1.5"/>')
    return parts


def _axes(grid: Grid, text: Mapping[str, Any]) -> list[str]:
    parts = []
    for value in SCALE:
        cy = grid.cell_y(value) + CELL_H / 2 + 4
        parts.append(_text(str(value), grid.left - 6, cy, SMALL, MUTED, anchor="end"))
        cx = grid.cell_x(value) + CELL_W / 2
        parts.append(_text(str(value), cx, grid.top + grid.height + 15, SMALL, MUTED))
    mid_y = grid.top + grid.height / 2
    ax = MARGIN + AXIS_W / 2 + 4
    parts.append(_text(f"{_t(text, 'power')} →", ax, mid_y, LABEL_FONT, TEXT, bold=True,
                       extra=f' transform="rotate(-90 {num(ax)} {num(mid_y)})" class="axis-label"'))
    parts.append(_text(f"{_t(text, 'interest')} →", grid.left + grid.width / 2,
                       grid.top + grid.height + 32, LABEL_FONT, TEXT, bold=True,
                       extra=' class="axis-label"'))
    return parts


def _cell_dots(grid: Grid, power: int, interest: int, group: Sequence[Stakeholder],
               text: Mapping[str, Any]) -> list[str]:
    """Several stakeholders in one cell share it in a small grid of slots."""
    count = len(group)
    cols = math.ceil(math.sqrt(count))
    rows = math.ceil(count / cols)
    slot_w, slot_h = CELL_W / cols, CELL_H / rows
    radius = max(2.0, min(DOT_R, slot_w / 2 - 2, slot_h / 2 - 2))
    font = FONT if cols <= 2 else 8.0
    line_h = font + 2
    room = slot_h - (2 * radius + 6)
    max_lines = max(0, min(3, int(room // line_h)))
    chars = max(4, int((slot_w - 2) / (font * 0.56)))
    quad = quadrant(power, interest)
    parts = []
    for index, person in enumerate(group):
        col, row = index % cols, index // cols
        sx = grid.cell_x(interest) + col * slot_w
        sy = grid.cell_y(power) + row * slot_h
        cx = sx + slot_w / 2
        cy = sy + radius + 3 if max_lines else sy + slot_h / 2
        name = person.name or person.organisation or _t(text, "untitled")
        colour = TYPE_COLOURS.get(person.type, UNKNOWN_COLOUR)
        tooltip = (f"{name}{f' ({person.organisation})' if person.organisation and person.name else ''}"
                   f" · {_type_label(text, person.type)} · {_t(text, 'power')} {power}, "
                   f"{_t(text, 'interest')} {interest} · {_t(text, quad)}")
        parts.append(f'<g class="stakeholder {quad.replace("_", "-")}" data-power="{power}" '
                     f'data-interest="{interest}" data-type="{esc(person.type)}">'
                     f"<title>{esc(tooltip)}</title>"
                     f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(radius)}" fill="{colour}" '
                     f'stroke="#ffffff" stroke-width="1.5"/>')
        lines = wrap_text(name, chars, max_lines) if max_lines else []
        for i, line in enumerate(lines):
            parts.append(_text(line, cx, cy + radius + font + 1 + i * line_h, font, TEXT))
        parts.append("</g>")
    return parts


def _legend(grid: Grid, people: Sequence[Stakeholder], text: Mapping[str, Any],
            y: float) -> tuple[list[str], float]:
    kinds = [k for k in TYPES if any(p.type == k for p in people)]
    if any(not p.type for p in people):
        kinds.append("")
    parts: list[str] = []
    x = grid.left
    right = grid.left + grid.width
    row_h = SMALL + 8
    for kind in kinds:
        label = _type_label(text, kind)
        item_w = 16 + text_width(label, SMALL) + 14
        if x + item_w > right and x > grid.left:
            x, y = grid.left, y + row_h
        colour = TYPE_COLOURS.get(kind, UNKNOWN_COLOUR)
        parts.append(f'<g class="legend-item"><circle cx="{num(x + 6)}" cy="{num(y + 6)}" r="6" '
                     f'fill="{colour}"/>' + _text(label, x + 16, y + 10, SMALL, TEXT, anchor="start")
                     + "</g>")
        x += item_w
    if kinds:
        y += row_h
    return parts, y

"""Exercise diagrams as standalone SVG: the problem tree.

Pure: values in, an SVG string out. The SVG is safe to inline in a page served under a
strict Content-Security-Policy: every text is XML-escaped, there are no scripts, event
handlers, `style` attributes or external references, only presentation attributes.
The small SVG helpers here (escaping, wrapping, width estimates) are shared with
`app.exercises.roadmap`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.i18n import N_, Localised

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"

WRAP_CHARS = 22
MAX_LINES = 6
ELLIPSIS = "\u2026"

TREE_LABELS: Localised = Localised(
    {
        "core": N_("Core problem"),
        "causes": N_("Causes"),
        "effects": N_("Effects"),
        "empty": N_("Write the core problem to see the tree."),
    }
)

# Characters XML 1.0 cannot carry at all (escaping does not help): C0 controls other
# than tab/LF/CR, lone surrogates and the two non-characters.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- shared text helpers ------------------------------------------------------------------

def clean_text(value: object) -> str:
    """Any value as a single string that XML (and openpyxl) can store."""
    text = "" if value is None else str(value)
    return _XML_ILLEGAL.sub("", text)


def esc(value: object) -> str:
    """Escape for XML text and double-quoted attributes alike."""
    text = clean_text(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def num(value: float) -> str:
    """A coordinate without float noise ("12.5", "40")."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def wrap_text(text: str, width: int = WRAP_CHARS, max_lines: int = MAX_LINES) -> list[str]:
    """Greedy word wrap; words longer than `width` are hard-broken; overflow ends in '…'."""
    lines: list[str] = []
    current = ""
    for word in clean_text(text).split():
        while len(word) > width:  # hard-break very long words (URLs, compounds)
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + ELLIPSIS
    return lines


def truncate(text: str, limit: int) -> str:
    """One line of at most `limit` characters, with '…' when cut."""
    flat = " ".join(clean_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + ELLIPSIS


_NARROW = set("iIjlt.,:;'|!()[]{} fr\"`і")
_WIDE = set("mwMWШЩЖЮМФЫшщжюмфы@%ДЦдц")


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """A generous estimate of the rendered width in DejaVu Sans (no font metrics here)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.36
        elif char in _WIDE:
            total += 0.95
        elif char.isupper() or char.isdigit():
            total += 0.74
        else:
            total += 0.63
    return total * font_size * (1.08 if bold else 1.0)


def svg_open(width: float, height: float, title: str, extra: str = "") -> str:
    """The root element, sized to its content, with an accessible name."""
    return (f'<svg xmlns="{SVG_NS}" width="{num(width)}" height="{num(height)}" '
            f'viewBox="0 0 {num(width)} {num(height)}" role="img" aria-label="{esc(title)}"'
            f'{extra}><title>{esc(title)}</title>')


def text_block(lines: Sequence[str], cx: float, top: float, font_size: float, line_h: float,
               fill: str, bold: bool = False, extra: str = "") -> str:
    """Centred multi-line text: one <tspan> per line, each with its own x and y."""
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{num(cx)}" y="{num(top + font_size + i * line_h)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines))
    return (f'<text x="{num(cx)}" y="{num(top + font_size)}" text-anchor="middle" '
            f'font-family="{FONT_FAMILY}" font-size="{num(font_size)}" fill="{fill}"'
            f'{weight}{extra}>{spans}</text>')


# -- problem tree -------------------------------------------------------------------------

MAX_DEPTH = 6  # deeper levels are dropped: the exercise asks for 3, and recursion stays bounded
FONT = 12.0
CORE_FONT = 14.0
LINE_H = 15.0
CORE_LINE_H = 18.0
PAD = 8.0
MIN_BOX_W = 150.0
H_GAP = 18.0
V_GAP = 40.0
MARGIN = 16.0
LABEL_GAP = 14.0

CORE_FILL, CORE_STROKE, CORE_TEXT = "#8b1a1a", "#5c0f0f", "#ffffff"
CAUSE_FILLS, CAUSE_STROKE = ("#f4a261", "#f8c291", "#fbdcbc"), "#a8501a"
EFFECT_FILLS, EFFECT_STROKE = ("#8ecae6", "#b9dcef", "#dcedf7"), "#1d6a96"
TEXT_FILL, LINK_STROKE, LABEL_FILL = "#1a1a1a", "#6b6b6b", "#555555"


@dataclass(frozen=True)
class _Node:
    lines: tuple[str, ...]
    children: tuple[_Node, ...]


@dataclass
class _Placed:
    node: _Node
    row: int          # signed: causes > 0 (below the core), effects < 0 (above)
    slot: float       # horizontal position in slot units within its forest
    children: list[_Placed]
    x: float = 0.0    # box left, filled in once the forest is positioned
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


def _clean_tree(nodes: object, depth: int = 1) -> tuple[_Node, ...]:
    """Tolerate whatever JSON the editor saved: skip blank leaves and non-dict items."""
    if not isinstance(nodes, (list, tuple)) or depth > MAX_DEPTH:
        return ()
    out: list[_Node] = []
    for item in nodes:
        if not isinstance(item, Mapping):
            continue
        children = _clean_tree(item.get("children"), depth + 1)
        lines = wrap_text(str(item.get("text") or ""))
        if lines or children:
            out.append(_Node(tuple(lines) or (ELLIPSIS,), children))
    return tuple(out)


def _place(nodes: Sequence[_Node], row: int, step: int, next_slot: list[int]) -> list[_Placed]:
    """Tidy layout: leaves take consecutive slots, parents sit centred over their children.

    Sibling subtrees own disjoint slot ranges and a parent lies inside its range, so two
    boxes in one row are always at least one slot apart: no overlap at any size.
    """
    placed = []
    for node in nodes:
        children = _place(node.children, row + step, step, next_slot)
        if children:
            slot = (children[0].slot + children[-1].slot) / 2
        else:
            slot = float(next_slot[0])
            next_slot[0] += 1
        placed.append(_Placed(node, row, slot, children))
    return placed


def _walk(placed: Sequence[_Placed]) -> list[_Placed]:
    out: list[_Placed] = []
    for p in placed:
        out.append(p)
        out.extend(_walk(p.children))
    return out


def _box_height(n_lines: int, line_h: float) -> float:
    return 2 * PAD + n_lines * line_h


def _region_labels(labels: Mapping[str, str]) -> dict[str, list[str]]:
    return {key: wrap_text(labels[key], 16, 3) for key in ("effects", "core", "causes")}


def problem_tree_svg(core_problem: str, causes: list[dict], effects: list[dict],
                     labels: dict[str, str] | None = None) -> str:
    """The problem tree: effects above the core problem, causes (roots) below it."""
    text = {**TREE_LABELS["en"], **(labels or {})}
    core_lines = wrap_text(core_problem or "", 30, MAX_LINES)
    if not core_lines:
        return _empty_svg(text)
    cause_nodes, effect_nodes = _clean_tree(causes), _clean_tree(effects)
    cause_slots, effect_slots = [0], [0]
    cause_tree = _place(cause_nodes, 1, 1, cause_slots)
    effect_tree = _place(effect_nodes, -1, -1, effect_slots)
    nodes = _walk(cause_tree) + _walk(effect_tree)

    # One box width for every cause and effect keeps the slot grid uniform.
    widest = max((text_width(line, FONT) for p in nodes for line in p.node.lines), default=0)
    box_w = max(MIN_BOX_W, widest + 2 * PAD)
    core_w = max(MIN_BOX_W * 1.4, max(text_width(t, CORE_FONT, True) for t in core_lines)
                 + 2 * PAD)
    core_h = _box_height(len(core_lines), CORE_LINE_H)
    slot_w = box_w + H_GAP

    region = _region_labels(text)
    label_w = max(text_width(t, FONT, True) for lines in region.values() for t in lines)
    left = MARGIN + label_w + LABEL_GAP
    content_w = max(cause_slots[0] * slot_w, effect_slots[0] * slot_w, core_w + H_GAP)
    centre = left + content_w / 2

    rows = _row_tops(nodes, core_h)
    for forest, count in ((cause_tree, cause_slots[0]), (effect_tree, effect_slots[0])):
        forest_left = centre - count * slot_w / 2
        for p in _walk(forest):
            p.w, p.h = box_w, _box_height(len(p.node.lines), LINE_H)
            p.x = forest_left + (p.slot + 0.5) * slot_w - box_w / 2
            top, height = rows[p.row]
            # causes hang from the top of their row, effects stand on its bottom, so
            # connectors always cross the gap between two rows and never a box
            p.y = top if p.row > 0 else top + height - p.h
    core_top, _ = rows[0]
    core = _Placed(_Node(tuple(core_lines), ()), 0, 0.0, [], centre - core_w / 2, core_top,
                   core_w, core_h)

    width = left + content_w + MARGIN
    last_top, last_h = rows[max(rows)]
    height = last_top + last_h + MARGIN
    title = f"{text['core']}: {' '.join(core_problem.split())}"
    arrow = "arrow-" + hashlib.sha1(title.encode("utf-8", "replace")).hexdigest()[:10]
    parts = [svg_open(width, height, title, ' class="problem-tree"'), _arrow_defs(arrow)]
    parts += _region_label_svg(region, rows, MARGIN + label_w / 2)
    parts += _links(core, cause_tree, arrow, towards_parent=True)
    parts += _links(core, effect_tree, arrow, towards_parent=False)
    parts.append(_box_svg(core, "core"))
    parts += [_box_svg(p, "cause" if p.row > 0 else "effect") for p in nodes]
    parts.append("</svg>")
    return "".join(parts)


def _row_tops(nodes: Sequence[_Placed], core_h: float) -> dict[int, tuple[float, float]]:
    """Row index -> (top, height); each row is as tall as its tallest box."""
    heights: dict[int, float] = {0: core_h}
    for p in nodes:
        h = _box_height(len(p.node.lines), LINE_H)
        heights[p.row] = max(heights.get(p.row, 0.0), h)
    rows: dict[int, tuple[float, float]] = {}
    y = MARGIN
    for row in sorted(heights):
        rows[row] = (y, heights[row])
        y += heights[row] + V_GAP
    return rows


def _arrow_defs(arrow_id: str) -> str:
    return (f'<defs><marker id="{arrow_id}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{LINK_STROKE}"/></marker></defs>')


def _region_label_svg(region: Mapping[str, list[str]], rows: Mapping[int, tuple[float, float]],
                      cx: float) -> list[str]:
    """'Effects', 'Core problem', 'Causes' in the left margin, beside their rows."""
    spans = {"effects": [r for r in rows if r < 0], "core": [0],
             "causes": [r for r in rows if r > 0]}
    parts = []
    for key, members in spans.items():
        if not members:
            continue
        top = rows[min(members)][0]
        bottom = rows[max(members)][0] + rows[max(members)][1]
        block_h = len(region[key]) * LINE_H
        parts.append(text_block(region[key], cx, (top + bottom - block_h) / 2 - 3, FONT, LINE_H,
                                LABEL_FILL, bold=True, extra=f' class="region-label {key}"'))
    return parts


def _links(parent: _Placed, children: Sequence[_Placed], arrow: str,
           towards_parent: bool) -> list[str]:
    """Elbow connectors; arrows follow cause -> problem -> effect."""
    parts = []
    below = bool(children) and children[0].row > 0
    for child in children:
        px, cx = parent.x + parent.w / 2, child.x + child.w / 2
        if below:
            p_edge, c_edge = parent.y + parent.h, child.y
            mid = child.y - V_GAP / 2
        else:
            p_edge, c_edge = parent.y, child.y + child.h
            mid = c_edge + V_GAP / 2
        points = [(px, p_edge), (px, mid), (cx, mid), (cx, c_edge)]
        if towards_parent:
            points.reverse()
        d = "M" + " L".join(f"{num(x)},{num(y)}" for x, y in points)
        parts.append(f'<path d="{d}" fill="none" stroke="{LINK_STROKE}" stroke-width="1.5" '
                     f'marker-end="url(#{arrow})"/>')
        parts += _links(child, child.children, arrow, towards_parent)
    return parts


def _box_svg(p: _Placed, kind: str) -> str:
    depth = abs(p.row)
    if kind == "core":
        fill, stroke, colour, size, line_h, bold = (CORE_FILL, CORE_STROKE, CORE_TEXT,
                                                    CORE_FONT, CORE_LINE_H, True)
    else:
        fills, stroke = (CAUSE_FILLS, CAUSE_STROKE) if kind == "cause" else (EFFECT_FILLS,
                                                                              EFFECT_STROKE)
        fill, colour, size, line_h, bold = fills[min(depth, 3) - 1], TEXT_FILL, FONT, LINE_H, False
    label = " ".join(p.node.lines)
    return (f'<g class="node {kind} depth-{depth}"><title>{esc(label)}</title>'
            f'<rect x="{num(p.x)}" y="{num(p.y)}" width="{num(p.w)}" height="{num(p.h)}" '
            f'rx="6" ry="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            + text_block(p.node.lines, p.x + p.w / 2, p.y + PAD - 1, size, line_h, colour, bold)
            + "</g>")


def _empty_svg(text: Mapping[str, str]) -> str:
    lines = wrap_text(text["empty"], 40, 3)
    width = max(260.0, max((text_width(t, FONT) for t in lines), default=0) + 4 * PAD)
    height = 2 * PAD + len(lines) * LINE_H + 2 * PAD
    return (svg_open(width, height, text["empty"], ' class="problem-tree empty"')
            + f'<rect x="1" y="1" width="{num(width - 2)}" height="{num(height - 2)}" rx="6" '
              f'ry="6" fill="#fafafa" stroke="#bbbbbb" stroke-dasharray="4 3"/>'
            + text_block(lines, width / 2, 2 * PAD - 2, FONT, LINE_H, LABEL_FILL)
            + "</svg>")

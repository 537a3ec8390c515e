"""Dashboard charts as SVG (pure): completion by oblast and the module funnel."""

from __future__ import annotations

from html import escape

COLOURS = {"completed": "#1a7f37", "in_progress": "#d4a72c", "enrolled": "#54aeff",
           "not_enrolled": "#d0d7de"}
ORDER = ("completed", "in_progress", "enrolled", "not_enrolled")


def oblast_chart(rows: list[dict], labels: dict[str, str], name_key: str = "oblast") -> str:
    """Stacked horizontal bars, one per oblast: completed, in progress, enrolled, the rest."""
    bar_height, gap, left, width = 16, 6, 190, 460
    height = 40 + len(rows) * (bar_height + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + width + 60}" '
             f'height="{height}" viewBox="0 0 {left + width + 60} {height}" '
             f'aria-label="{escape(labels.get("title", "Completion by oblast"))}" '
             f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
             f'<title>{escape(labels.get("title", "Completion by oblast"))}</title>']
    x = left
    for state in ORDER:  # legend
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{COLOURS[state]}"/>'
                     f'<text x="{x + 14}" y="15">{escape(labels.get(state, state))}</text>')
        x += 120
    for index, row in enumerate(rows):
        y = 30 + index * (bar_height + gap)
        total = max(1, row["total"])
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">'
                     f'{escape(str(row.get(name_key) or row["oblast"]))}</text>')
        offset = left
        for state in ORDER:
            share = width * row.get(state, 0) / total
            if share > 0:
                parts.append(f'<rect class="bar-{state}" x="{offset:.1f}" y="{y}" width="{share:.1f}" '
                             f'height="{bar_height}" fill="{COLOURS[state]}"><title>'
                             f'{escape(labels.get(state, state))}: {row.get(state, 0)}</title></rect>')
            offset += share
        parts.append(f'<text x="{left + width + 6}" y="{y + 12}">{row.get("completed", 0)}/{row["total"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(steps: list[tuple[str, int]], labels: dict[str, str]) -> str:
    """One bar per stage: enrolled participants, then completions of each module."""
    bar_height, gap, left, width = 22, 8, 140, 420
    top = max([count for _, count in steps] + [1])
    height = 10 + len(steps) * (bar_height + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + width + 70}" '
             f'height="{height}" viewBox="0 0 {left + width + 70} {height}" '
             f'aria-label="{escape(labels.get("title", "Progress per module"))}" '
             f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
             f'<title>{escape(labels.get("title", "Progress per module"))}</title>']
    for index, (name, count) in enumerate(steps):
        y = 5 + index * (bar_height + gap)
        length = width * count / top
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>'
                     f'<rect class="funnel-bar" x="{left}" y="{y}" width="{length:.1f}" '
                     f'height="{bar_height}" fill="#0057b7"/>'
                     f'<text x="{left + length + 6:.1f}" y="{y + 15}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)

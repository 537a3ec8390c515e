"""The municipal workbook: all of a team's exercises as one document (pure).

Values in (exercise definitions, saved data, owner and status labels), HTML or PDF bytes
out. Exercises follow the co-creation cycle: by step id ("1.2" before "2.1" before "2.10"),
then by exercise id, then by whose work it is. Each exercise shows its content (the same
Markdown as the single-work export, rendered safely) and, where the exercise has one, its
picture: the problem tree, the stakeholder map, the ranking of problems or the roadmap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from app.content.course import Exercise
from app.content.markdown import render_html
from app.exercises.kinds import Figure, kind_of
from app.exercises.labels import WORKBOOK_LABELS
from app.exercises.schema import to_markdown

CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #57606a; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #1b1f24; }
h1 { font-size: 18pt; color: #0057b7; margin: 0 0 4pt; }
h2 { font-size: 14pt; color: #0057b7; margin: 0 0 4pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; border-bottom: 1px solid #d0d7de; }
section.exercise { break-before: page; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 3pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; } tr { break-inside: avoid; }
figure { margin: 8pt 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 9pt; }
.meta { color: #57606a; }
"""


def _lang(lang: str) -> str:
    return "uk" if str(lang).startswith("uk") else "en"


def workbook_title(name: str, lang: str) -> str:
    """'Робочий зошит: Вінницька міська громада'."""
    return f"{WORKBOOK_LABELS[_lang(lang)]['workbook']}: {name}" if name else WORKBOOK_LABELS[_lang(lang)]["workbook"]


def step_key(step: str) -> tuple:
    """'2.10' after '2.9'; ids that are not numbers sort after numbered ones."""
    parts = []
    for part in str(step or "").split("."):
        part = part.strip()
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts) if parts and str(step or "").strip() else ((2, 0, ""),)


@dataclass(frozen=True)
class WorkbookItem:
    """One saved work: the exercise (in the reader's language), its data and labels."""

    exercise: Exercise
    data: Mapping[str, Any]
    owner: str = ""
    status: str = ""
    version: int = 1
    work_id: int | None = None


@dataclass(frozen=True)
class WorkbookSection:
    anchor: str
    step: str
    exercise_id: str
    title: str
    owner: str
    status: str
    version: int
    body: str  # safe HTML: Markdown rendered without raw HTML
    figures: tuple[Figure, ...] = field(default=())
    work_id: int | None = None


def ordered(items: Sequence[WorkbookItem]) -> list[WorkbookItem]:
    return sorted(items, key=lambda i: (step_key(i.exercise.step), i.exercise.id, i.owner))


def content_markdown(exercise: Exercise, data: Mapping[str, Any]) -> str:
    """The export's Markdown without its title, field headings one level down (###)."""
    lines = to_markdown(exercise, data, ticked_only=True).splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    out = []
    for line in lines:
        # user text is escaped by to_markdown ("\\#"), so only field headings start with "## "
        out.append("#" + line if line.startswith("## ") else line)
    return "\n".join(out).strip() + "\n"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _column_options(exercise: Exercise, field_id: str, column_id: str) -> dict[str, str]:
    spec = next((f for f in exercise.fields if f.id == field_id), None)
    column = next((c for c in spec.columns if c.id == column_id), None) if spec else None
    return dict(column.options) if column else {}


def figures(exercise: Exercise, data: Mapping[str, Any], lang: str,
            today: date | None = None) -> tuple[Figure, ...]:
    """The picture(s) of the exercise's kind; none for plain forms."""
    return kind_of(exercise).figures(exercise, data, _lang(lang), today)


def stakeholder_svg(exercise: Exercise, data: Mapping[str, Any], lang: str) -> str:
    """The stakeholder map with the type names of the exercise (in its language)."""
    figure = kind_of(exercise).figure("stakeholders", exercise, data, lang)
    return figure.svg if figure else ""


def _anchor(item: WorkbookItem, index: int) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", item.exercise.id.lower()).strip("-")
    return f"ex-{index}-{slug}"


def build_sections(items: Sequence[WorkbookItem], lang: str,
                   today: date | None = None) -> list[WorkbookSection]:
    sections = []
    for index, item in enumerate(ordered(items), start=1):
        sections.append(WorkbookSection(
            anchor=_anchor(item, index), step=item.exercise.step, exercise_id=item.exercise.id,
            title=item.exercise.title, owner=item.owner, status=item.status, version=item.version,
            body=render_html(content_markdown(item.exercise, item.data)),
            figures=figures(item.exercise, item.data, lang, today), work_id=item.work_id))
    return sections


def workbook_html(title: str, subtitle: str, sections: Sequence[WorkbookSection],
                  missing: Sequence[tuple[str, str]] = (), lang: str = "uk") -> str:
    """The printable document: title page with contents, then one exercise per page.
    `missing` lists (step, title) of exercises nobody has started."""
    text = WORKBOOK_LABELS[_lang(lang)]
    parts = [(f'<!doctype html><html lang="{escape(_lang(lang))}"><head><meta charset="utf-8">'
              f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"),
             f"<h1>{escape(title)}</h1>"]
    if subtitle:
        parts.append(f'<p class="meta">{escape(subtitle)}</p>')
    if sections:
        parts.append(f"<h2>{escape(text['contents'])}</h2><ol>")
        parts += [f'<li><a href="#{escape(s.anchor)}">{escape(s.step)} · {escape(s.title)}</a>'
                  f'{" · " + escape(s.owner) if s.owner else ""}</li>' for s in sections]
        parts.append("</ol>")
    else:
        parts.append(f"<p>{escape(text['nothing'])}</p>")
    if missing:
        parts.append(f"<h2>{escape(text['not_started'])}</h2><ul>")
        parts += [f"<li>{escape(step)} · {escape(name)}</li>" for step, name in missing]
        parts.append("</ul>")
    for s in sections:
        meta = " · ".join(p for p in (s.owner, s.status, f"{text['version']} {s.version}") if p)
        parts.append(f'<section class="exercise" id="{escape(s.anchor)}">'
                     f"<h2>{escape(s.step)} · {escape(s.title)}</h2>"
                     f'<p class="meta">{escape(meta)}</p>')
        for figure in s.figures:
            # the SVG builders escape every text and use presentation attributes only
            parts.append(f'<figure class="{escape(figure.kind)}">{figure.svg}'
                         f"<figcaption>{escape(figure.caption)}</figcaption></figure>")
        parts.append(s.body + "</section>")
    parts.append("</body></html>")
    return "".join(parts)


def workbook_pdf(title: str, subtitle: str, sections: Sequence[WorkbookSection],
                 missing: Sequence[tuple[str, str]] = (), lang: str = "uk") -> bytes:
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resources are not loaded: {url}")

    return HTML(string=workbook_html(title, subtitle, sections, missing, lang),
                url_fetcher=no_fetch).write_pdf()

"""Printable worksheets of exercises, for rooms without power or internet (pure).

An exercise definition and the words of the page in, HTML or PDF bytes out: the
instructions (without trainer notes) and, for every field, room to write by hand: lines
for text, a box for long text, numbered lines for lists, empty rows for tables, boxes to tick
for choices and checklists, three levels for a tree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from app.content.course import Exercise, FieldSpec
from app.content.markdown import render_html

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #57606a; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; color: #1b1f24; }
h1 { font-size: 16pt; color: #0057b7; margin: 0 0 2pt; }
.meta { color: #57606a; margin: 0 0 6pt; }
.who { display: flex; gap: 12pt; margin: 6pt 0 8pt; }
.who span { flex: 1; border-bottom: 1px solid #1b1f24; padding-top: 12pt; font-size: 8pt; color: #57606a; }
.instructions { font-size: 9pt; border-left: 3px solid #d0d7de; padding-left: 6pt; }
section.worksheet { break-before: page; } section.worksheet:first-of-type { break-before: auto; }
.field { margin: 8pt 0; break-inside: avoid; }
.field h3 { font-size: 10.5pt; margin: 0 0 2pt; }
.help { color: #57606a; font-size: 8.5pt; margin: 0 0 3pt; }
.line { border-bottom: 1px solid #8c959f; height: 16pt; }
.box { border: 1px solid #8c959f; height: 70pt; }
ol.lines { margin: 0; padding-left: 16pt; } ol.lines li { border-bottom: 1px solid #8c959f; height: 16pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #8c959f; padding: 2pt 3pt; text-align: left; vertical-align: top; font-size: 8.5pt; }
td { height: 22pt; }
.tick { display: inline-block; width: 9pt; height: 9pt; border: 1px solid #1b1f24; margin-right: 4pt;
  vertical-align: -1pt; }
ul.ticks { list-style: none; padding-left: 0; margin: 0; } ul.ticks li { margin: 2pt 0; }
.tree .level { border: 1px dashed #8c959f; padding: 3pt 4pt; margin: 3pt 0; min-height: 38pt; }
.tree .level b { font-size: 8.5pt; color: #57606a; }
"""

TABLE_ROWS = 6
LIST_LINES = 5


def _field_html(field: FieldSpec, words: Mapping[str, str]) -> str:
    parts = [f'<div class="field"><h3>{escape(field.label)}</h3>']
    if field.help:
        parts.append(f'<p class="help">{escape(field.help)}</p>')
    kind = field.type
    if kind in ("text", "date", "number"):
        parts.append('<div class="line"></div>')
    elif kind == "long_text":
        parts.append('<div class="box"></div>')
    elif kind == "list":
        parts.append('<ol class="lines">' + "<li></li>" * LIST_LINES + "</ol>")
    elif kind == "table":
        head = "".join(f"<th>{escape(c.label)}</th>" for c in field.columns)
        row = "<tr>" + "<td></td>" * max(1, len(field.columns)) + "</tr>"
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{row * TABLE_ROWS}</tbody></table>")
    elif kind in ("choice", "checklist"):
        options = [label for _value, label in field.options] or list(field.items)
        parts.append('<ul class="ticks">' + "".join(
            f'<li><span class="tick"></span>{escape(o)}</li>' for o in options) + "</ul>")
    elif kind == "tree":
        levels = (words["effects"], words["problem"], words["causes"])
        parts.append('<div class="tree">' + "".join(
            f'<div class="level"><b>{escape(level)}</b></div>' for level in levels) + "</div>")
    else:
        parts.append('<div class="box"></div>')
    parts.append("</div>")
    return "".join(parts)


def worksheet_section(exercise: Exercise, words: Mapping[str, str]) -> str:
    meta = " · ".join(p for p in (exercise.module, exercise.step, words.get("mode_" + exercise.mode, ""))
                      if p)
    return "".join([
        '<section class="worksheet">',
        f"<h1>{escape(exercise.title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
        (f'<div class="who"><span>{escape(words["who"])}</span><span>{escape(words["hromada"])}</span>'
        f'<span>{escape(words["date"])}</span></div>'),
        f'<div class="instructions">{render_html(exercise.body, show_notes=False)}</div>',
        *(_field_html(f, words) for f in exercise.fields),
        "</section>",
    ])


def worksheets_html(exercises: Sequence[Exercise], words: Mapping[str, str], lang: str) -> str:
    title = escape(exercises[0].title if len(exercises) == 1 else words["title"])
    body = "".join(worksheet_section(e, words) for e in exercises)
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{CSS}</style></head><body>{body}</body></html>")


def worksheets_pdf(exercises: Sequence[Exercise], words: Mapping[str, str], lang: str) -> bytes:
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resources are not loaded: {url}")

    return HTML(string=worksheets_html(exercises, words, lang), url_fetcher=no_fetch).write_pdf()

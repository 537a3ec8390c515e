"""Exercise work as a printable document (pure: values in, bytes out)."""

from __future__ import annotations

from html import escape

from app.content.course import Exercise
from app.content.markdown import render_html
from app.exercises.schema import to_markdown

CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #57606a; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #1b1f24; }
h1 { font-size: 16pt; color: #0057b7; margin: 0 0 4pt; }
h2 { font-size: 11pt; margin: 12pt 0 4pt; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 3pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; } tr { break-inside: avoid; }
.meta { color: #57606a; }
"""


def work_html(exercise: Exercise, data: dict, owner: str, version: int, lang: str) -> str:
    version_label = "версія" if lang == "uk" else "version"
    body = render_html(to_markdown(exercise, data, ticked_only=True))
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(exercise.title)}</title><style>{CSS}</style></head><body>"
            f'<p class="meta">{escape(owner)} · {version_label} {version}</p>{body}</body></html>')


def work_pdf(exercise: Exercise, data: dict, owner: str, version: int, lang: str) -> bytes:
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resources are not loaded: {url}")

    return HTML(string=work_html(exercise, data, owner, version, lang),
                url_fetcher=no_fetch).write_pdf()

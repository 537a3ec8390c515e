"""The action plan as a document: DOCX (python-docx) and PDF (WeasyPrint), in the handbook's
order (strategic vision A-I, then each commitment's fields 1-18), in English, Ukrainian, or
both side by side (English, then Ukrainian beside it). Dates as the template writes them.

No Flask and no database: a `Plan` (app.plans.rules) in, bytes out. The document is first
laid out as blocks, then written by one writer per format, so both formats say the same.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from typing import Any

from app.plans import vocab
from app.plans.rules import Commitment, Plan, Row, Text, dmy, has_text

LANGS = ("en", "uk", "both")
MISSING = {"en": "(no English text yet)", "uk": "(ще немає українського тексту)"}
TITLE = vocab.Label("title", "OGP Local action plan", "План дій OGP Local")
PERIOD = vocab.Label("period", "Action plan period", "Період плану дій")
VISION = vocab.Label("vision", "Local Open Government Strategic Vision",
                     "Місцеве стратегічне бачення відкритого врядування")
COMMITMENTS = vocab.Label("commitments", "Commitments", "Зобов'язання")
COMMITMENT = vocab.Label("commitment", "Commitment", "Зобов'язання")
JURISDICTION = vocab.Label("jurisdiction", "Jurisdiction", "Громада")
JOINT = vocab.Label("joint", "All jurisdictions of the coalition", "Усі громади коаліції")
BODY = vocab.Label("body", "Monitoring Body", "Орган моніторингу")
ENDORSED = vocab.Label("endorsed", "endorsed by non-governmental stakeholders",
                       "підтримано неурядовими сторонами")
NOT_ENDORSED = vocab.Label("not_endorsed", "not yet endorsed by non-governmental stakeholders",
                           "ще не підтримано неурядовими сторонами")


@dataclass
class Block:
    kind: str                       # heading | text | table
    level: int = 0
    text: Text = field(default_factory=lambda: {"en": "", "uk": ""})
    columns: list[Text] = field(default_factory=list)
    rows: list[list[Text]] = field(default_factory=list)
    prefix: str = ""                # a heading's number ("7.", "E.1"), written once


def _t(label: vocab.Label) -> Text:
    return {"en": label.en, "uk": label.uk}


def _same(value: str) -> Text:
    return {"en": value, "uk": value}


def _join(*parts: Text, sep: str = " ") -> Text:
    return {lang: sep.join(p[lang] for p in parts if p[lang]) for lang in ("en", "uk")}


def heading(level: int, text: Text, prefix: str = "") -> Block:
    return Block("heading", level, text, prefix=prefix)


def _labelled(label: vocab.Label, value: Text) -> Text:
    return {lang: f"{label.text(lang)}: {value[lang]}" for lang in ("en", "uk")}


def para(text: Text) -> Block:
    return Block("text", text=text)


def _row_cells(row: Row, branch: bool) -> list[Text]:
    cells = [row.organisation]
    if branch:
        cells.append(_same(row.branch))
    cells += [_same(row.contact), _same(row.title), _same(row.email), row.role]
    return cells


def _row_table(rows: list[Row], branch: bool) -> Block:
    columns = [_t(c) for c in vocab.ROW_COLUMNS if branch or c.key != "branch"]
    return Block("table", columns=columns, rows=[_row_cells(r, branch) for r in rows])


def _choices(keys: list[str], labels: dict[str, vocab.Label]) -> Text:
    return {lang: "; ".join(labels[k].text(lang) for k in keys if k in labels)
            for lang in ("en", "uk")}


def vision_blocks(plan: Plan) -> list[Block]:
    blocks = [heading(1, _t(VISION))]
    for section in vocab.VISION_SECTIONS:
        blocks.append(heading(2, _t(section), f"{section.key}."))
        if section.key == "A":
            blocks.append(para(_same(dmy(plan.submitted))))
            continue
        if section.key == "B":
            blocks.append(para(_labelled(PERIOD, _same(
                f"{dmy(plan.period_start)} - {dmy(plan.period_end)}"))))
            terms = "; ".join(f"{j.name}: {dmy(j.term_end)}" if len(plan.jurisdictions) > 1
                              else dmy(j.term_end) for j in plan.jurisdictions if j.term_end)
            items = {"B.1": _same(terms), "B.2": _same(dmy(plan.period_end))}
        else:
            items = {}
        subs = vocab.VISION_GROUPS.get(section.key)
        if subs:
            for sub in subs:
                label = vocab.VISION_ITEM[sub]
                blocks.append(heading(3, _t(label), sub))
                value = plan.vision.get(sub)
                if isinstance(value, int):
                    blocks.append(para(_same(str(value))))
                elif isinstance(value, dict) and has_text(value):
                    blocks.append(para(value))
                elif sub in items:
                    blocks.append(para(items[sub]))
                else:
                    blocks.append(para(_same("")))
                if sub == "G.1" and has_text(plan.monitoring_body):
                    state = ENDORSED if plan.monitoring_body_endorsed else NOT_ENDORSED
                    blocks.append(para(_labelled(BODY, _join(plan.monitoring_body, _same("-"),
                                                             _t(state)))))
        else:
            value = plan.vision.get(section.key)
            blocks.append(para(value if isinstance(value, dict) else _same("")))
    return blocks


def commitment_blocks(plan: Plan, c: Commitment, position: int) -> list[Block]:
    number = c.number if c.number is not None else position
    blocks = [heading(2, {lang: f"{COMMITMENT.text(lang)} {number}: "
                              f"{_cell(c.text('title'), lang)}" for lang in ("en", "uk")})]
    if len(plan.jurisdictions) > 1:
        owner = next((j.name or j.code for j in plan.jurisdictions if j.code == c.jurisdiction),
                     None)
        blocks.append(para(_labelled(JURISDICTION, _same(owner) if owner else _t(JOINT))))

    def fld(key: str) -> Block:
        return heading(3, _t(vocab.FIELD[key]), f"{key}.")

    blocks += [fld("1"), para(_same(str(number))), fld("2"), para(c.text("title")), fld("3"),
               para(_labelled(vocab.TIMEFRAME[0], _same(dmy(c.start_date)))),
               para(_labelled(vocab.TIMEFRAME[1], _same(dmy(c.end_date)))),
               fld("4"), _row_table([c.lead_agency] if c.lead_agency else [], True),
               fld("5"), _row_table([c.lead_non_government] if c.lead_non_government else [],
                                    False),
               fld("6"), _row_table(c.other_stakeholders, True)]
    for key, name in (("7", "problem"), ("8", "status_quo"), ("9", "action"),
                      ("10", "expected_results"), ("11", "long_term_goal")):
        blocks += [fld(key), para(c.text(name))]
    secured = vocab.SECURED.get(c.resources_secured)
    blocks += [fld("12"), para(_choices(c.policy_areas, vocab.POLICY_AREA)),
               fld("13"), para(_choices(c.sectors, vocab.SECTOR)),
               fld("14"), para(_choices(c.ogp_values, vocab.OGP_VALUE)),
               fld("15"), para(c.text("resources")),
               fld("16"), para(_t(secured) if secured else _same("")),
               fld("17"), Block("table", columns=[_t(col) for col in vocab.MILESTONE_COLUMNS],
                                rows=[[_same(str(i)), m.output, _same(dmy(m.start_date)),
                                       _same(dmy(m.end_date)), _same(m.responsible),
                                       _same(m.contact)]
                                      for i, m in enumerate(c.milestones, 1)]),
               fld("18"), para(c.text("additional_info"))]
    return blocks


def plan_blocks(plan: Plan) -> list[Block]:
    names = ", ".join(j.name or j.code for j in plan.jurisdictions)
    blocks = [heading(0, _labelled(TITLE, _same(names))),
              para(_labelled(PERIOD, _same(f"{dmy(plan.period_start)} - "
                                           f"{dmy(plan.period_end)}")))]
    blocks += vision_blocks(plan)
    blocks.append(heading(1, _t(COMMITMENTS)))
    for position, c in enumerate(plan.commitments, 1):
        blocks += commitment_blocks(plan, c, position)
    return blocks


def _cell(text: Text, lang: str) -> str:
    """One language's text of a value; a missing translation is said, not hidden."""
    value = text.get(lang, "").strip()
    if value:
        return value
    other = text.get("uk" if lang == "en" else "en", "").strip()
    return MISSING[lang] if other else ""


def _heading_text(text: Text, lang: str, prefix: str = "") -> str:
    if lang == "both":
        words = text["en"] if text["en"] == text["uk"] else f"{text['en']} / {text['uk']}"
    else:
        words = _cell(text, lang)
    return f"{prefix} {words}" if prefix else words


def _both_cell(text: Text) -> str:
    en, uk = text.get("en", "").strip(), text.get("uk", "").strip()
    return en if en == uk else "\n".join(v for v in (en, uk) if v)


# --- DOCX ---------------------------------------------------------------------------------

def plan_docx(plan: Plan, lang: str = "en") -> bytes:
    from docx import Document
    from docx.shared import Pt

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}")
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    document.core_properties.title = _heading_text(plan_blocks(plan)[0].text, lang)
    document.core_properties.language = "uk-UA" if lang == "uk" else "en-GB"
    for block in plan_blocks(plan):
        if block.kind == "heading":
            document.add_heading(_heading_text(block.text, lang, block.prefix), level=block.level)
        elif block.kind == "text":
            if lang == "both":
                table = document.add_table(rows=1, cols=2)
                table.style = "Table Grid"
                table.rows[0].cells[0].text = _cell(block.text, "en")
                table.rows[0].cells[1].text = _cell(block.text, "uk")
            else:
                for line in (_cell(block.text, lang) or "-").split("\n"):
                    document.add_paragraph(line)
        else:
            table = document.add_table(rows=1, cols=len(block.columns))
            table.style = "Table Grid"
            for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
                cell.text = _heading_text(column, lang)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _both_cell(value) if lang == "both" else _cell(value, lang)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 14pt; } h3 { font-size: 10.5pt; margin: 9pt 0 3pt; }
p { margin: 2pt 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; }
td, th { border: 0.5pt solid #888; padding: 3pt; vertical-align: top; white-space: pre-wrap; }
th { background: #eee; text-align: left; }
table.both td { width: 50%; }
.missing { color: #a33; font-style: italic; }
"""


def _h(text: str) -> str:
    return html.escape(text)


def plan_html(plan: Plan, lang: str = "en") -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}")
    parts: list[str] = []
    for block in plan_blocks(plan):
        if block.kind == "heading":
            tag = f"h{min(block.level, 3) or 1}"
            parts.append(f"<{tag}>{_h(_heading_text(block.text, lang, block.prefix))}</{tag}>")
        elif block.kind == "text":
            if lang == "both":
                parts.append('<table class="both"><tr>'
                             f'<td lang="en">{_h(_cell(block.text, "en"))}</td>'
                             f'<td lang="uk">{_h(_cell(block.text, "uk"))}</td></tr></table>')
            else:
                parts.append(f"<p>{_h(_cell(block.text, lang))}</p>")
        else:
            head = "".join(f"<th>{_h(_heading_text(c, lang))}</th>" for c in block.columns)
            body = "".join("<tr>" + "".join(
                f"<td>{_h(_both_cell(v) if lang == 'both' else _cell(v, lang))}</td>"
                for v in row) + "</tr>" for row in block.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    page_lang = "uk" if lang == "uk" else "en"
    return (f'<!doctype html><html lang="{page_lang}"><head><meta charset="utf-8">'
            f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>")


def plan_pdf(plan: Plan, lang: str = "en") -> bytes:
    from weasyprint import HTML  # slow to import; only PDF callers pay for it

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"external resource refused: {url[:60]}")

    return HTML(string=plan_html(plan, lang), url_fetcher=no_fetch).write_pdf()

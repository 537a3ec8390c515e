"""The action plan's DOCX and PDF, opened again: handbook order, 18 numbered fields per
commitment, DD/MM/YYYY dates, both languages side by side; and the export command."""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from pypdf import PdfReader

from app.plans import vocab
from app.plans.export import plan_docx, plan_pdf
from app.plans.rules import parse_plan
from tests.unit.test_plan_rules import commitment, plan, run_cli

FIELD_HEADING = re.compile(r"^(\d{1,2})\. ")


def headings(document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        name = p.style.name
        if name == "Title":
            out.append((0, p.text))
        elif name.startswith("Heading "):
            out.append((int(name.split()[1]), p.text))
    return out


def all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def sample():
    data = plan(commitments=[commitment(1), commitment(2, start="2027-01-15", end="2028-03-31")])
    data["submitted"] = "2026-07-20"
    data["commitments"][1]["milestones"][0]["start_date"] = "2027-01-15"
    return parse_plan(data)


def test_docx_in_english_follows_the_handbook_order():
    document = Document(io.BytesIO(plan_docx(sample(), "en")))
    found = headings(document)
    level2 = [text for level, text in found if level == 2]
    sections = [f"{s.key}. {s.en}" for s in vocab.VISION_SECTIONS]
    assert level2[:9] == sections
    assert level2[9:] == ["Commitment 1: Publish the repair queue as open data",
                          "Commitment 2: Publish the repair queue as open data"]
    vision_items = [text.split()[0] for level, text in found[:found.index((1, "Commitments"))]
                    if level == 3]
    assert vision_items == ["B.1", "B.2", *[f"E.{n}" for n in range(1, 7)],
                            *[f"F.{n}" for n in range(1, 9)], *[f"G.{n}" for n in range(1, 5)]]
    # each commitment: the 18 numbered fields in order, with the handbook's labels
    after = found[found.index((1, "Commitments")):]
    starts = [i for i, (level, _text) in enumerate(after) if level == 2]
    for start, end in zip(starts, [*starts[1:], len(after)], strict=True):
        fields = [text for level, text in after[start + 1:end] if level == 3]
        assert [int(FIELD_HEADING.match(t)[1]) for t in fields] == list(range(1, 19))
        assert fields[6] == "7. Problem" and fields[16] == "17. Milestones"
    text = all_text(document)
    assert "20/07/2026" in text and "Start date: 15/01/2027" in text and "31/03/2028" in text
    assert "Open Data; Public Procurement" in text
    assert "Technology/innovation for accountability" in text
    assert "Олена Коваль" in text and "Reconstruction department" in text
    assert "Управління відновлення" not in text   # English only


def test_docx_both_puts_ukrainian_beside_english():
    document = Document(io.BytesIO(plan_docx(sample(), "both")))
    found = [text for _level, text in headings(document)]
    assert "7. Problem / Проблема" in found
    assert "E.1 Long-term vision for open government / Довгострокове бачення відкритого врядування" in found
    pairs = [(t.rows[0].cells[0].text, t.rows[0].cells[1].text) for t in document.tables
             if len(t.columns) == 2 and len(t.rows) == 1]
    assert ("Residents do not know when their building is repaired.", "Мешканці не знають.") in pairs
    assert ("Open Data; Public Procurement", "Відкриті дані; Публічні закупівлі") in pairs


def test_docx_in_ukrainian_says_where_a_translation_is_missing():
    data = plan()
    data["commitments"][0]["action"] = {"en": "Adopt criteria."}
    document = Document(io.BytesIO(plan_docx(parse_plan(data), "uk")))
    found = [text for _level, text in headings(document)]
    assert "9. Дія" in found and "Зобов'язання 1: Оприлюднити чергу ремонтів" in found
    assert "(ще немає українського тексту)" in all_text(document)


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Local Open Government Strategic Vision", "17. Milestones", "Criteria adopted", "31/12/2026"]),
    ("both", ["17. Milestones / Етапи", "Критерії ухвалено", "Criteria adopted"]),
])
def test_pdf_text_can_be_read_back(lang, expected):
    reader = PdfReader(io.BytesIO(plan_pdf(sample(), lang)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for phrase in expected:
        assert phrase in text, phrase
    assert text.index("A. Date submitted") < text.index("I. Full open government") < text.index("1. Commitment number")


def test_export_command_writes_docx_and_refuses_bad_input(tmp_path):
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(plan(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plan.docx"
    done = run_cli("export", str(source), "--format", "docx", "--lang", "both", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "9. Action / Дія" in [p.text for p in Document(str(out)).paragraphs]
    bad = tmp_path / "bad.json"
    data = plan()
    data["commitments"][0]["sectors"] = ["Outer space"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("export", str(bad), "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{bad}: commitments[0].sectors[0]: unknown value 'Outer space'"
    assert not (tmp_path / "x.pdf").exists()

"""Files people open: spreadsheets, calendars, printed work, figures in Ukrainian."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from icalendar import Calendar
from openpyxl import load_workbook

from app.content.services import load_library
from app.exercises.schema import to_markdown
from app.pathway import rules as pathway_rules
from app.scheduling.ics import _vtimezone
from app.spreadsheets import csv_bytes, csv_delimiter, xlsx_bytes
from app.text import transliterate
from tests.conftest import ROOT


def test_xlsx_text_cells_keep_their_text_and_never_run():
    data = xlsx_bytes(["Назва"], [['=HYPERLINK("http://evil","клік")'], ["Вінниця"], [date(2026, 1, 2)]], "T")
    sheet = load_workbook(io.BytesIO(data)).active
    formula, plain, day = sheet["A2"], sheet["A3"], sheet["A4"]
    # text, marked as text with Excel's quote prefix: no apostrophe shows in the cell
    assert formula.value == '=HYPERLINK("http://evil","клік")'
    assert formula.data_type == "s" and formula.quotePrefix
    assert plain.value == "Вінниця" and not plain.quotePrefix
    assert day.is_date


def test_csv_for_excel_under_a_ukrainian_locale_uses_semicolons():
    assert csv_delimiter("semicolon") == ";" and csv_delimiter("anything") == ","
    body = csv_bytes(["Громада", "Частка"], [["Мар’янівська", "12,5"], ["=1+1", "x"]], ";")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Громада", "Частка"], ["Мар’янівська", "12,5"], ["'=1+1", "x"]]


def test_raions_in_the_official_transliteration():
    assert transliterate("Вінницький") == "Vinnytskyi"
    assert transliterate("Білгород-Дністровський") == "Bilhorod-Dnistrovskyi"
    assert transliterate("Знам’янський") == "Znamianskyi"      # apostrophe dropped
    assert transliterate("Згурівка") == "Zghurivka"             # зг -> zgh
    assert transliterate("Єнакієве") == "Yenakiieve"            # initial Є -> Ye
    assert transliterate("Ізюмський") == "Iziumskyi"


def test_ics_time_zone_repeats_every_year():
    """A feed written in 2030 still puts a 2032 summer event at UTC+3."""
    zone = _vtimezone(ZoneInfo("Europe/Kyiv"), date(2030, 3, 4), date(2030, 3, 5))
    rules = {sub.name: sub.get("rrule") for sub in zone.subcomponents if sub.get("rrule")}
    assert set(rules) == {"DAYLIGHT", "STANDARD"}
    assert rules["DAYLIGHT"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rules["STANDARD"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    daylight = next(s for s in zone.subcomponents if s.name == "DAYLIGHT")
    assert daylight.decoded("dtstart") == datetime(2030, 3, 31, 3, 0)  # in the offset it ends
    calendar = Calendar.from_ical(zone.to_ical())
    assert calendar is not None
    # a zone without clock changes gets no rule
    tokyo = _vtimezone(ZoneInfo("Asia/Tokyo"), date(2030, 1, 1), date(2030, 1, 2))
    assert not any(sub.get("rrule") for sub in tokyo.subcomponents)


def test_printed_work_lists_only_the_ticked_options():
    library = load_library(ROOT)
    exercise = next(e for e in library.exercises if any(f.type == "checklist" for f in e.fields))
    spec = next(f for f in exercise.fields if f.type == "checklist")
    data = {spec.id: [1]}
    printed = to_markdown(exercise, data, ticked_only=True)
    assert spec.items[1] in printed
    assert spec.items[0] not in printed and "[ ]" not in printed
    assert "[ ]" in to_markdown(exercise, data)  # the worksheet keeps every box


def test_ukrainian_figures_use_a_decimal_comma_and_a_spaced_percent():
    assert pathway_rules.pct(Fraction(100), 1, "uk") == "100,0\u00a0%"
    assert pathway_rules.pct(Fraction(200, 3), 1, "uk") == "66,7\u00a0%"
    assert pathway_rules.pct(Fraction(100), 1) == "100.0%"
    assert pathway_rules.signed(Fraction(25, 2), 1, "uk") == "+12,5"
    assert pathway_rules.pct(None, 1, "uk") == "—"


def test_certificate_wording_fits_every_holder():
    from app.orientation.certificates import TEXT, CertificateView, certificate_html

    view = CertificateView("module", "Мар’яна Ткаченко", "M1 · Базові поняття", datetime(2026, 3, 3),
                           "ABCD-EFGH-JKMN", "https://example.org/verify/ABCD-EFGH-JKMN")
    page = certificate_html(view, "uk")
    assert "за успішне завершення модуля" in page
    assert not any("(-" in text for text in TEXT["uk"].values())


def _lonely_headings(pdf: bytes, headings: list[str]) -> list[str]:
    """Day headings printed on a page with nothing of their day after them."""
    from pypdf import PdfReader

    lonely = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for heading in headings:
            if heading in lines:
                after = lines[lines.index(heading) + 1:]
                # the date line and the page counter do not count as the day's content
                content = [x for x in after if not x[:1].isdigit() and "," not in x[:14]]
                if not content:
                    lonely.append(f"page {number}: {heading}")
    return lonely


def test_agenda_pdf_keeps_each_day_heading_with_its_table():
    """A long organisation line pushes the day's heading to the foot of the first page; the
    heading must then move to the next page with its table (without the rule it stays behind
    alone at these lengths)."""
    from app.decks.agenda_render import render_pdf
    from app.scheduling.agenda import parse_start, schedule_modules

    library = load_library(ROOT)
    module = library.translated("module", "M1", "uk")[0]
    agenda = schedule_modules([module], parse_start("2026-03-02 09:30"), "Europe/Kyiv")
    headings = [d.title or f"День {d.number}" for d in agenda.days]
    for repeat in (170, 190, 210):
        pdf = render_pdf(agenda, version="trainer", lang="uk",
                         organisation="Асоціація міст України " * repeat)
        assert _lonely_headings(pdf, headings) == [], repeat

"""The co-creation roadmap: date checks, Gantt SVG, CSV/XLSX/ICS exports, default rows."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from app.content.course import Phase, Step
from app.content.parser import parse_cycle
from app.exercises.roadmap import (
    COLUMNS,
    GANTT_LABELS,
    RoadmapIssue,
    check_roadmap,
    default_steps,
    gantt_svg,
    roadmap_csv,
    roadmap_ics,
    roadmap_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
NS = {"s": "http://www.w3.org/2000/svg"}
PLAN = (date(2026, 2, 1), date(2027, 7, 31))
STAMP = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)",
              "\tTAB", "\rCR"]


def step(sid: str, title: str, start: str = "", end: str = "", owner: str = "Owner",
         status: str = "not_started", notes: str = "") -> dict:
    return {"step": sid, "title": title, "start_date": start, "end_date": end, "owner": owner,
            "status": status, "notes": notes}


def good_steps() -> list[dict]:
    return [step("1.1", "Build a Team", "2026-02-01", "2026-02-20", "Deputy mayor", "done"),
            step("1.3", "Develop a Roadmap", "2026-02-15", "2026-03-01"),
            step("2.1", "Identify Opportunity Areas", "2026-03-15", "2026-04-10"),
            step("3.3", "Validate & Approve", "2026-05-20", "2026-06-10"),
            step("4.2", "Monitor Commitments", "2026-07-01", "2027-07-31"),
            step("5.1", "Plan the Learning Journey", "2026-02-10", "2026-03-01")]


def messages(issues: list[RoadmapIssue], level: str) -> list[str]:
    return [i.message for i in issues if i.level == level]


# -- checks ---------------------------------------------------------------------------------

def test_a_consistent_roadmap_has_no_issues() -> None:
    # phase 5 overlapping everything is intended: learning is planned from the start
    assert check_roadmap(*PLAN, good_steps()) == []


def test_step_ending_before_it_starts() -> None:
    steps = [step("1.3", "Develop a Roadmap", "2026-03-01", "2026-02-10")]
    assert check_roadmap(*PLAN, steps) == [
        RoadmapIssue("error", 0, "Step 1.3 'Develop a Roadmap' ends before it starts")]
    assert messages(check_roadmap(*PLAN, steps, "uk"), "error") == [
        "Крок 1.3 «Develop a Roadmap» закінчується раніше, ніж починається"]


def test_steps_outside_the_plan_period() -> None:
    steps = [step("1.1", "Build a Team", "2026-01-15", "2026-02-10"),
             step("4.2", "Monitor Commitments", "2026-07-01", "2027-09-30"),
             step("5.3", "Assess", "2027-09-01", ""),
             step("", "Kick-off", "", "2026-01-20")]
    issues = check_roadmap(*PLAN, steps)
    assert messages(issues, "error") == [
        "Step 1.1 'Build a Team' starts before the plan period (2026-02-01)",
        "Step 4.2 'Monitor Commitments' ends after the plan period (2027-07-31)",
        "Step 5.3 'Assess' starts after the plan period ends (2027-07-31)",
        "Step 'Kick-off' ends before the plan period starts (2026-02-01)"]
    assert [i.step_index for i in issues if i.level == "error"] == [0, 1, 2, 3]
    assert messages(check_roadmap(*PLAN, steps[:1], "uk"), "error") == [
        "Крок 1.1 «Build a Team» починається до початку періоду плану (2026-02-01)"]


def test_plan_ending_before_it_starts() -> None:
    issues = check_roadmap(date(2027, 1, 1), date(2026, 1, 1), good_steps())
    assert issues == [RoadmapIssue(
        "error", None, "The plan period ends (2026-01-01) before it starts (2027-01-01)")]
    assert messages(check_roadmap(date(2027, 1, 1), date(2026, 1, 1), [], "uk"), "error") == [
        "Період плану закінчується (2026-01-01) раніше, ніж починається (2027-01-01)"]


def test_unparseable_dates() -> None:
    steps = [step("2.2", "Prioritize", "31.03.2026", "2026-02-30")]
    assert messages(check_roadmap(*PLAN, steps), "error") == [
        "Step 2.2 'Prioritize': the start date '31.03.2026' is not a valid date (use YYYY-MM-DD)",
        "Step 2.2 'Prioritize': the end date '2026-02-30' is not a valid date (use YYYY-MM-DD)"]
    steps = [step("2.2", "Prioritize", "завтра", "2026-03-01")]
    assert messages(check_roadmap(*PLAN, steps, "uk"), "error") == [
        "Крок 2.2 «Prioritize»: дата початку «завтра» не є коректною датою (формат РРРР-ММ-ДД)"]


def test_overlapping_phases_warn() -> None:
    steps = good_steps()
    steps[2] = step("2.1", "Identify Opportunity Areas", "2026-02-20", "2026-04-10")
    steps[3] = step("3.3", "Validate & Approve", "2026-04-01", "2026-06-10")
    issues = check_roadmap(*PLAN, steps)
    assert messages(issues, "warning") == [
        "Phase 2 starts (2026-02-20) before phase 1 ends (2026-03-01)",
        "Phase 3 starts (2026-04-01) before phase 2 ends (2026-04-10)"]
    assert [i.step_index for i in issues] == [None, None]
    assert messages(check_roadmap(*PLAN, steps, "uk"), "warning")[0] == (
        "Фаза 2 починається (2026-02-20) до завершення фази 1 (2026-03-01)")


def test_a_phase_is_compared_with_every_earlier_phase() -> None:
    # phase 2 has no dates yet: phase 3 is then checked against phase 1
    steps = [step("1.1", "A", "2026-02-01", "2026-09-01"), step("2.1", "B"),
             step("3.1", "C", "2026-08-01", "2026-10-01")]
    assert messages(check_roadmap(*PLAN, steps), "warning")[-1:] == [
        "Phase 3 starts (2026-08-01) before phase 1 ends (2026-09-01)"]


def test_missing_dates_and_owners_warn() -> None:
    steps = [step("1.2", "Identify a Forum"), step("1.4", "Raise Awareness", "2026-03-01"),
             step("2.3", "Identify Solutions", "", "2026-04-01"),
             step("2.4", "Build a Network", "2026-04-01", "2026-05-01", owner="  "),
             step("", "", owner=""), {"step": "", "title": "", "owner": " ", "notes": ""}]
    assert check_roadmap(*PLAN, steps) == [
        RoadmapIssue("warning", 0, "Step 1.2 'Identify a Forum' has no dates"),
        RoadmapIssue("warning", 1, "Step 1.4 'Raise Awareness' has no end date"),
        RoadmapIssue("warning", 2, "Step 2.3 'Identify Solutions' has no start date"),
        RoadmapIssue("warning", 3, "Step 2.4 'Build a Network' has no owner")]  # blank rows skipped
    assert messages(check_roadmap(*PLAN, steps, "uk"), "warning") == [
        "Крок 1.2 «Identify a Forum»: не вказано дат",
        "Крок 1.4 «Raise Awareness»: не вказано дату завершення",
        "Крок 2.3 «Identify Solutions»: не вказано дату початку",
        "Крок 2.4 «Build a Network»: не вказано відповідального"]


def test_errors_come_before_warnings_and_rows_are_named() -> None:
    steps = [step("", "Donor meeting", owner=""),
             step("", "", "2026-03-02", "2026-03-01", owner="")]
    assert check_roadmap(*PLAN, steps) == [
        RoadmapIssue("error", 1, "Row 2 ends before it starts"),
        RoadmapIssue("warning", 0, "Step 'Donor meeting' has no dates"),
        RoadmapIssue("warning", 0, "Step 'Donor meeting' has no owner"),
        RoadmapIssue("warning", 1, "Row 2 has no owner")]


def test_checks_work_without_a_plan_period_and_accept_step_id() -> None:
    steps = [{"step_id": "1.1", "title": "Build a Team", "start_date": "2020-01-01",
              "end_date": "2020-01-02", "owner": "Mayor"}]
    assert check_roadmap(None, None, steps) == []


# -- Gantt ----------------------------------------------------------------------------------

def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classed(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.get("class", "").split()]


def test_gantt_draws_one_bar_per_dated_step_and_lists_the_rest() -> None:
    steps = [*good_steps(), step("2.2", "Prioritize"), step("", "Half dated", "2026-03-01")]
    root = parse(gantt_svg(steps, plan_start=PLAN[0], plan_end=PLAN[1]))
    assert root.get("role") == "img" and root.find("s:title", NS).text == "Co-creation roadmap"
    assert len(classed(root, "gantt-bar")) == 6
    labels = [e.text for e in classed(root, "gantt-label")]
    assert labels[0] == "1.1 Build a Team" and labels[-2:] == ["2.2 Prioritize", "Half dated"]
    assert len(classed(root, "gantt-plan")) == 1
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_gantt_bars_follow_the_dates() -> None:
    root = parse(gantt_svg(good_steps()))
    bars = {b.find("s:title", NS).text.split(":")[0]: b for b in classed(root, "gantt-bar")}
    team, monitor = bars["1.1 Build a Team"], bars["4.2 Monitor Commitments"]
    assert float(team.get("x")) < float(monitor.get("x"))
    assert float(monitor.get("width")) > 10 * float(team.get("width"))
    assert team.get("fill") != monitor.get("fill")  # coloured by phase


def test_gantt_today_line_only_in_range() -> None:
    inside = parse(gantt_svg(good_steps(), today=date(2026, 5, 5), labels=GANTT_LABELS["uk"]))
    assert len(classed(inside, "gantt-today")) == 1
    assert classed(inside, "gantt-today-label")[0].text == "сьогодні"
    for today in (date(2030, 1, 1), date(2025, 1, 1), None):
        outside = parse(gantt_svg(good_steps(), today=today))
        assert classed(outside, "gantt-today") == []
        assert "today" not in "".join(outside.itertext())


def test_gantt_escapes_text_and_uses_no_styles_or_scripts() -> None:
    steps = [step("1.1", '<script>alert(1)</script> & "x"', "2026-02-01", "2026-02-10")]
    svg = gantt_svg(steps, today=date(2026, 2, 5))
    assert "<script" not in svg
    root = parse(svg)
    assert "<script>alert(1)</script>" in "".join(root.itertext())
    for element in root.iter():
        assert not element.tag.endswith("script")
        assert all(n != "style" and not n.startswith("on") and "href" not in n
                   for n in element.attrib)


def test_gantt_without_dates_lists_steps_and_a_hint() -> None:
    root = parse(gantt_svg([step("1.1", "Build a Team"), step("1.2", "Identify a Forum")]))
    assert classed(root, "gantt-bar") == []
    assert len(classed(root, "gantt-label")) == 2
    assert "No dates yet" in "".join(root.itertext())
    assert parse(gantt_svg([])).get("role") == "img"


def test_gantt_survives_a_typo_decades_away() -> None:
    steps = [step("1.1", "Build a Team", "2026-02-01", "2062-02-20")]
    root = parse(gantt_svg(steps, today=date(2030, 1, 1)))
    assert float(root.get("width")) < 3000
    assert len(classed(root, "gantt-bar")) == 1


# -- exports --------------------------------------------------------------------------------

def injected_steps() -> list[dict]:
    return [step("1.1", text, "2026-02-01", "2026-02-10", owner=text, notes=text)
            for text in INJECTIONS]


def test_csv_has_the_columns_and_neutralises_formulas() -> None:
    text = roadmap_csv(injected_steps(), *PLAN)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["plan", "Plan period", "2026-02-01", "2027-07-31", "", "", ""]
    for row, original in zip(rows[2:], INJECTIONS, strict=True):
        assert row[1] == row[4] == row[6] == "'" + original
        assert row[2:4] == ["2026-02-01", "2026-02-10"]
    safe = list(csv.reader(io.StringIO(roadmap_csv(good_steps(), None, None))))
    assert safe[1][:4] == ["1.1", "Build a Team", "2026-02-01", "2026-02-20"]


def test_xlsx_stores_text_as_text_and_dates_as_dates() -> None:
    steps = [*injected_steps(), step("2.1", "Bad date", "soon")]
    data = roadmap_xlsx(steps, *PLAN, "Roadmap · Київ")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert book.properties.title == "Roadmap · Київ"
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert sheet["C2"].value == datetime(2026, 2, 1)
    for row, original in zip(sheet.iter_rows(min_row=3, max_row=2 + len(INJECTIONS)),
                             INJECTIONS, strict=True):
        for cell in (row[1], row[4], row[6]):
            assert cell.data_type == "s" and cell.quotePrefix
            assert cell.value == original  # the text as typed, no apostrophe shown
        assert row[2].value == datetime(2026, 2, 1) and row[2].is_date
    last = sheet[sheet.max_row]
    assert last[2].value == "soon" and last[2].data_type == "s"
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_xlsx_keeps_plain_text_untouched() -> None:
    sheet = load_workbook(io.BytesIO(roadmap_xlsx(good_steps(), None, None, "T"))).active
    assert sheet["A2"].value == "1.1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "Build a Team"
    assert sheet["D2"].value == datetime(2026, 2, 20)


def ics_events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_ics_has_one_all_day_event_per_dated_step() -> None:
    steps = [*good_steps(), step("2.2", "Undated"),
             step("2.3", "Reversed", "2026-05-02", "2026-05-01")]
    events = ics_events(roadmap_ics(steps, "Roadmap", "spilno-work-7", stamp=STAMP))
    assert len(events) == 6
    first = events[0]
    assert str(first["summary"]) == "1.1 Build a Team"
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert type(start) is date and type(end) is date
    assert (start, end) == (date(2026, 2, 1), date(2026, 2, 21))  # exclusive end
    assert first["dtstart"].params.get("VALUE") == "DATE"
    assert first.decoded("dtstamp") == STAMP
    description = str(first["description"])
    assert "Owner: Deputy mayor" in description and "Status: done" in description


def test_ics_uids_are_stable() -> None:
    one = roadmap_ics(good_steps(), "Roadmap", "spilno-work-7", stamp=STAMP)
    two = roadmap_ics(good_steps(), "Roadmap", "spilno-work-7",
                      stamp=STAMP + timedelta(days=3))
    uids = [str(e["uid"]) for e in ics_events(one)]
    assert uids == [str(e["uid"]) for e in ics_events(two)]
    assert uids[0] == "spilno-work-7-step-0@spilno" and len(set(uids)) == len(uids)


def test_ics_stamp_is_utc_and_notes_are_included() -> None:
    from zoneinfo import ZoneInfo

    kyiv = datetime(2026, 2, 1, 14, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    steps = [step("1.1", "Build a Team", "2026-02-01", "2026-02-02", notes="Line 1\nРядок 2")]
    event = ics_events(roadmap_ics(steps, "T", "p", stamp=kyiv, lang="uk"))[0]
    assert event.decoded("dtstamp") == STAMP
    assert event.decoded("dtstamp").utcoffset() == timedelta(0)
    description = str(event["description"])
    assert "Line 1\nРядок 2" in description and "Статус: не розпочато" in description


# -- default rows ---------------------------------------------------------------------------

def test_default_steps_from_phases() -> None:
    phases = (Phase(1, "Prepare", "Підготовка", "", (
        Step("1.1", "Build a Team", "Сформувати команду", "", 1),
        Step("1.2", "Identify a Forum", "", "", 1))),)
    assert default_steps(phases) == [
        step("1.1", "Build a Team", owner=""), step("1.2", "Identify a Forum", owner="")]
    assert [s["title"] for s in default_steps(phases, lang="uk")] == [
        "Сформувати команду", "Identify a Forum"]  # falls back to English when untranslated


def test_default_steps_cover_the_whole_cycle() -> None:
    path = ROOT / "modules" / "cocreation-cycle.yaml"
    phases, issues = parse_cycle(path.read_text(encoding="utf-8"), str(path))
    assert not [i for i in issues if i.level == "error"]
    rows = default_steps(phases, lang="uk")
    assert len(rows) == 18
    assert rows[0]["step"] == "1.1" and rows[-1]["step"] == "5.3"
    assert all(r["status"] == "not_started" and r["start_date"] == "" for r in rows)
    # a fresh roadmap only warns (no dates, no owners): nothing is wrong yet
    assert {i.level for i in check_roadmap(*PLAN, rows)} == {"warning"}


@pytest.mark.parametrize("lang", ["en", "uk", "uk_UA", "de"])
def test_any_language_code_is_accepted(lang: str) -> None:
    assert len(check_roadmap(*PLAN, [step("1.1", "A")], lang)) == 1

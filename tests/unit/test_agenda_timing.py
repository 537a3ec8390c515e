"""Agenda timing and its HTML, PDF and iCalendar renderings, on the shipped course."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from app.content.course import Library, Module, PlanItem
from app.content.services import load_library
from app.decks.agenda_render import agenda_css, render_html, render_pdf
from app.scheduling.agenda import (
    Agenda,
    AgendaError,
    normalise_zone,
    parse_start,
    schedule_modules,
    schedule_plan,
)
from app.scheduling.ics import render_ics

ROOT = Path(__file__).resolve().parents[2]
KYIV = "Europe/Kyiv"
WINTER, SUMMER = timedelta(hours=2), timedelta(hours=3)
STAMP = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT)


@pytest.fixture(scope="module")
def modules(library: Library) -> dict[str, Module]:
    return {m.id: m for m in library.modules}


@pytest.fixture(scope="module")
def two_day(library: Library, modules: dict[str, Module]) -> Agenda:
    plan = library.plan("tot-two-day")
    return schedule_plan(plan, modules, parse_start("2026-03-02 09:30"), KYIV)


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def row_times(agenda: Agenda, day: int) -> list[tuple[str, str, str, str]]:
    return [(clock(r.start), clock(r.end), r.module_id, r.topic) for r in agenda.days[day].rows]


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


# -- timing ----------------------------------------------------------------------------

def test_two_day_plan_clock_times(two_day: Agenda):
    day1, day2 = two_day.days
    assert (day1.date, day2.date) == (date(2026, 3, 2), date(2026, 3, 3))
    rows = row_times(two_day, 0)
    assert rows[0] == ("09:30", "09:35", "M1", "Welcome")
    assert rows[6] == ("10:25", "10:30", "M1", "Conclusion")
    assert rows[7] == ("10:30", "11:30", "", "Lunch")
    assert rows[8] == ("11:30", "11:35", "M2", "Welcome")
    assert rows[-1] == ("13:55", "14:00", "M2", "Conclusion")  # M2 ends with a 5-minute close
    assert ("12:25", "12:35", "M2", "Break") in rows  # the break inside the 150-minute module
    # Day 2 keeps its own plan start time, not day 1's.
    assert [(clock(s.start), clock(s.end), s.module_id) for s in day2.sessions] == [
        ("09:30", "12:00", "M3"), ("13:00", "14:00", "M4"), ("14:15", "15:15", "M5")]
    assert [(p.topic, clock(p.start), p.minutes, p.kind, p.is_break) for p in day2.pauses] == [
        ("Lunch", "12:00", 60, "pause", True), ("Coffee break", "14:00", 15, "pause", True)]
    assert two_day.total_minutes == 60 + 60 + 150 + 150 + 60 + 60 + 15 + 60
    assert two_day.finish == datetime(2026, 3, 3, 15, 15, tzinfo=two_day.finish.tzinfo)
    assert all(r.start.utcoffset() == WINTER for d in two_day.days for r in d.rows)


def test_plan_default_start_matches_the_plan_file(library, modules):
    agenda = schedule_plan(library.plan("tot-two-day"), modules,
                           parse_start("2026-05-12 11:00"), KYIV)
    m2 = agenda.days[0].sessions[1]
    assert (clock(m2.start), clock(m2.end)) == ("13:00", "15:30")
    assert agenda.days[0].start.utcoffset() == SUMMER


def test_a_session_across_spring_forward_keeps_real_minutes(modules):
    agenda = schedule_modules([modules["M2"]], parse_start("2026-03-29 02:00"), KYIV)
    rows = agenda.days[0].rows
    pause = next(r for r in rows if r.topic == "Break")  # 0:55-1:05: across 03:00 winter time
    assert (clock(pause.start), clock(pause.end), pause.minutes) == ("02:55", "04:05", 10)
    assert pause.start.utcoffset() == WINTER and pause.end.utcoffset() == SUMMER
    discover = next(r for r in rows if r.topic == "Phase 2 - Discover and Define")
    assert (clock(discover.start), clock(discover.end), discover.minutes) == ("04:05", "04:45", 40)
    assert clock(agenda.finish) == "05:30" and agenda.total_minutes == 150


def test_a_session_across_fall_back_keeps_real_minutes(modules):
    agenda = schedule_modules([modules["M2"]], parse_start("2026-10-25 02:00"), KYIV)
    network = next(r for r in agenda.days[0].rows
                   if r.topic == "Phase 2 - Building a support network")
    # 03:45 summer time is followed, 30 real minutes later, by 03:15 winter time.
    assert (clock(network.start), clock(network.end), network.minutes) == ("03:45", "03:15", 30)
    assert agenda.finish.utcoffset() == WINTER and clock(agenda.finish) == "03:30"
    assert agenda.total_minutes == 150


def test_modules_back_to_back_with_breaks(modules):
    agenda = schedule_modules([modules["M1"], modules["M4"]], parse_start("2026-06-01 10:00"),
                              KYIV, breaks_between=15)
    assert row_times(agenda, 0)[7] == ("11:00", "11:15", "", "Break")
    assert clock(agenda.finish) == "12:15" and agenda.total_minutes == 135
    assert [s.module_id for s in agenda.sessions] == ["M1", "M4"]


def test_five_week_plan_changes_offset_between_weeks(library, modules):
    agenda = schedule_plan(library.plan("online-five-week"), modules,
                           parse_start("2026-03-02 14:00"), KYIV)
    assert [d.date for d in agenda.days] == [date(2026, 3, 2) + timedelta(weeks=w)
                                             for w in range(5)]
    assert [clock(d.start) for d in agenda.days] == ["14:00"] * 5
    assert agenda.days[3].start.utcoffset() == WINTER  # 23 March
    assert agenda.days[4].start.utcoffset() == SUMMER  # 30 March


# -- bad input -------------------------------------------------------------------------

def test_old_zone_name_is_accepted_and_reported_by_its_new_name(two_day, library, modules):
    assert normalise_zone("Europe/Kiev") == KYIV
    assert normalise_zone("europe/kyiv") == KYIV
    agenda = schedule_modules([modules["M1"]], parse_start("2026-03-02 10:00"), "Europe/Kiev")
    assert agenda.zone == KYIV
    assert b"TZID=Europe/Kyiv" in render_ics(agenda, stamp=STAMP)


@pytest.mark.parametrize("start, zone, message", [
    ("2026-03-02 09:30", "Mars/Base", "unknown time zone 'Mars/Base'"),
    ("2026-03-02 09:30", "../../etc/passwd", "unknown time zone '../../etc/passwd'"),
    ("2026-05-01 23:00", KYIV, "day 1 ends after midnight (01:30 on 2026-05-02)"),
    ("2026-03-29 03:30", KYIV, "03:30 on 2026-03-29 does not exist in Europe/Kyiv"),
    ("2026-10-25 03:30", KYIV, "03:30 on 2026-10-25 happens twice in Europe/Kyiv"),
])
def test_bad_schedules_are_refused_with_a_clear_message(modules, start, zone, message):
    with pytest.raises(AgendaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        schedule_modules([modules["M2"]], parse_start(start), zone)


@pytest.mark.parametrize("text", ["2026-03-02", "02.03.2026 09:30", "2026-02-30 10:00",
                                  "2026-03-02 25:00", "tomorrow", ""])
def test_malformed_start_is_refused(text):
    with pytest.raises(AgendaError, match=f"start '{text}' is not YYYY-MM-DD HH:MM"):
        parse_start(text)


def test_unknown_module_in_a_plan_is_refused(library, modules):
    plan = library.plan("tot-two-day")
    day = dataclasses.replace(plan.days[0], items=(PlanItem(module="M9"),))
    broken = dataclasses.replace(plan, days=(day,))
    with pytest.raises(AgendaError, match="plan 'tot-two-day' day 1: unknown module 'M9'"):
        schedule_plan(broken, modules, parse_start("2026-03-02 09:30"), KYIV)


def test_a_day_that_ends_after_midnight_is_named(library, modules):
    with pytest.raises(AgendaError, match="day 1 ends after midnight"):
        schedule_plan(library.plan("tot-two-day"), modules, parse_start("2026-03-02 21:00"), KYIV)


def test_an_empty_module_list_is_refused():
    with pytest.raises(AgendaError, match="no modules"):
        schedule_modules([], parse_start("2026-03-02 09:30"), KYIV)


# -- iCalendar -------------------------------------------------------------------------

@pytest.mark.parametrize("start, offset", [
    ("2026-01-15 09:00", WINTER),
    ("2026-03-29 09:00", SUMMER),   # spring-forward day
    ("2026-07-15 09:00", SUMMER),
    ("2026-10-25 09:00", WINTER),   # fall-back day
])
def test_ics_offsets_follow_summer_time(modules, start, offset):
    agenda = schedule_modules([modules["M1"]], parse_start(start), KYIV)
    (event,) = events(render_ics(agenda, stamp=STAMP))
    assert event["DTSTART"].params["TZID"] == KYIV
    assert event.decoded("DTSTART").utcoffset() == offset
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=60)
    assert clock(event.decoded("DTSTART")) == "09:00"


def test_ics_one_event_per_session_with_stamp_uid_and_sequence(two_day):
    ics = render_ics(two_day, sequence=3, stamp=STAMP)
    found = events(ics)
    assert [e["SUMMARY"] for e in found] == [s.title for s in two_day.sessions]
    first = found[0]
    assert str(first["UID"]) == "spilno-M1-20260302@spilno"
    assert first["SEQUENCE"] == 3
    assert first.decoded("DTSTAMP") == STAMP and b"DTSTAMP:20260201T120000Z" in ics
    assert first["DESCRIPTION"].splitlines()[0] == (
        "09:30-09:35 Welcome (Presentation by the lead trainer or moderator)")
    later = render_ics(two_day, sequence=4)  # a new render at another moment
    assert [str(e["UID"]) for e in events(later)] == [str(e["UID"]) for e in found]
    assert events(later)[0]["SEQUENCE"] == 4
    assert events(later)[0].decoded("DTSTAMP").utcoffset() == timedelta(0)


def test_ics_uses_given_uids(two_day):
    uids = {("M2", date(2026, 3, 2)): "cohort-7-session-12@example.org"}
    found = events(render_ics(two_day, uids=uids, uid_prefix="c7", stamp=STAMP))
    assert [str(e["UID"]) for e in found[:3]] == [
        "c7-M1-20260302@spilno", "cohort-7-session-12@example.org", "c7-M3-20260303@spilno"]


def test_ics_vtimezone_matches_zoneinfo_around_both_changes(two_day):
    calendar = Calendar.from_ical(render_ics(two_day, stamp=STAMP))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == KYIV
    (daylight,) = vtimezone.walk("DAYLIGHT")
    # RFC 5545: the onset is the wall clock of the offset being left (03:00 EET).
    assert daylight.decoded("DTSTART") == datetime(2026, 3, 29, 3, 0)
    assert daylight.decoded("TZOFFSETFROM") == WINTER
    from_ics = vtimezone.to_tz(lookup_tzid=False)
    changes = (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC))
    for instant in (c + delta for c in changes for delta in (-timedelta(minutes=1), timedelta())):
        expected = instant.astimezone(two_day.finish.tzinfo).utcoffset()
        assert instant.astimezone(from_ics).utcoffset() == expected, instant


def test_ics_for_a_utc_agenda_needs_no_vtimezone(modules):
    agenda = schedule_modules([modules["M1"]], parse_start("2026-03-02 08:00"), "UTC")
    ics = render_ics(agenda, stamp=STAMP)
    assert b"BEGIN:VTIMEZONE" not in ics and b"DTSTART:20260302T080000Z" in ics


# -- HTML ------------------------------------------------------------------------------

def test_html_participant_version(two_day):
    page = render_html(two_day)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<thead>" in page and "display: table-header-group" in page
    assert "break-inside: avoid" in page and "size: A4" in page
    assert page.count('<tr class="pause break"') == 3  # lunch, lunch, coffee
    assert "Monday, 02.03.2026" in page and "Tuesday, 03.03.2026" in page
    assert "<strong>Total:</strong> 10 h 15 min" in page
    assert "<strong>Finish:</strong> 15:15, Tuesday, 03.03.2026" in page
    assert "Key points" not in page and "Introduce the trainers" not in page
    assert "Flipchart and markers" in page


def test_html_trainer_version_has_key_points_and_leads(two_day):
    page = render_html(two_day, version="trainer", leads={"M2": "Olena Koval"})
    assert "Key points" in page and "Introduce the trainers" in page
    assert '<td class="leads">Olena Koval</td>' in page


def test_html_in_ukrainian_escapes_what_it_is_given(two_day):
    page = render_html(two_day, lang="uk", organisation="<b>Асоціація міст України</b>")
    assert '<html lang="uk">' in page
    assert "&lt;b&gt;Асоціація міст України&lt;/b&gt;" in page
    assert "Час" in page and "Обід" in page and "понеділок, 02.03.2026" in page
    assert "Загалом:</strong> 10 год 15 хв" in page


def test_html_with_a_linked_stylesheet_has_nothing_inline(two_day):
    page = render_html(two_day, stylesheet_href="/static/agenda.css?v=1&x=2")
    assert "<style" not in page and " style=" not in page and "<script" not in page
    assert '<link rel="stylesheet" href="/static/agenda.css?v=1&amp;x=2">' in page
    assert "@page" in agenda_css() and "DejaVu Sans" in agenda_css()


@pytest.mark.parametrize("options", [{"version": "speaker"}, {"lang": "fr"}])
def test_html_refuses_unknown_versions_and_languages(two_day, options):
    with pytest.raises(AgendaError):
        render_html(two_day, **options)


# -- PDF -------------------------------------------------------------------------------

def test_pdf_has_clock_times_and_embedded_cyrillic(two_day):
    pdf = render_pdf(two_day, version="trainer", lang="uk",
                     organisation="Асоціація міст України", leads={"M1": "Олена"})
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("09:30–09:35", "10:30–11:30", "15:10–15:15", "Асоціація міст України",
                     "Обід", "Загалом", "Олена"):
        assert expected in text, expected
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    # A "ABCDEF+" subset tag means the font travels inside the file.
    assert any(name.endswith("+DejaVu-Sans") for name in fonts), fonts


def test_a_scheduled_session_may_run_past_midnight_but_a_plan_day_may_not(library):
    """A session moved to 23:30 after a power cut still has an agenda and a calendar entry."""
    from app.scheduling.agenda import AgendaError, schedule_modules

    module = next(m for m in library.modules if m.duration_min >= 60)
    late = datetime(2027, 3, 10, 23, 30)
    agenda = schedule_modules([module], late, "Europe/Kyiv", overnight=True)
    assert agenda.finish.date() == date(2027, 3, 11)
    with pytest.raises(AgendaError, match="after midnight"):
        schedule_modules([module], late, "Europe/Kyiv")

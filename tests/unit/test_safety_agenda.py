"""Issue 15, items 10 and 14: dates far outside the course's years, and the hour the
clocks go back."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from app.content.services import load_library
from app.dates import in_range
from app.decks.agenda_render import render_html
from app.scheduling.agenda import AgendaError, parse_start, schedule_modules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def m1():
    return next(m for m in load_library(ROOT).modules if m.id == "M1")


@pytest.mark.parametrize("start", ["9999-12-31 10:00", "9999-01-01 10:00", "1999-12-31 10:00",
                                   "2101-01-01 09:00", "0001-01-01 00:00"])
def test_a_start_outside_2000_2100_is_refused_with_a_message(start):
    with pytest.raises(AgendaError, match="2000-2100"):
        parse_start(start)


def test_a_datetime_passed_directly_is_checked_too(m1):
    with pytest.raises(AgendaError, match="2000-2100"):
        schedule_modules([m1], datetime(9999, 12, 31, 23, 0), "Europe/Kyiv")


def test_the_edges_of_the_range_are_accepted():
    assert in_range(parse_start("2000-01-01 09:00")) and in_range(parse_start("2100-12-31 09:00"))


def test_a_break_in_the_hour_the_clocks_go_back_does_not_read_as_no_time(m1):
    """Kyiv goes back from 04:00 to 03:00 on 2026-10-25: a 60-minute break from 03:30 ends at
    the second 03:30. The agenda used to print "03:30–03:30"."""
    agenda = schedule_modules([m1, m1], parse_start("2026-10-25 02:30"), "Europe/Kyiv",
                              breaks_between=60)
    pause = next(r for r in agenda.days[0].rows if r.kind == "pause")
    assert pause.minutes == 60
    html = render_html(agenda, lang="en")
    assert "03:30–03:30<" not in html and not re.search(r">03:30–03:30<", html)
    assert "03:30 (UTC+3)–03:30 (UTC+2)" in html


def test_ordinary_days_keep_plain_clock_times(m1):
    html = render_html(schedule_modules([m1], parse_start("2026-10-26 10:00"), "Europe/Kyiv"),
                       lang="en")
    assert "10:00–10:05" in html and "UTC+" not in html

"""The OGP Local calendar (DESIGN.md, "OGP Local calendar JSON"): pure, no app."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.monitoring.calendar import (
    CalendarInputError,
    add_months,
    calendar_json,
    quarters_between,
)

ROOT = Path(__file__).resolve().parents[2]


def plan(start="2026-09-01", end="2028-08-31", submitted="2026-08-15", commitments=()):
    return {"submitted": submitted, "start": start, "end": end,
            "commitments": list(commitments)}


def run(**kwargs):
    payload = {"today": "2026-09-10", "term_end": "2030-10-31", "joined": "2026-01-20",
               "plans": [], "tracker": [], "voluntary_inactive": False}
    payload.update(kwargs)
    return calendar_json(payload)


def due(result, kind, **match):
    return [d["due"] for d in result["deadlines"] if d["kind"] == kind
            and all(d[k] == v for k, v in match.items())]


# --- "N months after D" ------------------------------------------------------------------

@pytest.mark.parametrize("start, months, expected", [
    ("2026-08-31", 1, "2026-09-30"),   # 31 August + 1 month = 30 September
    ("2026-12-31", 2, "2027-02-28"),
    ("2027-12-31", 2, "2028-02-29"),   # leap year
    ("2026-01-15", 4, "2026-05-15"),   # the same day when the month has it
    ("2026-11-30", 4, "2027-03-30"),
    ("2030-12-31", -2, "2030-10-31"),
    ("2030-04-30", -2, "2030-02-28"),
    ("2026-10-31", 12, "2027-10-31"),
])
def test_months_after_keep_the_day_or_take_the_last_day_of_the_month(start, months, expected):
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


# --- every kind --------------------------------------------------------------------------

def test_latest_plan_end_is_two_months_before_the_term_end():
    assert due(run(term_end="2030-12-31"), "latest_plan_end") == ["2030-10-31"]
    assert due(run(term_end="2030-04-30"), "latest_plan_end") == ["2030-02-28"]
    assert due(run(term_end=None), "latest_plan_end") == []


def test_inception_assessment_two_months_after_submission_and_none_for_a_draft():
    result = run(plans=[plan(submitted="2026-12-31"), plan(submitted=None)])
    assert due(result, "inception_assessment", plan=1) == ["2027-02-28"]
    assert due(result, "inception_assessment", plan=2) == []


def test_end_of_commitment_assessment_a_month_after_completion_or_end():
    result = run(plans=[plan(commitments=[
        {"number": 1, "end_date": "2027-08-31"},
        {"number": 2, "end_date": "2028-06-30", "completed": "2028-01-31"},
    ])])
    assert due(result, "end_of_commitment_assessment", commitment=1) == ["2027-09-30"]
    assert due(result, "end_of_commitment_assessment", commitment=2) == ["2028-02-29"]


def test_plan_ending_before_its_commitments_caps_the_assessment_at_the_plan_end():
    result = run(plans=[plan(end="2027-08-31", commitments=[
        {"number": 1, "end_date": "2027-12-31"},
        {"number": 2, "end_date": "2028-03-31", "completed": "2027-11-15"},
    ])])
    assert due(result, "end_of_commitment_assessment", commitment=1) == ["2027-09-30"]
    assert due(result, "end_of_commitment_assessment", commitment=2) == ["2027-09-30"]


def test_final_learning_exercise_and_next_plan_after_the_plan_end():
    result = run(plans=[plan(end="2027-10-31")])
    assert due(result, "final_learning_exercise") == ["2027-12-31"]
    assert due(result, "next_plan_submission") == ["2028-02-29"]


def test_tracker_updates_cover_every_quarter_touched_by_the_plan_due_on_its_last_day():
    result = run(plans=[plan(start="2026-09-30", end="2027-10-01")])
    tracker = [(d["quarter"], d["due"]) for d in result["deadlines"]
               if d["kind"] == "tracker_update"]
    assert tracker == [("2026-Q3", "2026-09-30"), ("2026-Q4", "2026-12-31"),
                       ("2027-Q1", "2027-03-31"), ("2027-Q2", "2027-06-30"),
                       ("2027-Q3", "2027-09-30"), ("2027-Q4", "2027-12-31")]


def test_quarters_at_the_plan_edges():
    assert quarters_between(date(2027, 1, 1), date(2027, 3, 31)) == ["2027-Q1"]
    assert quarters_between(date(2027, 3, 31), date(2027, 4, 1)) == ["2027-Q1", "2027-Q2"]
    assert quarters_between(date(2027, 12, 31), date(2028, 1, 1)) == ["2027-Q4", "2028-Q1"]


def test_deadlines_are_in_date_order_with_every_field():
    result = run(plans=[plan(commitments=[{"number": 3, "end_date": "2027-12-31"}])])
    dues = [d["due"] for d in result["deadlines"]]
    assert dues == sorted(dues)
    assert all(set(d) == {"kind", "due", "plan", "commitment", "quarter"}
               for d in result["deadlines"])
    assert {d["kind"] for d in result["deadlines"]} == {
        "latest_plan_end", "inception_assessment", "end_of_commitment_assessment",
        "final_learning_exercise", "next_plan_submission", "tracker_update"}


# --- inactivity 1-4 ------------------------------------------------------------------------

def conditions(result):
    return [c["condition"] for c in result["inactivity"]]


def test_condition_1_first_plan_not_submitted_by_the_deadline():
    late = run(today="2026-07-02", submission_deadline="2026-07-01")
    assert late["status"] == "inactive" and conditions(late) == [1]
    assert "2026-07-01" in late["inactivity"][0]["message"]
    on_the_day = run(today="2026-07-01", submission_deadline="2026-07-01")
    assert on_the_day["status"] == "active"
    submitted = run(today="2026-07-02", submission_deadline="2026-07-01",
                    plans=[plan(submitted="2026-06-30")])
    assert 1 not in conditions(submitted)
    draft_only = run(today="2026-07-02", submission_deadline="2026-07-01",
                     plans=[plan(submitted=None)])
    assert conditions(draft_only) == [1]


def test_condition_2_no_next_plan_within_four_months_of_the_end():
    first = plan(start="2024-09-01", end="2026-08-31", submitted="2024-08-20")
    everything_reported = [{"quarter": q, "updated": "2026-09-01", "progress": True}
                           for q in ("2026-Q2", "2026-Q3")]
    assert 2 not in conditions(run(today="2026-12-31", plans=[first],
                                   tracker=everything_reported))
    late = run(today="2027-01-01", plans=[first], tracker=everything_reported)
    assert conditions(late) == [2] and late["status"] == "inactive"
    followed = run(today="2027-01-01", tracker=everything_reported, plans=[
        first, plan(start="2027-02-01", end="2029-01-31", submitted="2026-12-20")])
    assert 2 not in conditions(followed)


def updates(*rows):
    return [{"quarter": q, "updated": u, "progress": p} for q, u, p in rows]


def test_condition_4_no_update_in_the_two_most_recent_quarters_of_the_plan():
    silent = run(today="2027-04-01", plans=[plan()], tracker=updates(
        ("2026-Q3", "2026-09-25", True)))
    assert conditions(silent) == [4]
    assert silent["status"] == "inactive" and silent["risk"] == "red"
    assert "2026-Q4" in silent["inactivity"][0]["message"]
    one_update = run(today="2027-04-01", plans=[plan()], tracker=updates(
        ("2027-Q1", "2027-03-20", True)))
    assert conditions(one_update) == []


def test_condition_3_no_progress_in_the_two_most_recent_quarters():
    stuck = run(today="2027-04-01", plans=[plan()], tracker=updates(
        ("2026-Q4", "2026-12-20", False), ("2027-Q1", "2027-03-20", False),
        ("2027-Q1", "2027-03-21", False)))
    assert conditions(stuck) == [3]
    progress_once = run(today="2027-04-01", plans=[plan()], tracker=updates(
        ("2026-Q4", "2026-12-20", False), ("2027-Q1", "2027-03-20", True)))
    assert conditions(progress_once) == []


def test_a_quarter_counts_only_once_it_has_ended_and_only_inside_a_plan():
    # On the quarter's last day it has not ended yet: only 2026-Q3 ended, one quarter is not two.
    result = run(today="2026-12-31", plans=[plan()])
    assert conditions(result) == [] and result["risk"] == "amber"
    # Before the plan starts nothing is due.
    before = run(today="2026-08-20", plans=[plan()])
    assert before["status"] == "active" and before["risk"] == "green"
    # Quarters between two plans are not counted: the gap does not make the member inactive.
    gap = run(today="2027-10-05", tracker=updates(("2027-Q1", "2027-03-30", True)), plans=[
        plan(start="2026-10-01", end="2027-03-31", submitted="2026-09-01"),
        plan(start="2027-09-15", end="2029-09-14", submitted="2027-09-01")])
    assert conditions(gap) == [] and gap["risk"] == "amber"


def test_updates_dated_after_today_are_not_counted():
    result = run(today="2027-04-01", plans=[plan()], tracker=updates(
        ("2026-Q4", "2027-05-01", True), ("2027-Q1", "2027-05-01", True)))
    assert conditions(result) == [4]


# --- warnings and risk -------------------------------------------------------------------

def test_amber_after_one_missed_quarter_or_one_without_progress_then_red():
    missed = run(today="2027-01-05", plans=[plan()], tracker=updates(
        ("2026-Q3", "2026-09-25", True)))
    assert missed["risk"] == "amber" and missed["status"] == "active"
    assert [(w["level"], w["code"], w["quarter"]) for w in missed["warnings"]] == [
        ("amber", "quarter_missed", "2026-Q4")]
    no_progress = run(today="2027-01-05", plans=[plan()], tracker=updates(
        ("2026-Q3", "2026-09-25", True), ("2026-Q4", "2026-12-01", False)))
    assert [w["code"] for w in no_progress["warnings"]] == ["quarter_no_progress"]
    fine = run(today="2027-01-05", plans=[plan()], tracker=updates(
        ("2026-Q4", "2026-12-01", True)))
    assert fine["risk"] == "green" and fine["warnings"] == []
    red = run(today="2027-04-05", plans=[plan()], tracker=updates(
        ("2026-Q3", "2026-09-25", True)))
    assert red["risk"] == "red" and any(w["level"] == "red" for w in red["warnings"])


def test_voluntary_inactivity_overrides_every_condition():
    result = run(today="2027-04-05", plans=[plan()], submission_deadline="2026-01-01",
                 voluntary_inactive=True)
    assert result["status"] == "voluntarily_inactive"
    assert result["inactivity"] == [] and result["warnings"] == []
    assert result["risk"] == "grey"
    assert result["deadlines"]  # the calendar still stands


# --- input errors ------------------------------------------------------------------------

@pytest.mark.parametrize("payload, field", [
    ([], "input"),
    ({}, "today"),
    ({"today": "2026-13-01"}, "today"),
    ({"today": 20260101}, "today"),
    ({"today": "2026-01-01", "plans": {}}, "plans"),
    ({"today": "2026-01-01", "plans": [{"start": "2026-01-01"}]}, "plans[0].end"),
    ({"today": "2026-01-01", "plans": [{"start": "2026-02-01", "end": "2026-01-01"}]},
     "plans[0].end"),
    ({"today": "2026-01-01", "plans": [plan(commitments=[{"number": "one",
                                                          "end_date": "2027-01-01"}])]},
     "plans[0].commitments[0].number"),
    ({"today": "2026-01-01", "tracker": [{"quarter": "2027-Q5", "updated": "2027-01-01",
                                          "progress": True}]}, "tracker[0].quarter"),
    ({"today": "2026-01-01", "tracker": [{"quarter": "2027-Q1", "updated": "2027-01-01",
                                          "progress": "yes"}]}, "tracker[0].progress"),
    ({"today": "2026-01-01", "voluntary_inactive": "no"}, "voluntary_inactive"),
])
def test_wrong_types_name_the_field(payload, field):
    with pytest.raises(CalendarInputError) as caught:
        calendar_json(payload)
    assert str(caught.value).startswith(field)


# --- the command -------------------------------------------------------------------------

def run_cli(args, tmp_path):
    script = ("import sys; from app.console import cli; "
              "sys.argv = ['spilno'] + sys.argv[1:]; cli(prog_name='spilno')")
    env = {"PATH": "/usr/bin:/bin",
           "DATABASE_URL": "sqlite:///" + str(tmp_path / "db" / "never-created.db")}
    return subprocess.run([sys.executable, "-c", script, *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, env=env)


def test_cli_json_round_trip(tmp_path):
    payload = {"today": "2027-04-05", "term_end": "2030-12-31", "joined": "2026-01-20",
               "plans": [plan(commitments=[{"number": 1, "end_date": "2027-08-31"}])],
               "tracker": updates(("2026-Q3", "2026-09-25", True)),
               "voluntary_inactive": False}
    source = tmp_path / "громада.json"
    source.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    done = run_cli(["ogp", "calendar", str(source)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == calendar_json(payload)
    assert json.loads(done.stdout)["status"] == "inactive"
    assert not (tmp_path / "db" / "never-created.db").exists()  # no database needed


@pytest.mark.parametrize("text, message", [
    ("{not json", "invalid JSON"),
    ('{"today": "2027-01-01", "plans": [{"start": 5}]}', "plans[0].start"),
])
def test_cli_bad_input_is_one_line_and_exit_1(tmp_path, text, message):
    source = tmp_path / "bad.json"
    source.write_text(text, encoding="utf-8")
    done = run_cli(["ogp", "calendar", str(source)], tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{source}: ") and message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_deadlines_as_all_day_ics_events_with_stable_uids():
    from datetime import UTC, datetime

    from icalendar import Calendar

    from app.monitoring.calendar import compute, parse_input
    from app.monitoring.ics import deadlines_ics

    result = compute(parse_input({"today": "2026-09-10", "term_end": "2030-10-31",
                                  "plans": [plan(end="2027-08-31")]}))
    stamp = datetime(2026, 9, 10, 8, 0, tzinfo=UTC)
    body = deadlines_ics(result.deadlines, lambda d: f"{d.kind} {d.quarter or ''}".strip(),
                         "OGP Local · Вінницька", "UA05020030000031457", stamp)
    events = list(Calendar.from_ical(body).walk("VEVENT"))
    assert len(events) == len(result.deadlines)
    first = events[0]
    assert first["dtstart"].dt == result.deadlines[0].due          # a date: an all-day event
    assert (first["dtend"].dt - first["dtstart"].dt).days == 1
    again = deadlines_ics(result.deadlines, str, "x", "UA05020030000031457", stamp)
    assert [str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")] == [
        str(e["uid"]) for e in events]
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert "Вінницька" in body.decode()

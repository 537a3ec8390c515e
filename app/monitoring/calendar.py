"""The OGP Local calendar: deadlines, inactivity (handbook 4.1) and early warnings.

Pure: plain values in, plain values out; no Flask, no database, no I/O. The JSON shape is the
contract of ../shared/DESIGN.md, "OGP Local calendar JSON":

input  {"today", "term_end", "joined", "submission_deadline" (optional),
        "plans": [{"submitted", "start", "end",
                   "commitments": [{"number", "end_date", "completed" (optional)}]}],
        "tracker": [{"quarter": "2027-Q3", "updated": "YYYY-MM-DD", "progress": bool}],
        "voluntary_inactive": bool}
output {"deadlines": [{"kind", "due", "plan", "commitment", "quarter"}],
        "status": "active" | "inactive" | "voluntarily_inactive",
        "inactivity": [{"condition": 1-4, "message", "code"}],
        "warnings": [{"level": "amber" | "red", "code", "quarter", "message"}],
        "risk": "green" | "amber" | "red" | "grey"}

Choices where the contract is silent (written down here, tested in tests/unit):
- `plan` in a deadline is the plan's 1-based position in the input list; `commitment` is the
  commitment's number; both are null where they do not apply.
- A plan whose `submitted` is null is a draft: its period still yields deadlines, but it gets
  no inception assessment and does not count as submitted for conditions 1 and 2.
- A quarter has ended when `today` is after its last day. A tracker entry counts for its
  quarter only when its `updated` date is not after `today`.
- Condition 3 needs at least one update in the two quarters (a tracker that shows nothing is
  condition 4); condition 4 is "neither quarter has an update".
- Condition 1 lasts until a first plan is submitted; condition 2 looks at the plan that ended
  last and lasts until a later plan is submitted.
- `risk`: red when a condition is met, amber after one missed quarter or one quarter without
  progress (the most recent ended quarter), grey when voluntarily inactive, green otherwise.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date
from typing import Any

KINDS = ("latest_plan_end", "inception_assessment", "end_of_commitment_assessment",
         "final_learning_exercise", "next_plan_submission", "tracker_update")
STATUSES = ("active", "inactive", "voluntarily_inactive")
RISKS = ("green", "amber", "red", "grey")

# English texts of the codes; the web layer translates the codes (monitoring/messages.py).
MESSAGES = {
    "first_plan_late": "The first action plan was not submitted by {deadline}.",
    "next_plan_late": "No new action plan was submitted within four months of the end of the "
                      "plan that ended on {plan_end}.",
    "no_progress": "The tracker shows no progress in any commitment in {first} and {second}.",
    "no_update": "The tracker was not updated in {first} and {second}.",
    "quarter_missed": "No tracker update for {quarter}.",
    "quarter_no_progress": "No progress recorded in {quarter}.",
}


class CalendarInputError(ValueError):
    """The input does not have the contract's shape; `str()` names the field."""


@dataclass(frozen=True)
class Commitment:
    number: int
    end_date: date
    completed: date | None = None


@dataclass(frozen=True)
class Plan:
    start: date
    end: date
    submitted: date | None = None
    commitments: tuple[Commitment, ...] = ()


@dataclass(frozen=True)
class TrackerEntry:
    quarter: str
    updated: date
    progress: bool


@dataclass(frozen=True)
class CalendarInput:
    today: date
    term_end: date | None = None
    joined: date | None = None
    submission_deadline: date | None = None
    plans: tuple[Plan, ...] = ()
    tracker: tuple[TrackerEntry, ...] = ()
    voluntary_inactive: bool = False


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date
    plan: int | None = None
    commitment: int | None = None
    quarter: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "due": self.due.isoformat(), "plan": self.plan,
                "commitment": self.commitment, "quarter": self.quarter}


@dataclass(frozen=True)
class Finding:
    """An inactivity condition (1-4) or a warning: a code, its parameters, English text."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    condition: int | None = None
    level: str | None = None
    quarter: str | None = None

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(**self.params)


@dataclass(frozen=True)
class CalendarResult:
    deadlines: tuple[Deadline, ...]
    status: str
    inactivity: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    risk: str

    def next_deadline(self, today: date) -> Deadline | None:
        return next((d for d in self.deadlines if d.due >= today), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "deadlines": [d.as_json() for d in self.deadlines],
            "status": self.status,
            "inactivity": [{"condition": f.condition, "code": f.code, "message": f.message}
                           for f in self.inactivity],
            "warnings": [{"level": f.level, "code": f.code, "quarter": f.quarter,
                          "message": f.message} for f in self.warnings],
            "risk": self.risk,
        }


# --- dates ----------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or that month's last day when it has none."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _cal.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(label: str) -> tuple[date, date]:
    """First and last day of a quarter label like '2027-Q3'."""
    year, number = _parse_quarter(label)
    first = date(year, 3 * (number - 1) + 1, 1)
    last_month = 3 * number
    return first, date(year, last_month, _cal.monthrange(year, last_month)[1])


def quarters_between(start: date, end: date) -> list[str]:
    """Every calendar quarter that has at least one day in [start, end], in order."""
    if end < start:
        return []
    labels = []
    year, number = start.year, (start.month - 1) // 3 + 1
    last = (end.year, (end.month - 1) // 3 + 1)
    while (year, number) <= last:
        labels.append(f"{year}-Q{number}")
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return labels


def _parse_quarter(label: str) -> tuple[int, int]:
    try:
        year_text, q_text = label.split("-Q")
        year, number = int(year_text), int(q_text)
    except (ValueError, AttributeError):
        raise CalendarInputError(f"{label!r} is not a quarter like 2027-Q3") from None
    if not (1 <= number <= 4 and 2000 <= year <= 2100) or len(year_text) != 4:
        raise CalendarInputError(f"{label!r} is not a quarter like 2027-Q3")
    return year, number


# --- the calendar ---------------------------------------------------------------------------

def compute(data: CalendarInput) -> CalendarResult:
    deadlines = sorted(_deadlines(data), key=lambda d: (d.due, KINDS.index(d.kind),
                                                        d.plan or 0, d.commitment or 0))
    conditions = _conditions(data)
    warnings = _warnings(data)
    if data.voluntary_inactive:
        # Voluntary inactivity overrides conditions 1-4: none is reported.
        status, risk = "voluntarily_inactive", "grey"
        conditions, warnings = (), ()
    elif conditions:
        status, risk = "inactive", "red"
    else:
        status = "active"
        risk = "amber" if warnings else "green"
    if status == "inactive":
        warnings = tuple(warnings) + tuple(
            Finding(f.code, f.params, level="red") for f in conditions)
    return CalendarResult(tuple(deadlines), status, tuple(conditions), tuple(warnings), risk)


def _deadlines(data: CalendarInput) -> list[Deadline]:
    out: list[Deadline] = []
    if data.term_end is not None:
        out.append(Deadline("latest_plan_end", add_months(data.term_end, -2)))
    for position, plan in enumerate(data.plans, start=1):
        if plan.submitted is not None:
            out.append(Deadline("inception_assessment", add_months(plan.submitted, 2), position))
        for commitment in plan.commitments:
            base = commitment.completed or commitment.end_date
            out.append(Deadline("end_of_commitment_assessment",
                                add_months(min(base, plan.end), 1), position,
                                commitment=commitment.number))
        out.append(Deadline("final_learning_exercise", add_months(plan.end, 2), position))
        out.append(Deadline("next_plan_submission", add_months(plan.end, 4), position))
        for label in quarters_between(plan.start, plan.end):
            out.append(Deadline("tracker_update", quarter_bounds(label)[1], position,
                                quarter=label))
    return out


def plan_quarters_ended(data: CalendarInput) -> list[str]:
    """Quarters of any plan period that have ended by `today`, most recent first."""
    labels: set[str] = set()
    for plan in data.plans:
        labels.update(q for q in quarters_between(plan.start, plan.end)
                      if quarter_bounds(q)[1] < data.today)
    return sorted(labels, reverse=True)


def _by_quarter(data: CalendarInput) -> dict[str, list[TrackerEntry]]:
    entries: dict[str, list[TrackerEntry]] = {}
    for entry in data.tracker:
        if entry.updated <= data.today:
            entries.setdefault(entry.quarter, []).append(entry)
    return entries


def _conditions(data: CalendarInput) -> tuple[Finding, ...]:
    found: list[Finding] = []
    submitted = [p for p in data.plans if p.submitted is not None and p.submitted <= data.today]
    # 1: a new member's first plan is late.
    if (data.submission_deadline is not None and not submitted
            and data.today > data.submission_deadline):
        found.append(Finding("first_plan_late",
                             {"deadline": data.submission_deadline.isoformat()}, condition=1))
    # 2: the plan that ended last has no successor four months after its end.
    ended = [p for p in submitted if p.end < data.today]
    if ended:
        last = max(ended, key=lambda p: p.end)
        successor = any(p.start > last.start for p in submitted)
        if not successor and data.today > add_months(last.end, 4):
            found.append(Finding("next_plan_late", {"plan_end": last.end.isoformat()},
                                 condition=2))
    # 3 and 4: the two most recent quarters that ended inside a plan period.
    recent = plan_quarters_ended(data)[:2]
    if len(recent) == 2:
        entries = _by_quarter(data)
        second, first = recent
        params = {"first": first, "second": second}
        updates = [e for q in recent for e in entries.get(q, [])]
        if updates and not any(e.progress for e in updates):
            found.append(Finding("no_progress", params, condition=3))
        if not any(entries.get(q) for q in recent):
            found.append(Finding("no_update", params, condition=4))
    return tuple(found)


def _warnings(data: CalendarInput) -> tuple[Finding, ...]:
    """Amber: the most recent ended plan quarter had no update, or no progress."""
    recent = plan_quarters_ended(data)[:1]
    if not recent:
        return ()
    quarter = recent[0]
    entries = _by_quarter(data).get(quarter, [])
    if not entries:
        return (Finding("quarter_missed", {"quarter": quarter}, level="amber", quarter=quarter),)
    if not any(e.progress for e in entries):
        return (Finding("quarter_no_progress", {"quarter": quarter}, level="amber",
                        quarter=quarter),)
    return ()


# --- JSON in --------------------------------------------------------------------------------

def _date(value: Any, where: str, *, optional: bool = False) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise CalendarInputError(f"{where}: expected a date YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise CalendarInputError(f"{where}: {value!r} is not a date YYYY-MM-DD") from None
    if len(value) != 10 or not 2000 <= parsed.year <= 2100:
        raise CalendarInputError(f"{where}: {value!r} is not a date YYYY-MM-DD in 2000-2100")
    return parsed


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CalendarInputError(f"{where}: expected a list")
    return value


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise CalendarInputError(f"{where}: expected an object")
    return value


def parse_input(payload: Any) -> CalendarInput:
    """Validate the contract's input object; raise CalendarInputError naming the field."""
    data = _object(payload, "input")
    if "today" not in data:
        raise CalendarInputError("today: required")
    plans = []
    for p_index, raw_plan in enumerate(_list(data.get("plans"), "plans")):
        where = f"plans[{p_index}]"
        raw_plan = _object(raw_plan, where)
        start = _date(raw_plan.get("start"), f"{where}.start")
        end = _date(raw_plan.get("end"), f"{where}.end")
        if end < start:
            raise CalendarInputError(f"{where}.end: before the start")
        commitments = []
        for c_index, raw in enumerate(_list(raw_plan.get("commitments"), f"{where}.commitments")):
            c_where = f"{where}.commitments[{c_index}]"
            raw = _object(raw, c_where)
            number = raw.get("number", c_index + 1)
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise CalendarInputError(f"{c_where}.number: expected a whole number")
            commitments.append(Commitment(
                number, _date(raw.get("end_date"), f"{c_where}.end_date"),
                _date(raw.get("completed"), f"{c_where}.completed", optional=True)))
        plans.append(Plan(start, end, _date(raw_plan.get("submitted"), f"{where}.submitted",
                                            optional=True), tuple(commitments)))
    tracker = []
    for t_index, raw in enumerate(_list(data.get("tracker"), "tracker")):
        where = f"tracker[{t_index}]"
        raw = _object(raw, where)
        quarter = raw.get("quarter")
        if not isinstance(quarter, str):
            raise CalendarInputError(f"{where}.quarter: expected a quarter like 2027-Q3")
        try:
            _parse_quarter(quarter)
        except CalendarInputError as error:
            raise CalendarInputError(f"{where}.quarter: {error}") from None
        progress = raw.get("progress")
        if not isinstance(progress, bool):
            raise CalendarInputError(f"{where}.progress: expected true or false")
        tracker.append(TrackerEntry(quarter, _date(raw.get("updated"), f"{where}.updated"),
                                    progress))
    voluntary = data.get("voluntary_inactive", False)
    if not isinstance(voluntary, bool):
        raise CalendarInputError("voluntary_inactive: expected true or false")
    return CalendarInput(
        today=_date(data["today"], "today"),
        term_end=_date(data.get("term_end"), "term_end", optional=True),
        joined=_date(data.get("joined"), "joined", optional=True),
        submission_deadline=_date(data.get("submission_deadline"), "submission_deadline",
                                  optional=True),
        plans=tuple(plans), tracker=tuple(tracker), voluntary_inactive=voluntary)


def calendar_json(payload: Any) -> dict[str, Any]:
    """JSON in, JSON out: the function behind `spilno ogp calendar`."""
    return compute(parse_input(payload)).as_json()

"""The OGP Local action plan: reading the plan JSON and checking the handbook's rules.

Pure: no Flask, SQLAlchemy or I/O. `parse_plan` turns the contract's JSON (DESIGN.md,
"After the training") into dataclasses or raises `PlanInputError` naming the field
(`commitments[2].start_date`, indexes from 0). `check_plan` answers
`{"ok", "rules": [{"rule", "ok", "message", "commitment"}], "commitments": [SMART report]}`;
a plan that breaks rules is a normal answer (`ok: false`), never an error.

Messages are English templates (the msgids of the interface catalogue) filled with
parameters; callers pass a `gettext` callable to have them in another language.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.plans import vocab

MAX_TEXT = 20_000
MAX_ROWS = 100
MAX_COMMITMENTS = 60
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DMY_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")

RULE_IDS = ("commitment_count", "plan_ends_before_term", "commitment_min_one_year",
            "commitment_within_period", "milestones_within_dates", "responsible_agency",
            "ogp_value", "policy_areas_at_most_two", "sectors_at_most_two", "english_text",
            "vision_complete")


def N_(text: str) -> str:  # marks a msgid for the catalogue, translated later
    return text


class PlanInputError(ValueError):
    """Input that is not an action plan: wrong type, unknown value, unreadable date."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- the plan as values -------------------------------------------------------------------

Text = dict[str, str]  # {"en": ..., "uk": ...}


def empty_text() -> Text:
    return {"en": "", "uk": ""}


def has_text(text: Text | None) -> bool:
    return bool(text and (text.get("en", "").strip() or text.get("uk", "").strip()))


def english_missing(text: Text | None) -> bool:
    """Written (in either language) but without English."""
    return has_text(text) and not (text or {}).get("en", "").strip()


@dataclass
class Row:
    """A row of fields 4, 5 or 6: who implements, and how to reach them."""

    organisation: Text = field(default_factory=empty_text)
    branch: str = ""
    contact: str = ""
    title: str = ""
    email: str = ""
    role: Text = field(default_factory=empty_text)

    def is_empty(self) -> bool:
        return not (has_text(self.organisation) or self.branch or self.contact or self.title
                    or self.email or has_text(self.role))


@dataclass
class Milestone:
    output: Text = field(default_factory=empty_text)
    start_date: date | None = None
    end_date: date | None = None
    responsible: str = ""
    contact: str = ""


@dataclass
class Commitment:
    number: int | None = None
    texts: dict[str, Text] = field(default_factory=dict)   # vocab.COMMITMENT_TEXTS
    start_date: date | None = None
    end_date: date | None = None
    lead_agency: Row | None = None
    lead_non_government: Row | None = None
    other_stakeholders: list[Row] = field(default_factory=list)
    policy_areas: list[str] = field(default_factory=list)   # keys of vocab.POLICY_AREA
    sectors: list[str] = field(default_factory=list)
    ogp_values: list[str] = field(default_factory=list)
    resources_secured: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    jurisdiction: str = ""       # a jurisdiction's code, "joint", or "" (single plans)
    completed: date | None = None
    assessed: date | None = None

    def text(self, key: str) -> Text:
        return self.texts.get(key) or empty_text()

    @property
    def replaceable(self) -> bool:
        """Completed and assessed: no longer counts towards the limit."""
        return self.completed is not None and self.assessed is not None


@dataclass
class Jurisdiction:
    name: str
    code: str
    term_end: date | None


@dataclass
class Plan:
    jurisdictions: list[Jurisdiction] = field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    submitted: date | None = None
    vision: dict[str, Any] = field(default_factory=dict)  # "C", "E.1", ... -> Text; F.6/F.7 int
    monitoring_body: Text = field(default_factory=empty_text)
    monitoring_body_endorsed: bool = False
    commitments: list[Commitment] = field(default_factory=list)


# --- reading JSON -------------------------------------------------------------------------

def _text(value: Any, path: str) -> Text:
    if value is None:
        return empty_text()
    if isinstance(value, str):
        _length(value, path)
        value = value.strip()
        return {"en": "", "uk": value} if CYRILLIC.search(value) else {"en": value, "uk": ""}
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"en", "uk"})
        if unknown:
            raise PlanInputError(path, f"unknown language {unknown[0]!r} (expected en, uk)")
        out = empty_text()
        for lang in ("en", "uk"):
            item = value.get(lang)
            if item is None:
                continue
            if not isinstance(item, str):
                raise PlanInputError(f"{path}.{lang}", "must be text")
            _length(item, f"{path}.{lang}")
            out[lang] = item.strip()
        return out
    raise PlanInputError(path, 'must be text or {"en": ..., "uk": ...}')


def _length(value: str, path: str) -> None:
    if len(value) > MAX_TEXT:
        raise PlanInputError(path, f"longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise PlanInputError(path, "contains a NUL character")


def _plain(value: Any, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PlanInputError(path, "must be text")
    _length(value, path)
    return value.strip()


def parse_date(value: Any, path: str) -> date | None:
    """ISO YYYY-MM-DD (or the template's DD/MM/YYYY); empty is None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PlanInputError(path, "must be a date as text (YYYY-MM-DD)")
    raw = value.strip()
    try:
        if ISO_DATE.match(raw):
            day = date.fromisoformat(raw)
        elif m := DMY_DATE.match(raw):
            day = date(int(m[3]), int(m[2]), int(m[1]))
        else:
            raise ValueError
    except ValueError:
        raise PlanInputError(path, f"{raw[:40]!r} is not a date (YYYY-MM-DD)") from None
    if not 2000 <= day.year <= 2100:
        raise PlanInputError(path, "year must be between 2000 and 2100")
    return day


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PlanInputError(path, "must be an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanInputError(path, "must be a list")
    if len(value) > MAX_ROWS:
        raise PlanInputError(path, f"at most {MAX_ROWS} entries")
    return value


def _row(value: Any, path: str, branch: bool = True) -> Row | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Row(organisation=_text(value, path))
    data = _object(value, path)
    known = {"organisation", "branch", "contact", "title", "email", "role"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanInputError(f"{path}.{unknown[0]}", "unknown field")
    row = Row(organisation=_text(data.get("organisation"), f"{path}.organisation"),
              branch=_plain(data.get("branch"), f"{path}.branch") if branch else "",
              contact=_plain(data.get("contact"), f"{path}.contact"),
              title=_plain(data.get("title"), f"{path}.title"),
              email=_plain(data.get("email"), f"{path}.email"),
              role=_text(data.get("role"), f"{path}.role"))
    return None if row.is_empty() else row


def _choices(value: Any, path: str, labels: dict[str, vocab.Label]) -> list[str]:
    keys: list[str] = []
    for i, item in enumerate(_list(value, path)):
        if not isinstance(item, str):
            raise PlanInputError(f"{path}[{i}]", "must be text")
        label = vocab.lookup(labels, item.strip())
        if label is None:
            raise PlanInputError(f"{path}[{i}]", f"unknown value {item[:60]!r}")
        if label.key not in keys:
            keys.append(label.key)
    return keys


COMMITMENT_KEYS = {"number", "title", "start_date", "end_date", "lead_agency",
                   "lead_non_government", "other_stakeholders", "problem", "status_quo",
                   "action", "expected_results", "long_term_goal", "policy_areas", "sectors",
                   "ogp_values", "resources", "resources_secured", "milestones",
                   "additional_info", "jurisdiction", "completed", "assessed"}


def parse_commitment(value: Any, path: str = "commitment") -> Commitment:
    data = _object(value, path)
    unknown = sorted(set(data) - COMMITMENT_KEYS)
    if unknown:
        raise PlanInputError(f"{path}.{unknown[0]}", "unknown field")
    number = data.get("number")
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    if number in ("", None):
        number = None
    elif isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 1000:
        raise PlanInputError(f"{path}.number", "must be a whole number from 1")
    start = parse_date(data.get("start_date"), f"{path}.start_date")
    end = parse_date(data.get("end_date"), f"{path}.end_date")
    secured = data.get("resources_secured") or ""
    if secured:
        if not isinstance(secured, str):
            raise PlanInputError(f"{path}.resources_secured", "must be yes, partly or no")
        label = vocab.lookup(vocab.SECURED, secured.strip())
        if label is None:
            raise PlanInputError(f"{path}.resources_secured",
                                 f"unknown value {secured[:20]!r} (yes, partly or no)")
        secured = label.key
    milestones = []
    for i, item in enumerate(_list(data.get("milestones"), f"{path}.milestones")):
        where = f"{path}.milestones[{i}]"
        row = _object(item, where)
        extra = sorted(set(row) - {"output", "start_date", "end_date", "responsible", "contact",
                                   "contact_person", "number"})
        if extra:
            raise PlanInputError(f"{where}.{extra[0]}", "unknown field")
        milestones.append(Milestone(
            output=_text(row.get("output"), f"{where}.output"),
            start_date=parse_date(row.get("start_date"), f"{where}.start_date"),
            end_date=parse_date(row.get("end_date"), f"{where}.end_date"),
            responsible=_plain(row.get("responsible"), f"{where}.responsible"),
            contact=_plain(row.get("contact") or row.get("contact_person"), f"{where}.contact")))
    others = [_row(item, f"{path}.other_stakeholders[{i}]", branch=True)
              for i, item in enumerate(_list(data.get("other_stakeholders"),
                                             f"{path}.other_stakeholders"))]
    return Commitment(
        number=number,
        texts={key: _text(data.get(key), f"{path}.{key}") for key in vocab.COMMITMENT_TEXTS},
        start_date=start,
        end_date=end,
        lead_agency=_row(data.get("lead_agency"), f"{path}.lead_agency"),
        lead_non_government=_row(data.get("lead_non_government"), f"{path}.lead_non_government",
                                 branch=False),
        other_stakeholders=[row for row in others if row],
        policy_areas=_choices(data.get("policy_areas"), f"{path}.policy_areas", vocab.POLICY_AREA),
        sectors=_choices(data.get("sectors"), f"{path}.sectors", vocab.SECTOR),
        ogp_values=_choices(data.get("ogp_values"), f"{path}.ogp_values", vocab.OGP_VALUE),
        resources_secured=secured,
        milestones=milestones,
        jurisdiction=_plain(data.get("jurisdiction"), f"{path}.jurisdiction"),
        completed=parse_date(data.get("completed"), f"{path}.completed"),
        assessed=parse_date(data.get("assessed"), f"{path}.assessed"),
    )


def _vision(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    data = _object(value, path)
    out: dict[str, Any] = {}
    for key, item in data.items():
        if key not in vocab.VISION_SECTION:
            raise PlanInputError(f"{path}.{key}", "unknown section (A to I)")
        if isinstance(item, Mapping) and not set(item) <= {"en", "uk"}:
            subs = vocab.VISION_GROUPS.get(key, ())
            for sub, sub_value in item.items():
                if sub not in subs:
                    raise PlanInputError(f"{path}.{key}.{sub}", "unknown sub-item")
                out[sub] = _vision_value(sub, sub_value, f"{path}.{key}.{sub}")
        else:
            out[key] = _vision_value(key, item, f"{path}.{key}")
    return out


def _vision_value(key: str, value: Any, path: str) -> Any:
    if key in vocab.VISION_NUMBERS:
        if value in (None, ""):
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 100_000:
            raise PlanInputError(path, "must be a whole number")
        return value
    if key in ("H", "I") and isinstance(value, list):
        lines = [_plain(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]
        return _text("\n".join(line for line in lines if line), path)
    return _text(value, path)


def parse_plan(value: Any) -> Plan:
    """The contract's JSON as a Plan; PlanInputError names the field that is wrong."""
    data = _object(value, "")
    known = {"jurisdictions", "period", "submitted", "vision", "monitoring_body", "commitments"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanInputError(unknown[0], "unknown field")
    jurisdictions = []
    raw = data.get("jurisdictions")
    if not isinstance(raw, list) or not 1 <= len(raw) <= 4:
        raise PlanInputError("jurisdictions", "must be a list of 1 to 4 jurisdictions")
    for i, item in enumerate(raw):
        where = f"jurisdictions[{i}]"
        row = _object(item, where)
        code = _plain(row.get("code"), f"{where}.code")
        jurisdictions.append(Jurisdiction(name=_plain(row.get("name"), f"{where}.name"), code=code,
                                          term_end=parse_date(row.get("term_end"),
                                                              f"{where}.term_end")))
    period = data.get("period") or {}
    period = _object(period, "period")
    body = data.get("monitoring_body") or {}
    body = _object(body, "monitoring_body")
    endorsed = body.get("endorsed_by_non_government", False)
    if not isinstance(endorsed, bool):
        raise PlanInputError("monitoring_body.endorsed_by_non_government", "must be true or false")
    commitments = [parse_commitment(item, f"commitments[{i}]")
                   for i, item in enumerate(_list(data.get("commitments"), "commitments"))]
    codes = {j.code for j in jurisdictions}
    if len(jurisdictions) > 1:
        for i, c in enumerate(commitments):
            if c.jurisdiction and c.jurisdiction != "joint" and c.jurisdiction not in codes:
                raise PlanInputError(f"commitments[{i}].jurisdiction",
                                     f"unknown jurisdiction {c.jurisdiction[:30]!r}")
    return Plan(jurisdictions=jurisdictions,
                period_start=parse_date(period.get("start"), "period.start"),
                period_end=parse_date(period.get("end"), "period.end"),
                submitted=parse_date(data.get("submitted"), "submitted"),
                vision=_vision(data.get("vision"), "vision"),
                monitoring_body=_text(body.get("name"), "monitoring_body.name"),
                monitoring_body_endorsed=endorsed,
                commitments=commitments)


# --- writing JSON -------------------------------------------------------------------------

def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def row_json(row: Row | None, branch: bool = True) -> dict[str, Any] | None:
    if row is None:
        return None
    out: dict[str, Any] = {"organisation": row.organisation, "contact": row.contact,
                           "title": row.title, "email": row.email, "role": row.role}
    if branch:
        out["branch"] = row.branch
    return out


def commitment_json(c: Commitment) -> dict[str, Any]:
    out: dict[str, Any] = {"number": c.number}
    out.update({key: c.text(key) for key in vocab.COMMITMENT_TEXTS})
    out.update({
        "start_date": _iso(c.start_date), "end_date": _iso(c.end_date),
        "lead_agency": row_json(c.lead_agency),
        "lead_non_government": row_json(c.lead_non_government, branch=False),
        "other_stakeholders": [row_json(r) for r in c.other_stakeholders],
        "policy_areas": [vocab.POLICY_AREA[k].en for k in c.policy_areas],
        "sectors": [vocab.SECTOR[k].en for k in c.sectors],
        "ogp_values": list(c.ogp_values),
        "resources_secured": c.resources_secured or None,
        "milestones": [{"output": m.output, "start_date": _iso(m.start_date),
                        "end_date": _iso(m.end_date), "responsible": m.responsible,
                        "contact": m.contact} for m in c.milestones],
    })
    if c.jurisdiction:
        out["jurisdiction"] = c.jurisdiction
    if c.completed:
        out["completed"] = _iso(c.completed)
    if c.assessed:
        out["assessed"] = _iso(c.assessed)
    return out


def plan_json(plan: Plan) -> dict[str, Any]:
    """The contract's JSON (every text as {"en", "uk"}); parse_plan reads it back unchanged."""
    vision: dict[str, Any] = {}
    for section in vocab.VISION_SECTIONS:
        subs = vocab.VISION_GROUPS.get(section.key)
        if subs:
            items = {sub: plan.vision[sub] for sub in subs if sub in plan.vision}
            if items:
                vision[section.key] = items
        elif section.key in plan.vision:
            vision[section.key] = plan.vision[section.key]
    return {
        "jurisdictions": [{"name": j.name, "code": j.code, "term_end": _iso(j.term_end)}
                          for j in plan.jurisdictions],
        "period": {"start": _iso(plan.period_start), "end": _iso(plan.period_end)},
        "submitted": _iso(plan.submitted),
        "vision": vision,
        "monitoring_body": {"name": plan.monitoring_body,
                            "endorsed_by_non_government": plan.monitoring_body_endorsed},
        "commitments": [commitment_json(c) for c in plan.commitments],
    }


# --- dates --------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day N months later (or earlier), or the month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lasts_a_year(start: date, end: date) -> bool:
    """One calendar year, counting the end day (1 Jan to 31 Dec is a year)."""
    return end + timedelta(days=1) >= add_months(start, 12)


def latest_end(term_end: date) -> date:
    """An action plan (or a jurisdiction's commitments) ends at least two months before the term."""
    return add_months(term_end, -2)


def dmy(day: date | None) -> str:
    """Dates as the template writes them: DD/MM/YYYY."""
    return day.strftime("%d/%m/%Y") if day else ""


def commitment_limit(jurisdictions: int) -> int:
    return 5 if jurisdictions <= 1 else 10 if jurisdictions == 2 else 12


def change_window_end(submitted: date) -> date:
    """Commitments can be changed within six months of their submission."""
    return add_months(submitted, 6)


# --- rules --------------------------------------------------------------------------------

@dataclass
class RuleResult:
    rule: str
    ok: bool
    template: str
    params: dict[str, Any] = field(default_factory=dict)
    commitment: int | None = None   # the commitment's number (its position from 1 if none)

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        template = (gettext or (lambda s: s))(self.template)
        return template.format(**self.params)

    def as_json(self, gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "message": self.message(gettext),
                "commitment": self.commitment}


def _label(c: Commitment, position: int) -> int:
    return c.number if c.number is not None else position


def rule_count(plan: Plan) -> RuleResult:
    limit = commitment_limit(len(plan.jurisdictions))
    active = sum(1 for c in plan.commitments if not c.replaceable)
    if active == 0:
        return RuleResult("commitment_count", False, N_("The plan has no commitment yet."))
    if active > limit:
        return RuleResult("commitment_count", False, N_(
            "{count} commitments are open at once; a plan of {jurisdictions} jurisdiction(s) "
            "may have {limit}. A commitment counts until it is completed and assessed."),
            {"count": active, "limit": limit, "jurisdictions": len(plan.jurisdictions)})
    return RuleResult("commitment_count", True, N_(
        "{count} of at most {limit} commitments open at once."),
        {"count": active, "limit": limit})


def rule_plan_term(plan: Plan) -> list[RuleResult]:
    rule = "plan_ends_before_term"
    terms = [j.term_end for j in plan.jurisdictions if j.term_end]
    results: list[RuleResult] = []
    if plan.period_start is None or plan.period_end is None:
        return [RuleResult(rule, False, N_("Set the plan period: its start and end dates."))]
    if plan.period_end <= plan.period_start:
        return [RuleResult(rule, False, N_("The plan period ends before it starts."))]
    if not terms:
        ok = lasts_a_year(plan.period_start, plan.period_end) and \
            plan.period_end < add_months(plan.period_start, 48)
        results.append(RuleResult(rule, ok, N_(
            "No term end is given (no elections): the period is {start} to {end}, and must be "
            "one to four years."), {"start": dmy(plan.period_start), "end": dmy(plan.period_end)}))
        return results
    longest = max(terms)
    limit = latest_end(longest)
    if plan.period_end <= limit:
        results.append(RuleResult(rule, True, N_(
            "The period ends on {end}, at least two months before the term ends ({term})."),
            {"end": dmy(plan.period_end), "term": dmy(longest)}))
    else:
        results.append(RuleResult(rule, False, N_(
            "The period ends on {end}; it must end by {limit}, two months before the term "
            "ends ({term})."), {"end": dmy(plan.period_end), "limit": dmy(limit),
                               "term": dmy(longest)}))
    if len(plan.jurisdictions) > 1:
        by_code = {j.code: j for j in plan.jurisdictions}
        for position, c in enumerate(plan.commitments, 1):
            if c.end_date is None:
                continue
            owners = [by_code[c.jurisdiction]] if c.jurisdiction in by_code else \
                list(plan.jurisdictions)  # a joint commitment binds every jurisdiction
            owners = [j for j in owners if j.term_end]
            if not owners:
                continue
            owner = min(owners, key=lambda j: j.term_end)  # type: ignore[arg-type,return-value]
            assert owner.term_end is not None
            limit = latest_end(owner.term_end)
            ok = c.end_date <= limit
            results.append(RuleResult(rule, ok, N_(
                "Ends on {end}; {name}'s commitments must end by {limit}, two months before "
                "its term ends.") if not ok else N_(
                "Ends on {end}, at least two months before {name}'s term ends."),
                {"end": dmy(c.end_date), "limit": dmy(limit), "name": owner.name or owner.code},
                _label(c, position)))
    return results


def rule_min_year(c: Commitment, n: int) -> RuleResult:
    rule = "commitment_min_one_year"
    if c.start_date is None or c.end_date is None:
        return RuleResult(rule, False, N_("Give the start and end dates (field 3)."), {}, n)
    if lasts_a_year(c.start_date, c.end_date):
        return RuleResult(rule, True, N_("Lasts at least one year: {start} to {end}."),
                          {"start": dmy(c.start_date), "end": dmy(c.end_date)}, n)
    return RuleResult(rule, False, N_(
        "Lasts less than one year ({start} to {end}); a commitment lasts at least one "
        "calendar year."), {"start": dmy(c.start_date), "end": dmy(c.end_date)}, n)


def rule_within_period(plan: Plan, c: Commitment, n: int) -> RuleResult:
    rule = "commitment_within_period"
    if c.start_date is None or c.end_date is None or plan.period_start is None \
            or plan.period_end is None:
        return RuleResult(rule, False, N_(
            "The commitment's dates and the plan period are both needed."), {}, n)
    ok = plan.period_start <= c.start_date and c.end_date <= plan.period_end
    params = {"start": dmy(c.start_date), "end": dmy(c.end_date),
              "period_start": dmy(plan.period_start), "period_end": dmy(plan.period_end)}
    return RuleResult(rule, ok, N_("Inside the plan period ({period_start} to {period_end}).")
                      if ok else N_("{start} to {end} is not inside the plan period "
                                    "({period_start} to {period_end})."), params, n)


def rule_milestones(c: Commitment, n: int) -> RuleResult:
    rule = "milestones_within_dates"
    if not c.milestones:
        return RuleResult(rule, False, N_("Add milestones (field 17)."), {}, n)
    for i, m in enumerate(c.milestones, 1):
        if m.start_date is None or m.end_date is None:
            return RuleResult(rule, False, N_("Milestone {milestone} needs a start and an end date."),
                              {"milestone": i}, n)
        if m.end_date < m.start_date:
            return RuleResult(rule, False, N_("Milestone {milestone} ends before it starts."),
                              {"milestone": i}, n)
        if c.start_date and c.end_date and not (c.start_date <= m.start_date
                                                 and m.end_date <= c.end_date):
            return RuleResult(rule, False, N_(
                "Milestone {milestone} ({start} to {end}) falls outside the commitment's dates."),
                {"milestone": i, "start": dmy(m.start_date), "end": dmy(m.end_date)}, n)
    return RuleResult(rule, True, N_("All {count} milestones fall inside the commitment's dates."),
                      {"count": len(c.milestones)}, n)


def rule_responsible(c: Commitment, n: int) -> RuleResult:
    if c.lead_agency and has_text(c.lead_agency.organisation):
        name = c.lead_agency.organisation["en"] or c.lead_agency.organisation["uk"]
        return RuleResult("responsible_agency", True, N_("Lead agency: {name}."), {"name": name}, n)
    return RuleResult("responsible_agency", False,
                      N_("Name the leading government agency (field 4)."), {}, n)


def rule_value(c: Commitment, n: int) -> RuleResult:
    if c.ogp_values:
        return RuleResult("ogp_value", True, N_("OGP values: {values}."),
                          {"values": ", ".join(vocab.OGP_VALUE[k].en for k in c.ogp_values)}, n)
    return RuleResult("ogp_value", False, N_("Choose at least one OGP value (field 14)."), {}, n)


def rule_at_most_two(rule: str, keys: list[str], n: int, field_no: str) -> RuleResult:
    if len(keys) <= 2:
        return RuleResult(rule, True, N_("{count} chosen (field {field}, at most two)."),
                          {"count": len(keys), "field": field_no}, n)
    return RuleResult(rule, False, N_("{count} chosen in field {field}; choose at most two."),
                      {"count": len(keys), "field": field_no}, n)


def missing_english(plan: Plan) -> list[str]:
    """Where a required field has no English: "vision.E.1", "commitments[0].title", ..."""
    missing = []
    for key in vocab.VISION_REQUIRED:
        if key in vocab.VISION_NUMBERS:
            continue
        value = plan.vision.get(key)
        if not (value and value.get("en", "").strip()):
            missing.append(f"vision.{key}")
    if not plan.monitoring_body.get("en", "").strip():
        missing.append("monitoring_body.name")
    for i, c in enumerate(plan.commitments):
        missing.extend(f"commitments[{i}].{key}" for key in commitment_missing_english(c))
    return missing


def commitment_missing_english(c: Commitment) -> list[str]:
    missing = [key for key in vocab.REQUIRED_TEXTS if not c.text(key)["en"].strip()]
    if english_missing(c.text("additional_info")):
        missing.append("additional_info")
    if c.lead_agency is None or not c.lead_agency.organisation["en"].strip():
        missing.append("lead_agency")
    missing.extend(f"milestones[{i}].output" for i, m in enumerate(c.milestones)
                   if not m.output["en"].strip())
    return missing


def rule_english(plan: Plan) -> RuleResult:
    missing = missing_english(plan)
    if not missing:
        return RuleResult("english_text", True, N_("Every required field has English."))
    shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
    return RuleResult("english_text", False, N_(
        "{count} required field(s) lack English, the language of submission: {fields}."),
        {"count": len(missing), "fields": shown})


def vision_missing(plan: Plan) -> list[str]:
    missing = []
    for key in vocab.VISION_REQUIRED:
        value = plan.vision.get(key)
        if key in vocab.VISION_NUMBERS:
            if value is None:
                missing.append(key)
        elif not has_text(value):
            missing.append(key)
    return missing


def rule_vision(plan: Plan) -> RuleResult:
    missing = vision_missing(plan)
    if not missing:
        return RuleResult("vision_complete", True, N_("The strategic vision (Annex 1) is complete."))
    return RuleResult("vision_complete", False, N_(
        "The strategic vision lacks {count} item(s): {items}."),
        {"count": len(missing), "items": ", ".join(missing)})


def check_rules(plan: Plan) -> list[RuleResult]:
    """Every rule of the plan: plan-wide first, then each commitment's in order."""
    results = [rule_count(plan), *rule_plan_term(plan)]
    for position, c in enumerate(plan.commitments, 1):
        n = _label(c, position)
        results += [rule_min_year(c, n), rule_within_period(plan, c, n), rule_milestones(c, n),
                    rule_responsible(c, n), rule_value(c, n),
                    rule_at_most_two("policy_areas_at_most_two", c.policy_areas, n, "12"),
                    rule_at_most_two("sectors_at_most_two", c.sectors, n, "13")]
    results += [rule_english(plan), rule_vision(plan)]
    return results


# --- the SMART check of each commitment ---------------------------------------------------

SMART_VALUE_LABELS = {"transparency": "Transparency / access to information",
                      "participation": "Public participation",
                      "accountability": "Public accountability",
                      "technology": "Technology and innovation"}


def smart_input(c: Commitment, lang: str = "en") -> dict[str, Any]:
    """The commitment in the shape the SMART check reads (one language, old value labels)."""
    other = "uk" if lang == "en" else "en"

    def pick(text: Text) -> str:
        return text.get(lang) or text.get(other) or ""

    values: list[str] = []
    for key in c.ogp_values:
        for part in ([key.removeprefix("technology_"), "technology"]
                     if key.startswith("technology_") else [key]):
            if SMART_VALUE_LABELS[part] not in values:
                values.append(SMART_VALUE_LABELS[part])
    out: dict[str, Any] = {key: pick(c.text(key)) for key in vocab.COMMITMENT_TEXTS
                           if key != "additional_info"}
    out.update({
        "lead_agency": pick(c.lead_agency.organisation) if c.lead_agency else "",
        "start_date": _iso(c.start_date) or "", "end_date": _iso(c.end_date) or "",
        "ogp_values": values,
        "milestones": [{"output": pick(m.output), "start_date": _iso(m.start_date) or "",
                        "end_date": _iso(m.end_date) or "", "responsible": m.responsible}
                       for m in c.milestones],
    })
    if c.resources_secured:
        out["resources_secured"] = c.resources_secured
    return out


SmartCheck = Callable[[dict[str, Any], str], dict[str, Any]]


def check_plan(plan: Plan, *, smart: SmartCheck | None = None, lang: str = "en",
               gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The contract's answer: every rule, and each commitment's SMART report when `smart`
    (a callable (commitment, lang) -> report) is given."""
    results = check_rules(plan)
    reports: list[dict[str, Any]] = []
    if smart is not None:
        for c in plan.commitments:
            try:
                reports.append(smart(smart_input(c, lang), lang))
            except ValueError as error:  # the SMART check refuses this commitment only
                reports.append({"error": str(error)})
    return {"ok": all(r.ok for r in results),
            "rules": [r.as_json(gettext) for r in results],
            "commitments": reports}


# --- co-creation: the four minimum requirements (handbook 3.3.1) --------------------------

@dataclass
class Meeting:
    held_on: date
    phase: str                 # "co_creation" or "implementation"
    government: int = 0        # people counted by stakeholder type
    non_government: int = 0


@dataclass
class Evidence:
    forum: str = ""
    meetings: list[Meeting] = field(default_factory=list)
    plan_endorsements: int = 0          # non-government organisations endorsing the plan
    submitted: date | None = None


@dataclass
class Requirement:
    key: str                   # forum, regularity, multi_stakeholder, endorsement
    met: bool
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        return (gettext or (lambda s: s))(self.template).format(**self.params)


def cocreation_requirements(evidence: Evidence, today: date) -> list[Requirement]:
    """Forum, regularity, multi-stakeholder, endorsement: met or missing from the recorded
    meetings and endorsements (not from ticks)."""
    meetings = [m for m in evidence.meetings if m.held_on <= today]
    co = [m for m in meetings if m.phase == "co_creation"]
    forum_ok = bool(evidence.forum.strip()) and bool(meetings)
    out = [Requirement("forum", forum_ok, N_("Forum: {forum}, {count} meeting(s) recorded.")
                       if forum_ok else N_("Forum: name the space and record its meetings."),
                       {"forum": evidence.forum.strip(), "count": len(meetings)})]
    # two implementation meetings in each full year since submission
    short_years = []
    if evidence.submitted:
        year_start = evidence.submitted
        while add_months(year_start, 12) <= today:
            year_end = add_months(year_start, 12)
            held = sum(1 for m in meetings if m.phase == "implementation"
                       and year_start <= m.held_on < year_end)
            if held < 2:
                short_years.append(dmy(year_start))
            year_start = year_end
    regular = bool(co) and not short_years
    out.append(Requirement("regularity", regular, N_(
        "Regularity: {co} co-creation meeting(s); {impl} on implementation.") if regular else (
        N_("Regularity: no co-creation meeting with non-government stakeholders recorded.")
        if not co else N_("Regularity: fewer than two implementation meetings in the year "
                          "from {years}.")),
        {"co": len(co), "impl": sum(1 for m in meetings if m.phase == "implementation"),
         "years": ", ".join(short_years)}))
    mixed = [m for m in meetings if m.government > 0 and m.non_government > 0]
    gov = sum(m.government for m in meetings)
    non = sum(m.non_government for m in meetings)
    out.append(Requirement("multi_stakeholder", bool(mixed), N_(
        "Multi-stakeholder: {gov} government and {non} non-government participations; {mixed} "
        "meeting(s) had both."), {"gov": gov, "non": non, "mixed": len(mixed)}))
    out.append(Requirement("endorsement", evidence.plan_endorsements > 0, N_(
        "Endorsement: {count} non-government stakeholder(s) endorse the plan."),
        {"count": evidence.plan_endorsements}))
    return out

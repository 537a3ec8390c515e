"""The OGP Local action plan's rules, as the handbook states them. Pure: no Flask,
SQLAlchemy or I/O.

`check_plan` answers `{"ok", "rules": [{"rule", "ok", "message", "commitment"}],
"commitments": [SMART report]}` for a Plan (app.plans.values reads the contract's JSON); a
plan that breaks rules is a normal answer (`ok: false`), never an error. Also the plan's
dates (two months before the term, one calendar year, the six-month change window) and the
four minimum co-creation requirements read from recorded evidence.

Messages are English templates (the msgids of the interface catalogue) filled with
parameters; callers pass a `gettext` callable to have them in another language.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.plans import vocab
from app.plans.values import (  # noqa: F401  (the plan's values, used with the rules)
    CYRILLIC,
    Commitment,
    Jurisdiction,
    Milestone,
    Plan,
    PlanInputError,
    Row,
    Text,
    commitment_json,
    empty_text,
    english_missing,
    has_text,
    iso,
    parse_commitment,
    parse_date,
    parse_plan,
    plan_json,
    read_text,
    row_json,
)

RULE_IDS = ("commitment_count", "plan_ends_before_term", "commitment_min_one_year",
            "commitment_within_period", "milestones_within_dates", "responsible_agency",
            "ogp_value", "policy_areas_at_most_two", "sectors_at_most_two", "english_text",
            "vision_complete")


def N_(text: str) -> str:  # marks a msgid for the catalogue, translated later
    return text

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
    missing.extend(f"vision.{key}" for key in ("D", "I")   # optional, but English once written
                   if isinstance(plan.vision.get(key), dict) and english_missing(plan.vision[key]))
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
    elif english_missing(c.lead_agency.role):
        missing.append("lead_agency.role")
    rows = [("lead_non_government", c.lead_non_government)] if c.lead_non_government else []
    rows += [(f"other_stakeholders[{i}]", row) for i, row in enumerate(c.other_stakeholders)]
    for where, row in rows:   # written rows: their organisation and role in English too
        missing.extend(f"{where}.{column}" for column in ("organisation", "role")
                       if english_missing(getattr(row, column)))
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
        "start_date": iso(c.start_date) or "", "end_date": iso(c.end_date) or "",
        "ogp_values": values,
        "milestones": [{"output": pick(m.output), "start_date": iso(m.start_date) or "",
                        "end_date": iso(m.end_date) or "", "responsible": m.responsible}
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

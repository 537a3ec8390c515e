"""The action plan as values: the contract's JSON (DESIGN.md, "After the training") read
into dataclasses, and written back. Pure: no Flask, SQLAlchemy or I/O.

`parse_plan` raises `PlanInputError` naming the field (`commitments[2].start_date`, indexes
from 0): wrong types, unknown values, unreadable dates. Any text may be a string or
{"en", "uk"}; a plain string is taken as Ukrainian when it has Cyrillic letters, else English.
`plan_json` writes every text as {"en", "uk"}, and `parse_plan` reads it back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.plans import vocab

MAX_TEXT = 20_000
MAX_ROWS = 100
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DIGITS = re.compile(r"[0-9]{1,9}")
DMY_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")

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

def read_text(value: Any, path: str) -> Text:
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
        return Row(organisation=read_text(value, path))
    data = _object(value, path)
    known = {"organisation", "branch", "contact", "title", "email", "role"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanInputError(f"{path}.{unknown[0]}", "unknown field")
    row = Row(organisation=read_text(data.get("organisation"), f"{path}.organisation"),
              branch=_plain(data.get("branch"), f"{path}.branch") if branch else "",
              contact=_plain(data.get("contact"), f"{path}.contact"),
              title=_plain(data.get("title"), f"{path}.title"),
              email=_plain(data.get("email"), f"{path}.email"),
              role=read_text(data.get("role"), f"{path}.role"))
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
    if isinstance(number, str) and DIGITS.fullmatch(number.strip()):
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
            output=read_text(row.get("output"), f"{where}.output"),
            start_date=parse_date(row.get("start_date"), f"{where}.start_date"),
            end_date=parse_date(row.get("end_date"), f"{where}.end_date"),
            responsible=_plain(row.get("responsible"), f"{where}.responsible"),
            contact=_plain(row.get("contact") or row.get("contact_person"), f"{where}.contact")))
    others = [_row(item, f"{path}.other_stakeholders[{i}]", branch=True)
              for i, item in enumerate(_list(data.get("other_stakeholders"),
                                             f"{path}.other_stakeholders"))]
    return Commitment(
        number=number,
        texts={key: read_text(data.get(key), f"{path}.{key}") for key in vocab.COMMITMENT_TEXTS},
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
        if isinstance(value, str) and DIGITS.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 100_000:
            raise PlanInputError(path, "must be a whole number")
        return value
    if key in ("H", "I") and isinstance(value, list):
        lines = [_plain(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]
        return read_text("\n".join(line for line in lines if line), path)
    return read_text(value, path)


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
                monitoring_body=read_text(body.get("name"), "monitoring_body.name"),
                monitoring_body_endorsed=endorsed,
                commitments=commitments)


# --- writing JSON -------------------------------------------------------------------------

def iso(day: date | None) -> str | None:
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
        "start_date": iso(c.start_date), "end_date": iso(c.end_date),
        "lead_agency": row_json(c.lead_agency),
        "lead_non_government": row_json(c.lead_non_government, branch=False),
        "other_stakeholders": [row_json(r) for r in c.other_stakeholders],
        "policy_areas": [vocab.POLICY_AREA[k].en for k in c.policy_areas],
        "sectors": [vocab.SECTOR[k].en for k in c.sectors],
        "ogp_values": list(c.ogp_values),
        "resources_secured": c.resources_secured or None,
        "milestones": [{"output": m.output, "start_date": iso(m.start_date),
                        "end_date": iso(m.end_date), "responsible": m.responsible,
                        "contact": m.contact} for m in c.milestones],
    })
    if c.jurisdiction:
        out["jurisdiction"] = c.jurisdiction
    if c.completed:
        out["completed"] = iso(c.completed)
    if c.assessed:
        out["assessed"] = iso(c.assessed)
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
        "jurisdictions": [{"name": j.name, "code": j.code, "term_end": iso(j.term_end)}
                          for j in plan.jurisdictions],
        "period": {"start": iso(plan.period_start), "end": iso(plan.period_end)},
        "submitted": iso(plan.submitted),
        "vision": vision,
        "monitoring_body": {"name": plan.monitoring_body,
                            "endorsed_by_non_government": plan.monitoring_body_endorsed},
        "commitments": [commitment_json(c) for c in plan.commitments],
    }

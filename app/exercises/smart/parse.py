"""Reading a commitment: the structured Annex 2 template or pasted text, into one Parsed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from app.exercises.smart.dates import DatePoint, _plausible, _range_in, find_dates, stated_months
from app.exercises.smart.lexicon import (
    BULLET,
    MILESTONE_HEADER,
    PLACEHOLDER,
    TIMEFRAME_LABEL,
    VALUE_LABELS,
    VALUE_PATTERNS,
    _found,
    _label,
    _normalise,
    _words,
)
from app.exercises.smart.messages import ENGLISH, VALUE_KEYS, Translator, _t

MAX_TEXT = 20_000  # characters in "text" or in any one field
MAX_MILESTONES = 100

# Template fields read as text (each a string or {"en": ..., "uk": ...}); lead_agency may also
# be a row (AGENCY_KEYS). Other Annex 2 keys (number, policy_areas, sectors, additional_info,
# jurisdiction, ...) are not part of the SMART check and are ignored.
TEXT_FIELDS = ("title", "problem", "status_quo", "action", "expected_results",
               "long_term_goal", "lead_agency", "resources")
AGENCY_KEYS = ("organisation", "branch", "contact", "title", "email", "role")  # fields 4-6 rows
MAX_STAKEHOLDERS = 50
# Field 14: the six values of the template, each read as the four values the criteria know.
TEMPLATE_VALUES = {
    "transparency": ("transparency",),
    "participation": ("participation",),
    "accountability": ("accountability",),
    "technology": ("technology",),  # the old four keys are still accepted
    "technology_transparency": ("technology", "transparency"),
    "technology_participation": ("technology", "participation"),
    "technology_accountability": ("technology", "accountability"),
}
# Field 16: are the resources secured? yes / partly / no (Ukrainian words and booleans too).
SECURED = {"yes": "yes", "partly": "partly", "no": "no", "так": "yes", "частково": "partly",
           "ні": "no", "true": "yes", "false": "no"}


class SmartInputError(ValueError):
    """Input that is neither a structured commitment nor {"text": ...}, or of wrong types."""


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _form_date(value: Any, name: str) -> tuple[date | None, str | None]:
    """(date, None), (None, None) when empty, or (None, raw) when it cannot be read."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        value = value.date()  # a datetime would not compare with the other dates
    if isinstance(value, date):
        return (value, None) if _plausible(value.year) else (None, value.isoformat())
    if not isinstance(value, str):
        raise SmartInputError(f"'{name}' must be a date string (YYYY-MM-DD)")
    raw = value.strip()
    if not raw:
        return None, None
    if ISO_DATE.match(raw) and _plausible(int(raw[:4])):
        try:
            return date.fromisoformat(raw), None
        except ValueError:
            pass
    return None, raw[:40]


@dataclass
class Milestone:
    number: int  # its row number in the form (or order in the text), from 1
    output: str
    start: date | None = None
    end: date | None = None
    responsible: str = ""
    bad_dates: tuple[tuple[str, str], ...] = ()  # (start|end, raw value)
    contact: str = ""


@dataclass
class Parsed:
    """What the criteria and rules look at, for either input shape."""

    form: bool  # True for the structured template, False for pasted text
    lang: str  # en | uk: which side of a bilingual field is read
    today: date
    fields: dict[str, str] = field(default_factory=dict)
    ticked: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    bad_dates: list[tuple[str, str]] = field(default_factory=list)  # (field, raw)
    milestones: list[Milestone] = field(default_factory=list)
    text: str = ""  # all text, normalised
    period_source: str = ""  # text only: range | dates | milestones | deadline | ""
    months_stated: int | None = None
    date_labels: list[str] = field(default_factory=list)
    lead_contact: str = ""  # field 4's contact person, title and email, when given as a row
    partners: list[str] = field(default_factory=list)  # fields 5 and 6
    secured: str | None = None  # field 16: yes | partly | no
    tr: Translator = ENGLISH  # the reader's language, for every message

    def ms(self, milestone: Milestone) -> str:
        return _t(self.tr, "milestone", n=milestone.number,
                  title=_label(milestone.output, self.tr))

    @cached_property
    def values_in_text(self) -> dict[str, list[str]]:
        """OGP values the wording speaks to, each with the words that show it."""
        found = {k: _found(VALUE_PATTERNS[k], self.body) for k in VALUE_KEYS}
        return {k: words for k, words in found.items() if words}

    @cached_property
    def body(self) -> str:
        """The text that describes what will be done (not the problem): for values and outputs."""
        if not self.form:
            return self.text
        parts = [self.fields[k] for k in ("title", "action", "expected_results",
                                          "long_term_goal")]
        return _normalise("\n".join(parts + [m.output for m in self.milestones]))

    @cached_property
    def numbers(self) -> list[str]:
        return _numbers(self.text)


def _numbers(text: str) -> list[str]:
    """Figures that are not dates, years or list numbering."""
    cleaned = []
    for line in text.split("\n"):
        points, _invalid = find_dates(line)
        for p in reversed(points):
            line = line[:p.start] + " " * (p.end - p.start) + line[p.end:]
        line = BULLET.sub(" ", line)
        cleaned.append(line)
    found = re.findall(r"(?<![\w.,])(\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?(\s*(?:%|відсот\w*|"
                       r"per ?cent))?", "\n".join(cleaned), re.IGNORECASE)
    return [n + ("%" if pct else "") for n, pct in found
            if pct or not re.fullmatch(r"20[0-3]\d", n)][:6]


def _text_field(data: Mapping[str, Any], key: str, lang: str = "en", name: str = "") -> str:
    """A text field: a string, or {"en": ..., "uk": ...} read in `lang` (else the other)."""
    name = name or key
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, Mapping) and value and set(value) <= {"en", "uk"}:
        for code in (lang, "uk" if lang == "en" else "en"):
            text = _text_field(value, code, lang, f"{name}.{code}")
            if text:
                return text
        return ""
    if not isinstance(value, str):
        raise SmartInputError(f"'{name}' must be text or {{\"en\": ..., \"uk\": ...}}")
    if len(value) > MAX_TEXT:
        raise SmartInputError(f"'{name}' is longer than {MAX_TEXT} characters")
    return _normalise(value).strip()


def _row(value: Any, name: str, lang: str) -> dict[str, str]:
    """An agency or stakeholder row (fields 4-6) as texts; a plain string is its organisation."""
    if value is None or isinstance(value, str):
        return {"organisation": _text_field({"v": value}, "v", lang, name)}
    if not isinstance(value, Mapping) or (value and set(value) <= {"en", "uk"}):
        if isinstance(value, Mapping):
            return {"organisation": _text_field({"v": value}, "v", lang, name)}
        raise SmartInputError(f"'{name}' must be text or an object with "
                              f"{', '.join(AGENCY_KEYS)}")
    return {key: _text_field(value, key, lang, f"{name}.{key}") for key in AGENCY_KEYS}


def _agency_name(row: Mapping[str, str]) -> str:
    """'Reconstruction department, Pryrichna City Council': the unit first, then its body."""
    parts = [row.get("branch", ""), row.get("organisation", "")]
    return ", ".join(dict.fromkeys(p for p in parts if p and not _placeholder(p)))


def _contact(row: Mapping[str, str]) -> str:
    return ", ".join(p for p in (row.get("contact", ""), row.get("title", ""),
                                 row.get("email", "")) if p)


def _contact_text(value: Any, name: str, lang: str) -> str:
    if isinstance(value, Mapping) and not set(value) <= {"en", "uk"}:
        return _contact(_row(value, name, lang))
    return _text_field({"v": value}, "v", lang, name)


def _partners(data: Mapping[str, Any], lang: str) -> list[str]:
    """Fields 5 and 6: the non-government lead and the other stakeholders, as short labels."""
    rows = []
    if data.get("lead_non_government") not in (None, ""):
        rows.append(_row(data["lead_non_government"], "lead_non_government", lang))
    others = data.get("other_stakeholders")
    if others not in (None, ""):
        if not isinstance(others, (list, tuple)):
            raise SmartInputError("'other_stakeholders' must be a list of rows")
        if len(others) > MAX_STAKEHOLDERS:
            raise SmartInputError(f"'other_stakeholders': at most {MAX_STAKEHOLDERS} rows")
        rows += [_row(r, f"other_stakeholders[{i}]", lang) for i, r in enumerate(others)]
    labels = []
    for row in rows:
        name = _agency_name(row)
        if name:
            labels.append(f"{name} ({row['role']})" if row.get("role") else name)
    return list(dict.fromkeys(labels))


def _secured(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    key = str(raw).strip().lower() if isinstance(raw, (str, bool)) else None
    if key not in SECURED:
        raise SmartInputError("'resources_secured' must be yes, partly or no")
    return SECURED[key]


def _ticked_values(raw: Any) -> frozenset[str]:
    """OGP values from checklist labels, short keys or indices into VALUE_KEYS."""
    if raw is None or raw == "":
        return frozenset()
    if isinstance(raw, Mapping):  # {label: checked}
        raw = [k for k, checked in raw.items() if checked]
    if isinstance(raw, (str, int)) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        raise SmartInputError("'ogp_values' must be a list of labels or indices")
    keys: set[str] = set()
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise SmartInputError("'ogp_values' must be a list of labels or indices")
        if isinstance(item, int) or re.fullmatch(r"\d{1,3}", item.strip(), re.ASCII):
            index = int(item)
            if 0 <= index < len(VALUE_KEYS):
                keys.add(VALUE_KEYS[index])
            continue
        if item.strip().lower() in TEMPLATE_VALUES:
            keys.update(TEMPLATE_VALUES[item.strip().lower()])
            continue
        if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", item.strip()):  # a key, but not one of field 14's
            raise SmartInputError(f"'ogp_values': unknown value '{item.strip()}' (one of "
                                  f"{', '.join(k for k in TEMPLATE_VALUES if k != 'technology')})")
        keys.update(key for key, pattern in VALUE_LABELS if pattern.search(item))
    return frozenset(keys)


def _milestone(row: Any, number: int, lang: str = "en") -> Milestone | None:
    if not isinstance(row, Mapping):
        raise SmartInputError("each milestone must be an object")
    name = f"milestones[{number - 1}]"
    output = _text_field(row, "output", lang, f"{name}.output")
    responsible = _agency_name(_row(row.get("responsible"), f"{name}.responsible", lang))
    contact = _contact_text(row.get("contact"), f"{name}.contact", lang)
    start, bad_start = _form_date(row.get("start_date"), "milestones.start_date")
    end, bad_end = _form_date(row.get("end_date"), "milestones.end_date")
    if not (output or responsible or start or end or bad_start or bad_end):
        return None  # an empty row of the form's table
    bad = tuple((which, raw) for which, raw in (("start", bad_start), ("end", bad_end)) if raw)
    return Milestone(number, output, start, end, "" if _placeholder(responsible) else responsible,
                     bad, contact)


def _placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.match(value))


def parse_form(data: Mapping[str, Any], lang: str, today: date) -> Parsed:
    fields = {key: _text_field(data, key, lang) for key in TEXT_FIELDS if key != "lead_agency"}
    lead = _row(data.get("lead_agency"), "lead_agency", lang)
    fields["lead_agency"] = _agency_name(lead)
    rows = data.get("milestones") or []
    if not isinstance(rows, (list, tuple)):
        raise SmartInputError("'milestones' must be a list")
    if len(rows) > MAX_MILESTONES:
        raise SmartInputError(f"at most {MAX_MILESTONES} milestones")
    milestones = [m for i, row in enumerate(rows, 1) if (m := _milestone(row, i, lang))]
    start, bad_start = _form_date(data.get("start_date"), "start_date")
    end, bad_end = _form_date(data.get("end_date"), "end_date")
    bad = [(name, raw) for name, raw in (("start_date", bad_start), ("end_date", bad_end)) if raw]
    text = _normalise("\n".join([*fields.values(), *(m.output for m in milestones)]))
    return Parsed(True, lang, today, fields, _ticked_values(data.get("ogp_values")), start, end,
                  bad, milestones, text,
                  # the commitment exercise keeps field 4's contact in a field of its own
                  lead_contact=_contact(lead) or _text_field(data, "lead_agency_contact", lang),
                  partners=_partners(data, lang), secured=_secured(data.get("resources_secured")))


def _milestone_lines(lines: list[str]) -> list[int]:
    """Indices of the lines that list milestones: after a 'Milestones:' heading if there is
    one, else bulleted or numbered lines that carry a date and are not the timeframe."""
    for i, line in enumerate(lines):
        heading = _words(line) <= 6 or line.endswith(":")
        if MILESTONE_HEADER.search(line) and heading and not find_dates(line)[0]:
            after = []
            for j in range(i + 1, len(lines)):
                if lines[j].endswith(":") and not BULLET.match(lines[j]):
                    break  # the next section's heading
                if lines[j]:
                    after.append(j)
            bulleted = [j for j in after if BULLET.match(lines[j])]
            return bulleted or after
    return [i for i, line in enumerate(lines)
            if BULLET.match(line) and find_dates(line)[0] and not TIMEFRAME_LABEL.search(line)]


def parse_text(raw: str, lang: str, today: date) -> Parsed:
    text = _normalise(raw)
    lines = text.split("\n")
    dated = [find_dates(line) for line in lines]
    ms_index = set(_milestone_lines(lines))
    parsed = Parsed(False, lang, today, text=text, months_stated=stated_months(text))
    parsed.bad_dates = [("text", bad) for _, invalid in dated for bad in invalid]
    for n, i in enumerate(sorted(ms_index), 1):
        points = dated[i][0]
        parsed.milestones.append(Milestone(
            n, BULLET.sub("", lines[i]), min((p.first for p in points), default=None),
            max((p.last for p in points), default=None)))
    own = [(lines[i], dated[i][0]) for i in range(len(lines)) if i not in ms_index]
    _set_period(parsed, own, [p for points, _ in dated for p in points])
    parsed.date_labels = _date_labels(lines, dated)
    return parsed


def _best(points: list[DatePoint]) -> list[DatePoint]:
    """Drop year-only mentions when sharper dates exist: '212 requests in 2024' is a baseline."""
    sharp = [p for p in points if p.precision > 0]
    return sharp or points


def _set_period(parsed: Parsed, own: list[tuple[str, list[DatePoint]]],
                every: list[DatePoint]) -> None:
    """The commitment's dates: a written range, else its own dates, else the milestones'."""
    for line, points in own:
        found = _range_in(line, points)
        if found:
            parsed.start, parsed.end = found
            parsed.period_source = "range"
            return
    own_points = _best([p for _, points in own for p in points])
    for source, points in (("dates", own_points), ("milestones", _best(every))):
        if len({(p.first, p.last) for p in points}) >= 2:
            parsed.start = min(p.first for p in points)
            parsed.end = max(p.last for p in points)
            parsed.period_source = source
            return
    if own_points:
        parsed.end = max(p.last for p in own_points)
        parsed.period_source = "deadline"


def _date_labels(lines: list[str], dated: list[tuple[list[DatePoint], list[str]]]) -> list[str]:
    labels = [lines[i][p.start:p.end] for i, (points, _) in enumerate(dated) for p in points]
    return list(dict.fromkeys(labels))[:6]


def parse(commitment: Any, lang: str, today: date, tr: Translator = ENGLISH) -> Parsed:
    parsed = _parse(commitment, lang, today)
    parsed.tr = tr
    return parsed


def _parse(commitment: Any, lang: str, today: date) -> Parsed:
    if not isinstance(commitment, Mapping):
        raise SmartInputError("a commitment must be a JSON object")
    if "text" in commitment:
        raw = commitment["text"]
        if isinstance(raw, Mapping) and raw and set(raw) <= {"en", "uk"}:
            raw = _text_field(raw, lang) or _text_field(raw, "uk" if lang == "en" else "en")
        if not isinstance(raw, str):
            raise SmartInputError("'text' must be a string")
        if len(raw) > MAX_TEXT:
            raise SmartInputError(f"'text' is longer than {MAX_TEXT} characters")
        return parse_text(raw, lang, today)
    return parse_form(commitment, lang, today)


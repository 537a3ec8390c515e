"""The OGP Local rules a single commitment must keep, a registry of yes/no checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.exercises.smart.bodies import _bodies
from app.exercises.smart.criteria import _missing_dates
from app.exercises.smart.dates import _duration, lasts_a_year
from app.exercises.smart.lexicon import _label
from app.exercises.smart.messages import (
    FIELD_NAMES,
    _count,
    _items,
    _pick,
    _quoted,
    _t,
    _value_names,
)
from app.exercises.smart.parse import Parsed

Rule = dict[str, Any]


def _rule(name: str, ok: bool, messages: list[str]) -> Rule:
    return {"rule": name, "ok": ok, "message": " ".join(messages)}


def rule_min_duration(p: Parsed) -> Rule:
    name, tr = "min_duration_one_year", p.tr
    if p.start and p.end:
        if p.end < p.start:
            return _rule(name, False, [_t(tr, "dur_reversed", start=p.start, end=p.end)])
        duration = _duration(tr, p.start, p.end)
        if lasts_a_year(p.start, p.end):
            return _rule(name, True, [_t(tr, "dur_ok", dur=duration, start=p.start, end=p.end)])
        return _rule(name, False, [_t(tr, "dur_short", dur=duration)])
    if not p.form and p.months_stated:
        duration = _count(tr, p.months_stated, "month")
        if p.months_stated >= 12:
            return _rule(name, True, [_t(tr, "dur_stated_ok", dur=duration)])
        return _rule(name, False, [_t(tr, "dur_short", dur=duration)])
    if not p.form:
        return _rule(name, False, [_t(tr, "dur_missing_text")])
    missing = [_pick(tr, FIELD_NAMES[k]) for k, v in (("start_date", p.start),
                                                       ("end_date", p.end)) if v is None]
    return _rule(name, False, [_t(tr, "dur_missing", items=_items(missing).lower())])


def rule_milestones_within(p: Parsed) -> Rule:
    name, tr = "milestones_within_dates", p.tr
    dated = [m for m in p.milestones if m.start or m.end]
    if not dated:
        return _rule(name, False, [_t(tr, "ms_none")])
    own_dates = bool(p.start and p.end and p.end >= p.start)
    # Pasted text: dates inferred from the milestones themselves cannot check them.
    readable = own_dates if p.form else p.period_source in ("range", "dates", "deadline")
    if not readable:
        return _rule(name, False, [_t(tr, "ms_need_dates")])
    problems: list[str] = []
    for m in p.milestones:
        which = _missing_dates(m) if p.form else None
        if which:
            problems.append(_t(tr, "ms_no_date", ms=p.ms(m), which=_t(tr, which)))
        if m.start and p.start and m.start < p.start:
            problems.append(_t(tr, "ms_before", ms=p.ms(m), day=m.start, start=p.start))
        if m.end and p.end and m.end > p.end:
            problems.append(_t(tr, "ms_after", ms=p.ms(m), day=m.end, end=p.end))
    if problems:
        return _rule(name, False, problems)
    start = p.start or "…"
    return _rule(name, True, [_t(tr, "ms_ok", n=len(dated), start=start, end=p.end)])


def rule_responsible(p: Parsed) -> Rule:
    name, tr = "responsible_agency", p.tr
    if not p.form:
        specific, generic = _bodies(p.text)
        if specific or generic:
            return _rule(name, True, [_t(tr, "resp_text_ok",
                                         items=_quoted((specific + generic)[:3], tr))])
        return _rule(name, False, [_t(tr, "resp_text_missing")])
    lead = p.fields["lead_agency"]
    problems = [] if lead else [_t(tr, "resp_lead_missing")]
    problems += [_t(tr, "resp_missing", ms=p.ms(m)) + "." for m in p.milestones
                 if not m.responsible]
    if problems:
        return _rule(name, False, problems)
    key = "resp_ok" if p.milestones else "resp_no_ms"
    return _rule(name, True, [_t(tr, key, lead=_label(lead, tr))])


def rule_ogp_value(p: Parsed) -> Rule:
    name, tr = "ogp_value", p.tr
    values = p.ticked if p.form else frozenset(p.values_in_text)
    if values:
        return _rule(name, True, [_t(tr, "val_ok", items=_value_names(values, tr))])
    return _rule(name, False, [_t(tr, "val_missing" if p.form else "val_missing_text")])


RULES: dict[str, Callable[[Parsed], Rule]] = {
    "min_duration_one_year": rule_min_duration,
    "milestones_within_dates": rule_milestones_within,
    "responsible_agency": rule_responsible,
    "ogp_value": rule_ogp_value,
}

"""The SMART criteria, a registry of checks: each reads a Parsed commitment and answers
{"verdict", "evidence", "advice"}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.exercises.smart.bodies import _bodies, _is_generic
from app.exercises.smart.dates import find_dates
from app.exercises.smart.lexicon import (
    ACTION,
    BASELINE,
    CHANNEL,
    DELIVERABLE,
    FREQUENCY,
    MISSING_TOOL,
    OBJECT,
    OUTPUT_NOUNS,
    PROBLEM,
    RESPONSIBLE,
    RESULT,
    TARGET,
    VAGUE,
    _found,
    _label,
    _words,
)
from app.exercises.smart.messages import (
    FIELD_NAMES,
    VALUE_KEYS,
    VALUE_NAMES,
    _count,
    _items,
    _pick,
    _quoted,
    _t,
    _value_names,
)
from app.exercises.smart.parse import Milestone, Parsed, _numbers

Criterion = dict[str, Any]


def _criterion(points: float, full: float, evidence: list[str], advice: list[str]) -> Criterion:
    verdict = "met" if points >= full else "not_met" if points <= 0 else "partly"
    return {"verdict": verdict, "evidence": evidence, "advice": " ".join(a for a in advice if a)}


def _field_points(p: Parsed, key: str, enough: int) -> tuple[float, str]:
    value = p.fields[key]
    name = _pick(p.tr, FIELD_NAMES[key])
    words = _words(value)
    if not value:
        return 0.0, _t(p.tr, "field_empty", field=name)
    key_msg = "field_ok" if words >= enough else "field_short"
    return (1.0 if words >= enough else 0.5), _t(p.tr, key_msg, field=name,
                                                  words=_count(p.tr, words, "word"))


def check_specific(p: Parsed) -> Criterion:
    return _specific_form(p) if p.form else _specific_text(p)


def _specific_form(p: Parsed) -> Criterion:
    tr, title = p.tr, p.fields["title"]
    evidence: list[str] = []
    advice: list[str] = []
    if not title:
        title_points = 0.0
        evidence.append(_t(tr, "field_empty", field=_pick(tr, FIELD_NAMES["title"])))
        advice.append(_t(tr, "adv_title_missing"))
    elif ACTION.search(title):
        title_points = 1.0
        evidence.append(_t(tr, "title_action", title=_label(title, tr)))
    else:
        title_points = 0.5
        evidence.append(_t(tr, "title_theme", title=_label(title, tr)))
        advice.append(_t(tr, "adv_title_theme"))
    total = title_points
    for key, enough, tip in (("problem", 8, "adv_problem"), ("action", 8, "adv_action"),
                             ("expected_results", 6, "adv_results")):
        points, note = _field_points(p, key, enough)
        if key == "problem" and points and MISSING_TOOL.search(p.fields[key]) and \
                _words(p.fields[key]) < 15:
            points, note, tip = 0.5, _t(tr, "problem_tool"), "adv_problem_tool"
        total += points
        evidence.append(note)
        if points < 1:
            advice.append(_t(tr, tip))
    what = "\n".join(p.fields[k] for k in ("title", "action", "expected_results"))
    if what.strip() and not _concrete(what):
        evidence.append(_t(tr, "no_object"))
        advice.append(_t(tr, "adv_object"))
        return _criterion(0, 4, evidence, advice)
    return _criterion(total, 4, evidence, advice)


def _concrete(text: str) -> bool:
    """Names a thing to be made or changed, a figure or a date."""
    return bool(OBJECT.search(text) or _numbers(text)
                or any(find_dates(line)[0] for line in text.split("\n")))


def _specific_text(p: Parsed) -> Criterion:
    tr = p.tr
    signals = {"action": _found(ACTION, p.text), "problem": _found(PROBLEM, p.text),
               "results": _found(RESULT, p.text)}
    evidence, advice = [], []
    for name, words in signals.items():
        if words:
            evidence.append(_t(tr, f"text_{name}", items=_quoted(words, tr)))
        else:
            evidence.append(_t(tr, f"text_no_{name}"))
            advice.append(_t(tr, f"adv_text_{name}"))
    words = _words(p.text)
    evidence.append(_t(tr, "text_length", words=_count(tr, words, "word")))
    present = sum(1 for found in signals.values() if found)
    points = 1.0 if present == 3 and words >= 15 else 0.5 if present or words >= 15 else 0.0
    if p.text.strip() and not _concrete(p.text):
        evidence.append(_t(tr, "no_object"))
        advice.append(_t(tr, "adv_object"))
        points = 0.0
    return _criterion(points, 1, evidence, advice)


def check_measurable(p: Parsed) -> Criterion:
    return _measurable_form(p) if p.form else _measurable_text(p)


def _measurable_form(p: Parsed) -> Criterion:
    tr, evidence, advice = p.tr, [], []
    baseline = _numbers(p.fields["status_quo"])
    if baseline:
        evidence.append(_t(tr, "baseline", items=_items(baseline)))
    else:
        key = "baseline_nofig" if p.fields["status_quo"] else "field_empty"
        evidence.append(_t(tr, key, field=_pick(tr, FIELD_NAMES["status_quo"])))
        advice.append(_t(tr, "adv_baseline"))
    outcome_text = "\n".join([p.fields["action"], p.fields["expected_results"],
                              *(m.output for m in p.milestones)])
    target = (_numbers(outcome_text) + _found(FREQUENCY, outcome_text)
              + _found(TARGET, outcome_text))[:5]
    if target:
        evidence.append(_t(tr, "target", items=_items(target)))
    else:
        evidence.append(_t(tr, "no_target"))
        advice.append(_t(tr, "adv_target"))
    partial = 0.5 if p.fields["status_quo"] and not baseline else 0.0
    return _criterion((1 if baseline else partial) + (1 if target else 0), 2, evidence, advice)


def _measurable_text(p: Parsed) -> Criterion:
    tr = p.tr
    numbers, baseline = p.numbers, _found(BASELINE, p.text)
    target = _found(TARGET, p.text) + _found(FREQUENCY, p.text)
    evidence = [_t(tr, "text_numbers", items=_items(numbers)) if numbers
                else _t(tr, "text_no_numbers")]
    if baseline:
        evidence.append(_t(tr, "text_baseline", items=_quoted(baseline, tr)))
    if target:
        evidence.append(_t(tr, "text_target", items=_quoted(target[:4], tr)))
    if numbers and (baseline or target or len(numbers) >= 2):
        return _criterion(1, 1, evidence, [])
    partly = 0.5 if numbers or baseline or target else 0.0
    return _criterion(partly, 1, evidence, [_t(tr, "adv_text_measure")])


def check_answerable(p: Parsed) -> Criterion:
    return _answerable_form(p) if p.form else _answerable_text(p)


def _answerable_form(p: Parsed) -> Criterion:
    tr, lead = p.tr, p.fields["lead_agency"]
    evidence, advice = [], []
    if not lead:
        lead_points = 0.0
        evidence.append(_t(tr, "lead_missing"))
        advice.append(_t(tr, "adv_lead_missing"))
    elif _is_generic(lead):
        lead_points = 0.5
        evidence.append(_t(tr, "lead_generic", lead=_label(lead, tr)))
        advice.append(_t(tr, "adv_lead_generic", lead=_label(lead, tr)))
    else:
        lead_points = 1.0
        evidence.append(_t(tr, "lead", lead=_label(lead, tr)))
    if lead and p.lead_contact:
        evidence.append(_t(tr, "lead_contact", contact=_label(p.lead_contact, tr, 80)))
    if p.partners:
        evidence.append(_t(tr, "partners", items=_items(_label(x, tr, 50)
                                                         for x in p.partners[:4])))
    missing = [m for m in p.milestones if not m.responsible]
    if not p.milestones:
        ms_points = 0.0
        evidence.append(_t(tr, "no_milestones"))
        advice.append(_t(tr, "add_milestones"))
    elif missing:
        ms_points = 0.5 if len(missing) < len(p.milestones) else 0.0
        evidence += [_t(tr, "resp_missing", ms=p.ms(m)) for m in missing]
        advice += [_t(tr, "adv_resp", ms=p.ms(m)) for m in missing]
    else:
        ms_points = 1.0
        names = list(dict.fromkeys(m.responsible for m in p.milestones))
        evidence.append(_t(tr, "resp_all", items=_items(_label(n, tr, 40) for n in names)))
    return _criterion(lead_points + ms_points, 2, evidence, advice)


def _answerable_text(p: Parsed) -> Criterion:
    tr = p.tr
    specific, generic = _bodies(p.text)
    responsible = _found(RESPONSIBLE, p.text)
    evidence = []
    if specific or generic:
        evidence.append(_t(tr, "text_bodies", items=_quoted(specific + generic, tr)))
    else:
        evidence.append(_t(tr, "text_no_bodies"))
    if responsible:
        evidence.append(_t(tr, "text_resp_word", items=_quoted(responsible, tr)))
    if specific and (responsible or len(specific) + len(generic) >= 2):
        return _criterion(1, 1, evidence, [])
    if generic and not specific:
        evidence.append(_t(tr, "text_generic_only"))
    partly = 0.5 if specific or generic else 0.0
    tip = "adv_text_resp" if specific or generic else "adv_text_bodies"
    return _criterion(partly, 1, evidence, [_t(tr, tip)])


def check_relevant(p: Parsed) -> Criterion:
    return _relevant_form(p) if p.form else _relevant_text(p)


def _relevant_form(p: Parsed) -> Criterion:
    tr, ticked, seen = p.tr, p.ticked, p.values_in_text
    evidence, advice = [], []
    if seen:
        evidence.append(_t(tr, "values_text", items=_value_names(seen, tr)))
    if not ticked:
        evidence.insert(0, _t(tr, "values_none"))
        advice.append(_t(tr, "adv_tick", items=_value_names(seen, tr)) if seen
                      else _t(tr, "adv_values"))
        return _criterion(0.5 if seen else 0, 1, evidence, advice)
    evidence.insert(0, _t(tr, "values_ticked", items=_value_names(ticked, tr)))
    core = ticked - {"technology"}  # technology counts only when it serves another value
    unsupported = [k for k in VALUE_KEYS if k in ticked and k not in seen]
    evidence += [_t(tr, "value_unsupported", value=_pick(tr, VALUE_NAMES[k]))
                 for k in unsupported]
    if not core:
        evidence.append(_t(tr, "tech_only"))
        advice.append(_t(tr, "adv_tech_only"))
    elif unsupported:
        advice.append(_t(tr, "adv_unsupported", items=_value_names(unsupported, tr)))
    if not p.fields["long_term_goal"]:
        advice.append(_t(tr, "adv_goal"))
    return _criterion(1 if core & seen.keys() else 0.5, 1, evidence, advice)


def _relevant_text(p: Parsed) -> Criterion:
    tr, seen = p.tr, p.values_in_text
    if not seen:
        return _criterion(0, 1, [_t(tr, "values_none_text")], [_t(tr, "adv_values")])
    evidence = [_t(tr, "values_text", items=_value_names(seen, tr))]
    evidence += [f"{_pick(tr, VALUE_NAMES[k])}: {_quoted(seen[k], tr)}"
                 for k in VALUE_KEYS if k in seen]
    if set(seen) == {"technology"}:
        evidence.append(_t(tr, "tech_only"))
        return _criterion(0.5, 1, evidence, [_t(tr, "adv_tech_only")])
    return _criterion(1, 1, evidence, [])


def check_time_bound(p: Parsed) -> Criterion:
    return _time_bound_form(p) if p.form else _time_bound_text(p)


def _date_evidence(p: Parsed) -> tuple[float, list[str], list[str]]:
    """Points (0..1) for the commitment's own dates, with evidence and advice."""
    tr, evidence = p.tr, []
    for name, raw in p.bad_dates:
        evidence.append(_t(tr, "date_bad", field=_pick(tr, FIELD_NAMES[name]), value=raw))
    if p.start and p.end:
        if p.end < p.start:
            evidence.append(_t(tr, "reversed", start=p.start, end=p.end))
            return 0.5, evidence, [_t(tr, "adv_reversed")]
        evidence.append(_t(tr, "timeframe", start=p.start, end=p.end))
        if p.end < p.today:
            evidence.append(_t(tr, "past", end=p.end, today=p.today))
            return 0.5, evidence, [_t(tr, "adv_past")]
        return 1.0, evidence, []
    bad_names = {name for name, _ in p.bad_dates}
    for name, value in (("start_date", p.start), ("end_date", p.end)):
        if value is None and name not in bad_names:
            evidence.append(_t(tr, "date_missing", field=_pick(tr, FIELD_NAMES[name])))
    return (0.5 if p.start or p.end else 0.0), evidence, [_t(tr, "adv_dates")]


def _missing_dates(m: Milestone) -> str | None:
    bad = {which for which, _ in m.bad_dates}
    start_missing = m.start is None and "start" not in bad
    end_missing = m.end is None and "end" not in bad
    if start_missing and end_missing:
        return "dates"
    return "start" if start_missing else "end" if end_missing else None


def _time_bound_form(p: Parsed) -> Criterion:
    tr = p.tr
    points, evidence, advice = _date_evidence(p)
    if not p.milestones:
        evidence.append(_t(tr, "no_milestones"))
        advice.append(_t(tr, "add_milestones"))
        return _criterion(points, 2, evidence, advice)
    undated = []
    for m in p.milestones:
        notes = [_t(tr, "ms_bad_date", ms=p.ms(m), value=raw) for _, raw in m.bad_dates]
        which = _missing_dates(m)
        if which:
            notes.append(_t(tr, "ms_undated", ms=p.ms(m), which=_t(tr, which)))
        if m.start and m.end and m.end < m.start:
            notes.append(_t(tr, "ms_reversed", ms=p.ms(m), start=m.start, end=m.end))
        if notes:
            undated.append(m)
            evidence += notes
            advice.append(_t(tr, "adv_ms_dates", ms=p.ms(m)))
    if not undated:
        evidence.append(_t(tr, "ms_dated", n=len(p.milestones)))
    ms_points = 1.0 if not undated else 0.5 if len(undated) < len(p.milestones) else 0.0
    return _criterion(points + ms_points, 2, evidence, advice)


def _time_bound_text(p: Parsed) -> Criterion:
    tr, evidence, advice = p.tr, [], []
    evidence += [_t(tr, "text_bad_date", value=raw) for _, raw in p.bad_dates]
    if p.date_labels:
        evidence.append(_t(tr, "text_points", items=_items(p.date_labels)))
    if p.start and p.end:
        period = 1.0
        evidence.append(_t(tr, "text_period", start=p.start, end=p.end))
    elif p.end or p.months_stated:
        period = 0.5
        evidence.append(_t(tr, "text_deadline", end=p.end) if p.end else
                        _t(tr, "text_duration", dur=_count(tr, p.months_stated or 0, "month")))
        advice.append(_t(tr, "adv_text_period"))
    else:
        period = 0.0
        evidence.append(_t(tr, "text_no_dates"))
        advice.append(_t(tr, "adv_text_period"))
    dated = [m for m in p.milestones if m.end]
    if dated:
        evidence.append(_t(tr, "text_ms_dated", n=len(dated)))
        milestones = 1.0
    else:
        milestones = 0.5 if len(p.date_labels) >= 3 else 0.0
        advice.append(_t(tr, "adv_text_ms"))
    return _criterion(period + milestones, 2, evidence, advice)


def check_verifiable(p: Parsed) -> Criterion:
    return _verifiable_form(p) if p.form else _verifiable_text(p)


def _vague_word(output: str) -> str | None:
    """The activity word of a milestone that names no checkable output, else None."""
    vague = VAGUE.search(output)
    if vague and not (OUTPUT_NOUNS.search(output) or ACTION.search(output)):
        return vague.group(0).lower()
    return None


def _deliverable(p: Parsed, text: str, evidence: list[str], advice: list[str]) -> float:
    """1 when the text names something a resident can check (a published register, a portal,
    a report, a decision, an open data set ...), else 0; evidence and advice either way."""
    found = _found(DELIVERABLE, text)
    if found:
        evidence.append(_t(p.tr, "deliverable", items=_quoted(found, p.tr)))
        return 1.0
    evidence.append(_t(p.tr, "no_deliverable"))
    advice.append(_t(p.tr, "adv_deliverable"))
    return 0.0


def _verifiable_form(p: Parsed) -> Criterion:
    tr, evidence, advice = p.tr, [], []
    channel = _found(CHANNEL, p.body)
    if channel:
        evidence.append(_t(tr, "channel", items=_quoted(channel, tr)))
    else:
        evidence.append(_t(tr, "no_channel"))
        advice.append(_t(tr, "adv_channel"))
    points = (1 if channel else 0) + _deliverable(p, p.body, evidence, advice)
    if not points:  # nothing published, nothing to see: well-worded milestones do not help
        if p.milestones:
            evidence.append(_t(tr, "checkable", k=sum(1 for m in p.milestones
                                                         if not _vague_word(m.output)),
                               n=len(p.milestones)))
        return _criterion(0, 3, evidence, advice)
    if not p.milestones:
        evidence.append(_t(tr, "no_milestones"))
        advice.append(_t(tr, "add_milestones"))
        return _criterion(points, 3, evidence, advice)
    weak = 0
    for m in p.milestones:
        word = _vague_word(m.output)
        if word or _words(m.output) < 2:
            weak += 1
            evidence.append(_t(tr, "vague", ms=p.ms(m), word=word) if word
                            else _t(tr, "ms_empty", ms=p.ms(m)))
            advice.append(_t(tr, "adv_vague", ms=p.ms(m)))
    n = len(p.milestones)
    evidence.append(_t(tr, "checkable", k=n - weak, n=n))
    ms_points = 1.0 if not weak else 0.5 if weak < n else 0.0
    return _criterion(points + ms_points, 3, evidence, advice)


def _verifiable_text(p: Parsed) -> Criterion:
    tr, evidence, advice = p.tr, [], []
    channel = _found(CHANNEL, p.text)
    vague = _found(VAGUE, p.text)
    if channel:
        evidence.append(_t(tr, "channel", items=_quoted(channel, tr)))
    else:
        evidence.append(_t(tr, "no_channel"))
        advice.append(_t(tr, "adv_channel"))
    # An action verb or a date alone is not something a resident can check.
    points = (1 if channel else 0) + _deliverable(p, p.text, evidence, advice)
    if not points and vague:
        evidence.append(_t(tr, "text_vague", items=_quoted(vague, tr)))
    return _criterion(points, 2, evidence, advice)


# The registry, as CTFd registers challenge types: name -> check(Parsed) -> Criterion, in the
# order of the output. The handbook's five and measurable are here; the manual's actionable and
# realistic register themselves from manual.py (imported by the package), after them.
CRITERIA: dict[str, Callable[[Parsed], Criterion]] = {
    "specific": check_specific,
    "measurable": check_measurable,
    "answerable": check_answerable,
    "relevant": check_relevant,
    "time_bound": check_time_bound,
    "verifiable": check_verifiable,
}


def register(name: str) -> Callable[[Callable[[Parsed], Criterion]],
                                    Callable[[Parsed], Criterion]]:
    """Adds a criterion to CRITERIA (a decorator); its verdict appears under `name`."""
    def add(check: Callable[[Parsed], Criterion]) -> Callable[[Parsed], Criterion]:
        CRITERIA[name] = check
        return check
    return add

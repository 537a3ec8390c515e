"""The SMART criteria, a registry of checks: each reads a Parsed commitment and answers
{"verdict", "evidence", "advice"}."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.exercises.smart.dates import find_dates
from app.exercises.smart.lexicon import (
    ACTION,
    BASELINE,
    CHANNEL,
    DELIVERABLE,
    FREQUENCY,
    GENERIC_BODY,
    MISSING_TOOL,
    OBJECT,
    OUTPUT_NOUNS,
    PROBLEM,
    RESOURCE,
    RESPONSIBLE,
    RESULT,
    SECURED_WORDS,
    SPECIFIC_BODY,
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
    name = _pick(p.lang, FIELD_NAMES[key])
    words = _words(value)
    if not value:
        return 0.0, _t(p.lang, "field_empty", field=name)
    key_msg = "field_ok" if words >= enough else "field_short"
    return (1.0 if words >= enough else 0.5), _t(p.lang, key_msg, field=name,
                                                  words=_count(p.lang, words, "word"))


def check_specific(p: Parsed) -> Criterion:
    return _specific_form(p) if p.form else _specific_text(p)


def _specific_form(p: Parsed) -> Criterion:
    lang, title = p.lang, p.fields["title"]
    evidence: list[str] = []
    advice: list[str] = []
    if not title:
        title_points = 0.0
        evidence.append(_t(lang, "field_empty", field=_pick(lang, FIELD_NAMES["title"])))
        advice.append(_t(lang, "adv_title_missing"))
    elif ACTION.search(title):
        title_points = 1.0
        evidence.append(_t(lang, "title_action", title=_label(title, lang)))
    else:
        title_points = 0.5
        evidence.append(_t(lang, "title_theme", title=_label(title, lang)))
        advice.append(_t(lang, "adv_title_theme"))
    total = title_points
    for key, enough, tip in (("problem", 8, "adv_problem"), ("action", 8, "adv_action"),
                             ("expected_results", 6, "adv_results")):
        points, note = _field_points(p, key, enough)
        if key == "problem" and points and MISSING_TOOL.search(p.fields[key]) and \
                _words(p.fields[key]) < 15:
            points, note, tip = 0.5, _t(lang, "problem_tool"), "adv_problem_tool"
        total += points
        evidence.append(note)
        if points < 1:
            advice.append(_t(lang, tip))
    what = "\n".join(p.fields[k] for k in ("title", "action", "expected_results"))
    if what.strip() and not _concrete(what):
        evidence.append(_t(lang, "no_object"))
        advice.append(_t(lang, "adv_object"))
        return _criterion(0, 4, evidence, advice)
    return _criterion(total, 4, evidence, advice)


def _concrete(text: str) -> bool:
    """Names a thing to be made or changed, a figure or a date."""
    return bool(OBJECT.search(text) or _numbers(text)
                or any(find_dates(line)[0] for line in text.split("\n")))


def _specific_text(p: Parsed) -> Criterion:
    lang = p.lang
    signals = {"action": _found(ACTION, p.text), "problem": _found(PROBLEM, p.text),
               "results": _found(RESULT, p.text)}
    evidence, advice = [], []
    for name, words in signals.items():
        if words:
            evidence.append(_t(lang, f"text_{name}", items=_quoted(words, lang)))
        else:
            evidence.append(_t(lang, f"text_no_{name}"))
            advice.append(_t(lang, f"adv_text_{name}"))
    words = _words(p.text)
    evidence.append(_t(lang, "text_length", words=_count(lang, words, "word")))
    present = sum(1 for found in signals.values() if found)
    points = 1.0 if present == 3 and words >= 15 else 0.5 if present or words >= 15 else 0.0
    if p.text.strip() and not _concrete(p.text):
        evidence.append(_t(lang, "no_object"))
        advice.append(_t(lang, "adv_object"))
        points = 0.0
    return _criterion(points, 1, evidence, advice)


def check_measurable(p: Parsed) -> Criterion:
    return _measurable_form(p) if p.form else _measurable_text(p)


def _measurable_form(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    baseline = _numbers(p.fields["status_quo"])
    if baseline:
        evidence.append(_t(lang, "baseline", items=_items(baseline)))
    else:
        key = "baseline_nofig" if p.fields["status_quo"] else "field_empty"
        evidence.append(_t(lang, key, field=_pick(lang, FIELD_NAMES["status_quo"])))
        advice.append(_t(lang, "adv_baseline"))
    outcome_text = "\n".join([p.fields["action"], p.fields["expected_results"],
                              *(m.output for m in p.milestones)])
    target = (_numbers(outcome_text) + _found(FREQUENCY, outcome_text)
              + _found(TARGET, outcome_text))[:5]
    if target:
        evidence.append(_t(lang, "target", items=_items(target)))
    else:
        evidence.append(_t(lang, "no_target"))
        advice.append(_t(lang, "adv_target"))
    partial = 0.5 if p.fields["status_quo"] and not baseline else 0.0
    return _criterion((1 if baseline else partial) + (1 if target else 0), 2, evidence, advice)


def _measurable_text(p: Parsed) -> Criterion:
    lang = p.lang
    numbers, baseline = p.numbers, _found(BASELINE, p.text)
    target = _found(TARGET, p.text) + _found(FREQUENCY, p.text)
    evidence = [_t(lang, "text_numbers", items=_items(numbers)) if numbers
                else _t(lang, "text_no_numbers")]
    if baseline:
        evidence.append(_t(lang, "text_baseline", items=_quoted(baseline, lang)))
    if target:
        evidence.append(_t(lang, "text_target", items=_quoted(target[:4], lang)))
    if numbers and (baseline or target or len(numbers) >= 2):
        return _criterion(1, 1, evidence, [])
    partly = 0.5 if numbers or baseline or target else 0.0
    return _criterion(partly, 1, evidence, [_t(lang, "adv_text_measure")])


def _is_generic(body: str) -> bool:
    return bool(GENERIC_BODY.search(body)) and not SPECIFIC_BODY.search(body)


def check_answerable(p: Parsed) -> Criterion:
    return _answerable_form(p) if p.form else _answerable_text(p)


def _answerable_form(p: Parsed) -> Criterion:
    lang, lead = p.lang, p.fields["lead_agency"]
    evidence, advice = [], []
    if not lead:
        lead_points = 0.0
        evidence.append(_t(lang, "lead_missing"))
        advice.append(_t(lang, "adv_lead_missing"))
    elif _is_generic(lead):
        lead_points = 0.5
        evidence.append(_t(lang, "lead_generic", lead=_label(lead, lang)))
        advice.append(_t(lang, "adv_lead_generic", lead=_label(lead, lang)))
    else:
        lead_points = 1.0
        evidence.append(_t(lang, "lead", lead=_label(lead, lang)))
    missing = [m for m in p.milestones if not m.responsible]
    if not p.milestones:
        ms_points = 0.0
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
    elif missing:
        ms_points = 0.5 if len(missing) < len(p.milestones) else 0.0
        evidence += [_t(lang, "resp_missing", ms=p.ms(m)) for m in missing]
        advice += [_t(lang, "adv_resp", ms=p.ms(m)) for m in missing]
    else:
        ms_points = 1.0
        names = list(dict.fromkeys(m.responsible for m in p.milestones))
        evidence.append(_t(lang, "resp_all", items=_items(_label(n, lang, 40) for n in names)))
    return _criterion(lead_points + ms_points, 2, evidence, advice)


STOP_LEFT = {"the", "a", "an", "by", "and", "of", "with", "led", "is", "will", "be", "to", "for",
             "in", "on", "lead", "responsible", "agency", "from", "its", "our", "their"}
UK_VERB_END = re.compile(r"\w+(?:ить|ать|ять|ує|ює|ме|муть|ться|ється|ено|ано)$", re.IGNORECASE)


def _body_phrase(text: str, m: re.Match[str]) -> str:
    """The body with its qualifiers: 'Reconstruction department', 'відділ освіти міської ради'."""
    if m.group(0).isascii():
        left = []
        for word in reversed(re.findall(r"[\w'-]+", text[max(0, m.start() - 60):m.start()])[-3:]):
            if word.lower() in STOP_LEFT:
                break
            left.insert(0, word)
        right = re.match(r"(?: (?:of|for) (?:the )?[\w'-]+(?: [\w'-]+)?)?", text[m.end():])
        return " ".join([*left, m.group(0) + (right.group(0) if right else "")])
    right_words = []
    for raw in text[m.end():m.end() + 100].split("\n")[0].split(" ")[1:5]:
        word = raw.strip().rstrip(",.;:)»\"")
        if not re.fullmatch(r"[\w'-]+", word) or UK_VERB_END.match(word):
            break
        right_words.append(word)
        if word != raw.strip():  # punctuation closes the name
            break
    return " ".join([m.group(0), *right_words])


def _bodies(text: str) -> tuple[list[str], list[str]]:
    """(specific bodies, generic bodies) named in the text, as short phrases."""
    specific = [_body_phrase(text, m) for m in SPECIFIC_BODY.finditer(text)]
    utility = re.search(r"(?<!\w)КП(?!\w)[^,.;\n]{0,40}", text)  # case matters: КП, not кп
    if utility:
        specific.append(utility.group(0).strip())
    named = " ".join(specific).lower()
    # 'council' in 'Procurement Department of the City Council' is not a second body.
    generic = [g for g in dict.fromkeys(m.group(0).lower() for m in GENERIC_BODY.finditer(text))
               if g not in named]
    return list(dict.fromkeys(specific))[:4], generic[:3]


def _answerable_text(p: Parsed) -> Criterion:
    lang = p.lang
    specific, generic = _bodies(p.text)
    responsible = _found(RESPONSIBLE, p.text)
    evidence = []
    if specific or generic:
        evidence.append(_t(lang, "text_bodies", items=_quoted(specific + generic, lang)))
    else:
        evidence.append(_t(lang, "text_no_bodies"))
    if responsible:
        evidence.append(_t(lang, "text_resp_word", items=_quoted(responsible, lang)))
    if specific and (responsible or len(specific) + len(generic) >= 2):
        return _criterion(1, 1, evidence, [])
    if generic and not specific:
        evidence.append(_t(lang, "text_generic_only"))
    partly = 0.5 if specific or generic else 0.0
    tip = "adv_text_resp" if specific or generic else "adv_text_bodies"
    return _criterion(partly, 1, evidence, [_t(lang, tip)])


def check_relevant(p: Parsed) -> Criterion:
    return _relevant_form(p) if p.form else _relevant_text(p)


def _relevant_form(p: Parsed) -> Criterion:
    lang, ticked, seen = p.lang, p.ticked, p.values_in_text
    evidence, advice = [], []
    if seen:
        evidence.append(_t(lang, "values_text", items=_value_names(seen, lang)))
    if not ticked:
        evidence.insert(0, _t(lang, "values_none"))
        advice.append(_t(lang, "adv_tick", items=_value_names(seen, lang)) if seen
                      else _t(lang, "adv_values"))
        return _criterion(0.5 if seen else 0, 1, evidence, advice)
    evidence.insert(0, _t(lang, "values_ticked", items=_value_names(ticked, lang)))
    core = ticked - {"technology"}  # technology counts only when it serves another value
    unsupported = [k for k in VALUE_KEYS if k in ticked and k not in seen]
    evidence += [_t(lang, "value_unsupported", value=_pick(lang, VALUE_NAMES[k]))
                 for k in unsupported]
    if not core:
        evidence.append(_t(lang, "tech_only"))
        advice.append(_t(lang, "adv_tech_only"))
    elif unsupported:
        advice.append(_t(lang, "adv_unsupported", items=_value_names(unsupported, lang)))
    if not p.fields["long_term_goal"]:
        advice.append(_t(lang, "adv_goal"))
    return _criterion(1 if core & seen.keys() else 0.5, 1, evidence, advice)


def _relevant_text(p: Parsed) -> Criterion:
    lang, seen = p.lang, p.values_in_text
    if not seen:
        return _criterion(0, 1, [_t(lang, "values_none_text")], [_t(lang, "adv_values")])
    evidence = [_t(lang, "values_text", items=_value_names(seen, lang))]
    evidence += [f"{_pick(lang, VALUE_NAMES[k])}: {_quoted(seen[k], lang)}"
                 for k in VALUE_KEYS if k in seen]
    if set(seen) == {"technology"}:
        evidence.append(_t(lang, "tech_only"))
        return _criterion(0.5, 1, evidence, [_t(lang, "adv_tech_only")])
    return _criterion(1, 1, evidence, [])


def check_time_bound(p: Parsed) -> Criterion:
    return _time_bound_form(p) if p.form else _time_bound_text(p)


def _date_evidence(p: Parsed) -> tuple[float, list[str], list[str]]:
    """Points (0..1) for the commitment's own dates, with evidence and advice."""
    lang, evidence = p.lang, []
    for name, raw in p.bad_dates:
        evidence.append(_t(lang, "date_bad", field=_pick(lang, FIELD_NAMES[name]), value=raw))
    if p.start and p.end:
        if p.end < p.start:
            evidence.append(_t(lang, "reversed", start=p.start, end=p.end))
            return 0.5, evidence, [_t(lang, "adv_reversed")]
        evidence.append(_t(lang, "timeframe", start=p.start, end=p.end))
        if p.end < p.today:
            evidence.append(_t(lang, "past", end=p.end, today=p.today))
            return 0.5, evidence, [_t(lang, "adv_past")]
        return 1.0, evidence, []
    bad_names = {name for name, _ in p.bad_dates}
    for name, value in (("start_date", p.start), ("end_date", p.end)):
        if value is None and name not in bad_names:
            evidence.append(_t(lang, "date_missing", field=_pick(lang, FIELD_NAMES[name])))
    return (0.5 if p.start or p.end else 0.0), evidence, [_t(lang, "adv_dates")]


def _missing_dates(m: Milestone) -> str | None:
    bad = {which for which, _ in m.bad_dates}
    start_missing = m.start is None and "start" not in bad
    end_missing = m.end is None and "end" not in bad
    if start_missing and end_missing:
        return "dates"
    return "start" if start_missing else "end" if end_missing else None


def _time_bound_form(p: Parsed) -> Criterion:
    lang = p.lang
    points, evidence, advice = _date_evidence(p)
    if not p.milestones:
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
        return _criterion(points, 2, evidence, advice)
    undated = []
    for m in p.milestones:
        notes = [_t(lang, "ms_bad_date", ms=p.ms(m), value=raw) for _, raw in m.bad_dates]
        which = _missing_dates(m)
        if which:
            notes.append(_t(lang, "ms_undated", ms=p.ms(m), which=_t(lang, which)))
        if m.start and m.end and m.end < m.start:
            notes.append(_t(lang, "ms_reversed", ms=p.ms(m), start=m.start, end=m.end))
        if notes:
            undated.append(m)
            evidence += notes
            advice.append(_t(lang, "adv_ms_dates", ms=p.ms(m)))
    if not undated:
        evidence.append(_t(lang, "ms_dated", n=len(p.milestones)))
    ms_points = 1.0 if not undated else 0.5 if len(undated) < len(p.milestones) else 0.0
    return _criterion(points + ms_points, 2, evidence, advice)


def _time_bound_text(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    evidence += [_t(lang, "text_bad_date", value=raw) for _, raw in p.bad_dates]
    if p.date_labels:
        evidence.append(_t(lang, "text_points", items=_items(p.date_labels)))
    if p.start and p.end:
        period = 1.0
        evidence.append(_t(lang, "text_period", start=p.start, end=p.end))
    elif p.end or p.months_stated:
        period = 0.5
        evidence.append(_t(lang, "text_deadline", end=p.end) if p.end else
                        _t(lang, "text_duration", dur=_count(lang, p.months_stated or 0, "month")))
        advice.append(_t(lang, "adv_text_period"))
    else:
        period = 0.0
        evidence.append(_t(lang, "text_no_dates"))
        advice.append(_t(lang, "adv_text_period"))
    dated = [m for m in p.milestones if m.end]
    if dated:
        evidence.append(_t(lang, "text_ms_dated", n=len(dated)))
        milestones = 1.0
    else:
        milestones = 0.5 if len(p.date_labels) >= 3 else 0.0
        advice.append(_t(lang, "adv_text_ms"))
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
        evidence.append(_t(p.lang, "deliverable", items=_quoted(found, p.lang)))
        return 1.0
    evidence.append(_t(p.lang, "no_deliverable"))
    advice.append(_t(p.lang, "adv_deliverable"))
    return 0.0


def _verifiable_form(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    channel = _found(CHANNEL, p.body)
    if channel:
        evidence.append(_t(lang, "channel", items=_quoted(channel, lang)))
    else:
        evidence.append(_t(lang, "no_channel"))
        advice.append(_t(lang, "adv_channel"))
    points = (1 if channel else 0) + _deliverable(p, p.body, evidence, advice)
    if not p.milestones:
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
        return _criterion(points, 3, evidence, advice)
    weak = 0
    for m in p.milestones:
        word = _vague_word(m.output)
        if word or _words(m.output) < 2:
            weak += 1
            evidence.append(_t(lang, "vague", ms=p.ms(m), word=word) if word
                            else _t(lang, "ms_empty", ms=p.ms(m)))
            advice.append(_t(lang, "adv_vague", ms=p.ms(m)))
    n = len(p.milestones)
    evidence.append(_t(lang, "checkable", k=n - weak, n=n))
    ms_points = 1.0 if not weak else 0.5 if weak < n else 0.0
    return _criterion(points + ms_points, 3, evidence, advice)


def _verifiable_text(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    channel = _found(CHANNEL, p.text)
    vague = _found(VAGUE, p.text)
    if channel:
        evidence.append(_t(lang, "channel", items=_quoted(channel, lang)))
    else:
        evidence.append(_t(lang, "no_channel"))
        advice.append(_t(lang, "adv_channel"))
    # An action verb or a date alone is not something a resident can check.
    points = (1 if channel else 0) + _deliverable(p, p.text, evidence, advice)
    if not points and vague:
        evidence.append(_t(lang, "text_vague", items=_quoted(vague, lang)))
    return _criterion(points, 2, evidence, advice)


def check_actionable(p: Parsed) -> Criterion:
    """The manual's Actionable: concrete activities the team can start, broken into steps."""
    lang, evidence, advice = p.lang, [], []
    where = "\n".join([p.fields["title"], p.fields["action"]]) if p.form else p.text
    verbs, vague = _found(ACTION, where), _found(VAGUE, where)
    if verbs:
        evidence.append(_t(lang, "act_verbs", items=_quoted(verbs, lang)))
    elif vague:
        evidence.append(_t(lang, "act_vague_only", items=_quoted(vague, lang)))
    else:
        evidence.append(_t(lang, "act_no_verbs"))
    if not verbs:
        advice.append(_t(lang, "adv_act_verbs"))
    steps = [m for m in p.milestones if _words(m.output) >= 2]
    if len(steps) >= 2:
        step_points = 1.0
        evidence.append(_t(lang, "act_steps", n=len(steps)))
    else:
        step_points = 0.5 if steps or (not p.form and len(verbs) >= 2) else 0.0
        evidence.append(_t(lang, "act_one_step") if steps else _t(lang, "no_milestones"))
        advice.append(_t(lang, "adv_act_steps"))
    return _criterion((1 if verbs else 0) + step_points, 2, evidence, advice)


def check_realistic(p: Parsed) -> Criterion:
    """The manual's Realistic: resources described (field 15) and secured (field 16)."""
    return _realistic_form(p) if p.form else _realistic_text(p)


def _realistic_form(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    text = p.fields["resources"]
    if not text:
        described = 0.0
        evidence.append(_t(lang, "res_missing"))
        advice.append(_t(lang, "adv_res"))
    elif _numbers(text) or RESOURCE.search(text):
        described = 1.0
        evidence.append(_t(lang, "res_described", items=_label(text, lang, 80)))
    else:
        described = 0.5
        evidence.append(_t(lang, "res_vague", text=_label(text, lang)))
        advice.append(_t(lang, "adv_res"))
    secured = {"yes": 1.0, "partly": 0.5, "no": 0.0}.get(p.secured or "", 0.0)
    evidence.append(_t(lang, f"res_secured_{p.secured or 'missing'}"))
    if p.secured is None:
        advice.append(_t(lang, "adv_res_secured"))
    elif secured < 1:
        advice.append(_t(lang, "adv_res_partly"))
    return _criterion(described + secured, 2, evidence, advice)


def _realistic_text(p: Parsed) -> Criterion:
    lang = p.lang
    resources, secured = _found(RESOURCE, p.text), _found(SECURED_WORDS, p.text)
    if not resources:
        return _criterion(0, 1, [_t(lang, "text_no_res")], [_t(lang, "adv_text_res")])
    evidence = [_t(lang, "text_res", items=_quoted(resources, lang))]
    if secured:
        evidence.append(_t(lang, "text_res_secured", items=_quoted(secured, lang)))
        return _criterion(1, 1, evidence, [])
    return _criterion(0.5, 1, evidence, [_t(lang, "adv_text_res")])


CRITERIA: dict[str, Callable[[Parsed], Criterion]] = {
    "specific": check_specific,
    "measurable": check_measurable,
    "answerable": check_answerable,
    "relevant": check_relevant,
    "time_bound": check_time_bound,
    "verifiable": check_verifiable,
    # The manual's two, after the handbook's five and measurable (DESIGN.md, "SMART check").
    "actionable": check_actionable,
    "realistic": check_realistic,
}

"""The manual's two criteria beside the handbook's: actionable (concrete activities broken
into steps) and realistic (resources described, field 15, and secured, field 16)."""

from __future__ import annotations

from app.exercises.smart.criteria import Criterion, _criterion, register
from app.exercises.smart.lexicon import (
    ACTION,
    RESOURCE,
    SECURED_WORDS,
    VAGUE,
    _found,
    _label,
    _words,
)
from app.exercises.smart.messages import _quoted, _t
from app.exercises.smart.parse import Parsed, _numbers


@register("actionable")
def check_actionable(p: Parsed) -> Criterion:
    """The manual's Actionable: concrete activities the team can start, broken into steps."""
    tr, evidence, advice = p.tr, [], []
    where = "\n".join([p.fields["title"], p.fields["action"]]) if p.form else p.text
    verbs, vague = _found(ACTION, where), _found(VAGUE, where)
    if verbs:
        evidence.append(_t(tr, "act_verbs", items=_quoted(verbs, tr)))
    elif vague:
        evidence.append(_t(tr, "act_vague_only", items=_quoted(vague, tr)))
    else:
        evidence.append(_t(tr, "act_no_verbs"))
    if not verbs:
        advice.append(_t(tr, "adv_act_verbs"))
    steps = [m for m in p.milestones if _words(m.output) >= 2]
    if len(steps) >= 2:
        step_points = 1.0
        evidence.append(_t(tr, "act_steps", n=len(steps)))
    else:
        step_points = 0.5 if steps or (not p.form and len(verbs) >= 2) else 0.0
        evidence.append(_t(tr, "act_one_step") if steps else _t(tr, "no_milestones"))
        advice.append(_t(tr, "adv_act_steps"))
    return _criterion((1 if verbs else 0) + step_points, 2, evidence, advice)


@register("realistic")
def check_realistic(p: Parsed) -> Criterion:
    """The manual's Realistic: resources described (field 15) and secured (field 16)."""
    return _realistic_form(p) if p.form else _realistic_text(p)


def _realistic_form(p: Parsed) -> Criterion:
    tr, evidence, advice = p.tr, [], []
    text = p.fields["resources"]
    if not text:
        described = 0.0
        evidence.append(_t(tr, "res_missing"))
        advice.append(_t(tr, "adv_res"))
    elif _numbers(text):  # an amount, a number of people or days: something to plan with
        described = 1.0
        evidence.append(_t(tr, "res_described", items=_label(text, tr, 80)))
    else:
        described = 0.5
        evidence.append(_t(tr, "res_vague", text=_label(text, tr)))
        advice.append(_t(tr, "adv_res"))
    secured = {"yes": 1.0, "partly": 0.5, "no": 0.0}.get(p.secured or "", 0.0)
    evidence.append(_t(tr, f"res_secured_{p.secured or 'missing'}"))
    if p.secured is None:
        advice.append(_t(tr, "adv_res_secured"))
    elif secured < 1:
        advice.append(_t(tr, "adv_res_partly"))
    return _criterion(described + secured, 2, evidence, advice)


def _realistic_text(p: Parsed) -> Criterion:
    tr = p.tr
    resources, secured = _found(RESOURCE, p.text), _found(SECURED_WORDS, p.text)
    if not resources:
        return _criterion(0, 1, [_t(tr, "text_no_res")], [_t(tr, "adv_text_res")])
    evidence = [_t(tr, "text_res", items=_quoted(resources, tr))]
    if secured:
        evidence.append(_t(tr, "text_res_secured", items=_quoted(secured, tr)))
        return _criterion(1, 1, evidence, [])
    return _criterion(0.5, 1, evidence, [_t(tr, "adv_text_res")])

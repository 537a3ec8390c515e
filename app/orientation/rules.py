"""Completion rules as data, evaluated by pure functions.

A participant completes a module when they attended its session (or the plan allows the
self-paced path), submitted the module's required exercises and, where a pass mark is set,
passed its quiz. A municipality completes orientation when enough government and
non-government representatives have completed every module of the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

GOVERNMENT = "government"


@dataclass(frozen=True)
class Rule:
    plan_id: str
    version: int
    modules: tuple[str, ...]
    attendance: tuple[str, ...] = ("present", "late")
    required_exercises: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    quiz_pass_mark: int = 0  # percent; 0 = the quiz is not required
    government_min: int = 1
    non_government_min: int = 1
    self_paced: bool = False


def rule_from_plan(plan_id: str, module_ids: tuple[str, ...], completion: Mapping[str, Any]) -> Rule:
    """The plan's `completion` block as a Rule; what it leaves out gets safe defaults."""
    orientation = completion.get("orientation") or {}
    return Rule(
        plan_id=plan_id,
        version=int(completion.get("rule_version", 1)),
        modules=tuple(completion.get("modules") or module_ids),
        attendance=tuple(completion.get("attendance") or ("present", "late")),
        required_exercises={m: tuple(ids or ()) for m, ids in
                            (completion.get("required_exercises") or {}).items()},
        quiz_pass_mark=int(completion.get("quiz_pass_mark", 0) or 0),
        government_min=int(orientation.get("government_min", 1)),
        non_government_min=int(orientation.get("non_government_min", 1)),
        self_paced=bool(completion.get("self_paced", False)),
    )


@dataclass(frozen=True)
class ParticipantFacts:
    """What happened for one participant in one cohort."""

    user_id: int
    stakeholder_type: str | None
    attendance: Mapping[str, str] = field(default_factory=dict)   # module id -> best status
    submitted: frozenset[str] = frozenset()                        # exercise ids submitted/accepted
    quiz_best: Mapping[str, int] = field(default_factory=dict)     # module id -> best percent


@dataclass(frozen=True)
class ModuleStatus:
    module_id: str
    complete: bool
    missing: tuple[str, ...]  # "attendance", "exercise:<id>", "quiz"
    evidence: Mapping[str, Any]


def module_status(rule: Rule, facts: ParticipantFacts, module_id: str) -> ModuleStatus:
    missing: list[str] = []
    attended = facts.attendance.get(module_id)
    if not rule.self_paced and attended not in rule.attendance:
        missing.append("attendance")
    for exercise_id in rule.required_exercises.get(module_id, ()):
        if exercise_id not in facts.submitted:
            missing.append(f"exercise:{exercise_id}")
    best = facts.quiz_best.get(module_id)
    if rule.quiz_pass_mark and (best is None or best < rule.quiz_pass_mark):
        missing.append("quiz")
    evidence = {"attendance": attended,
                "exercises": sorted(e for e in rule.required_exercises.get(module_id, ())
                                    if e in facts.submitted),
                "quiz": best, "rule_version": rule.version}
    return ModuleStatus(module_id, not missing, tuple(missing), evidence)


def participant_status(rule: Rule, facts: ParticipantFacts) -> dict[str, ModuleStatus]:
    return {m: module_status(rule, facts, m) for m in rule.modules}


def is_government(stakeholder_type: str | None) -> bool:
    return stakeholder_type == GOVERNMENT


@dataclass(frozen=True)
class MunicipalityStatus:
    complete: bool
    government: tuple[int, ...]       # users who completed every module
    non_government: tuple[int, ...]
    missing: tuple[str, ...]          # "government:<n>", "non_government:<n>"


def municipality_status(rule: Rule, people: list[tuple[int, str | None, set[str]]]) -> MunicipalityStatus:
    """`people`: (user id, stakeholder type, modules completed). Stakeholder types other
    than government (civil society, other non-governmental) count as non-government."""
    done = [(uid, kind) for uid, kind, modules in people if set(rule.modules) <= modules]
    government = tuple(sorted(uid for uid, kind in done if is_government(kind)))
    non_government = tuple(sorted(uid for uid, kind in done if kind and not is_government(kind)))
    missing = []
    if len(government) < rule.government_min:
        missing.append(f"government:{rule.government_min - len(government)}")
    if len(non_government) < rule.non_government_min:
        missing.append(f"non_government:{rule.non_government_min - len(non_government)}")
    return MunicipalityStatus(not missing, government, non_government, tuple(missing))


@dataclass(frozen=True)
class Gaps:
    """What a hromada still misses before its orientation is complete."""

    modules: tuple[str, ...]     # modules its nearest representative(s) have still to complete
    sectors: tuple[str, ...]     # "government:<n>", "non_government:<n>" (people still needed)
    exercises: tuple[str, ...]   # required exercises nobody of the hromada has submitted


def hromada_gaps(rule: Rule, people: list[tuple[int, str | None, set[str]]],
                 submitted: set[str] | frozenset[str]) -> Gaps:
    """`people` as for municipality_status; `submitted`: exercise ids the hromada's team or
    any of its people submitted. For each sector still short, the modules its closest
    candidate (most modules done) misses; with no candidate, every module."""
    status = municipality_status(rule, people)
    if status.complete:
        return Gaps((), (), ())
    modules: set[str] = set()
    for need in status.missing:
        sector = need.split(":", 1)[0]
        candidates = [done for _uid, kind, done in people
                      if (is_government(kind) if sector == GOVERNMENT else bool(kind) and not is_government(kind))
                      and not set(rule.modules) <= done]
        best = max(candidates, key=lambda done: len(set(rule.modules) & done), default=set())
        modules |= set(rule.modules) - best
    exercises = [e for m in rule.modules for e in rule.required_exercises.get(m, ())
                 if e not in submitted]
    return Gaps(tuple(m for m in rule.modules if m in modules), status.missing,
                tuple(dict.fromkeys(exercises)))

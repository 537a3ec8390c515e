"""The trainer pathway's rules: certification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from app.pathway.rules.base import Refusal
from app.pathway.rules.numbers import fmt


@dataclass(frozen=True)
class CertificationRule:
    version: int
    plan_id: str
    modules: tuple[str, ...]
    quiz_modules: tuple[str, ...]         # the plan's modules that have a quiz
    quiz_pass_mark: int                   # percent
    observation_pass_mark: Fraction       # average of the criterion scores
    min_observations: int = 1


@dataclass(frozen=True)
class ObservationFact:
    observation_id: int
    total: int
    count: int

    @property
    def average(self) -> Fraction:
        return Fraction(self.total, self.count) if self.count else Fraction(0)


@dataclass(frozen=True)
class TraineeFacts:
    user_id: int
    completed_modules: frozenset[str] = frozenset()         # recorded and not revoked
    quiz_best: Mapping[str, int] = field(default_factory=dict)  # module id -> best percent
    observations: tuple[ObservationFact, ...] = ()


@dataclass(frozen=True)
class CertificationStatus:
    met: bool
    missing: tuple[str, ...]   # "module:M1", "quiz:M1", "observation"
    evidence: Mapping[str, Any]


def certification_status(rule: CertificationRule, facts: TraineeFacts) -> CertificationStatus:
    missing = [f"module:{m}" for m in rule.modules if m not in facts.completed_modules]
    for module_id in rule.quiz_modules:
        best = facts.quiz_best.get(module_id)
        if best is None or best < rule.quiz_pass_mark:
            missing.append(f"quiz:{module_id}")
    passing = [o for o in facts.observations if o.count and o.average >= rule.observation_pass_mark]
    if len(passing) < rule.min_observations:
        missing.append("observation")
    evidence = {
        "rule_version": rule.version, "plan": rule.plan_id,
        "modules": sorted(m for m in rule.modules if m in facts.completed_modules),
        "quizzes": {m: facts.quiz_best.get(m) for m in rule.quiz_modules},
        "quiz_pass_mark": rule.quiz_pass_mark,
        "observations": [{"id": o.observation_id, "average": fmt(o.average, 2)} for o in passing],
        "observation_pass_mark": fmt(rule.observation_pass_mark, 2),
    }
    return CertificationStatus(not missing, tuple(missing), evidence)


@dataclass(frozen=True)
class Recorded:
    """A certification already recorded for the trainee."""

    rule_version: int
    revoked: bool = False


def decide(rule: CertificationRule, facts: TraineeFacts, recorded: Recorded | None) -> str:
    """"keep": something is recorded already (certified or revoked) and stays as it is;
    "record": the rule is met for the first time; "wait": not met yet."""
    if recorded is not None:
        return "keep"
    return "record" if certification_status(rule, facts).met else "wait"


def is_certified(recorded: Recorded | None) -> bool:
    return recorded is not None and not recorded.revoked


def may_lead(role: str, certified: bool, is_tot: bool = False) -> bool:
    """Who may lead a cohort: for a training of trainers, any trainer (the existing role
    check); for a municipal cohort, an admin or a certified trainer."""
    return is_tot or role == "admin" or certified


def revocation_reason(actor_role: str, reason: str, recorded: Recorded | None) -> str:
    """The cleaned reason, or Refusal("admin_only" | "nothing" | "already" | "reason")."""
    if actor_role != "admin":
        raise Refusal("admin_only")
    if recorded is None:
        raise Refusal("nothing")
    if recorded.revoked:
        raise Refusal("already")
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 1000:
        raise Refusal("reason", "reason")
    return reason



"""Which completion rule a cohort follows (its session plan's, or its own sessions)."""

from __future__ import annotations

from app.content.course import Library
from app.orientation import rules
from app.scheduling.models import Cohort

ATTENDANCE_RANK = {"present": 4, "late": 3, "excused": 2, "absent": 1}
DEFAULT_PLAN = "tot-two-day"


def rule_for(library: Library, plan_id: str, cohort: Cohort | None = None) -> rules.Rule:
    plan = library.plan(plan_id or DEFAULT_PLAN)
    if plan is None and cohort is not None:
        modules = tuple(sorted({s.module_id for s in cohort.sessions}))
        return rules.Rule(plan_id="", version=1, modules=modules)
    plan = plan or library.plan(DEFAULT_PLAN)
    return rules.rule_from_plan(plan.id, plan.module_ids, plan.completion)



"""The cohort's learning report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.content.course import Library
from app.orientation.models import ModuleCompletion
from app.orientation.services import rule_for
from app.pathway import rules
from app.pathway.models import (
    TrainerCertification,
)
from app.pathway.services.feedback import cohort_feedback
from app.pathway.services.membership import learners
from app.pathway.services.prepost import GainRow, learning_gains
from app.scheduling.models import Attendance, Cohort, TrainingSession

# --- the cohort report --------------------------------------------------------------------------------------

@dataclass
class SessionRow:
    session: TrainingSession
    present: int
    counted: bool              # cancelled sessions are listed but not counted
    rate: Any                  # Fraction | None
    feedback: rules.FeedbackSummary


@dataclass
class CohortReport:
    cohort: Cohort
    learners: int
    sessions: list[SessionRow]
    attendance_rate: Any        # Fraction | None, over the sessions that were not cancelled
    modules: list[tuple[str, int]]   # module id -> participants who completed it
    completed_all: int
    gains: rules.GainSummary
    gain_rows: list[GainRow]
    feedback: rules.FeedbackSummary
    trainees_certified: int | None   # ToT cohorts only


def cohort_report(db: Session, cohort: Cohort, library: Library) -> CohortReport:
    people = learners(db, cohort)
    ids = [p.id for p in people]
    sessions = list(db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort.id)
                               .order_by(TrainingSession.start)))
    present: dict[int, int] = dict(db.execute(
        select(Attendance.session_id, func.count())
        .where(Attendance.session_id.in_([s.id for s in sessions] or [-1]),
               Attendance.user_id.in_(ids or [-1]), Attendance.status.in_(("present", "late")))
        .group_by(Attendance.session_id)).all())
    per_session, all_feedback = cohort_feedback(db, [s.id for s in sessions])
    rows = []
    for session in sessions:
        counted = session.status != "cancelled"
        here = present.get(session.id, 0)
        rows.append(SessionRow(session, here, counted, rules.percent(here, len(ids)) if counted else None,
                               per_session[session.id]))
    counted = [r for r in rows if r.counted]
    overall = rules.percent(sum(r.present for r in counted), len(ids) * len(counted))
    rule = rule_for(library, cohort.plan_id, cohort)
    done: dict[int, set[str]] = defaultdict(set)
    for user_id, module_id in db.execute(
            select(ModuleCompletion.user_id, ModuleCompletion.module_id)
            .where(ModuleCompletion.user_id.in_(ids or [-1]), ModuleCompletion.revoked_at.is_(None))):
        done[user_id].add(module_id)
    modules = [(m, sum(m in done[u] for u in ids)) for m in rule.modules]
    completed_all = sum(bool(rule.modules) and set(rule.modules) <= done[u] for u in ids)
    gains, gain_rows = learning_gains(db, cohort)
    certified = None
    if cohort.is_tot:
        certified = db.scalar(select(func.count()).select_from(TrainerCertification).where(
            TrainerCertification.user_id.in_(ids or [-1]), TrainerCertification.revoked_at.is_(None))) or 0
    return CohortReport(cohort, len(ids), rows, overall, modules, completed_all, gains, gain_rows,
                        all_feedback, certified)

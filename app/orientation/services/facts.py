"""What a cohort's people did: attendance, submitted work, quiz scores."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.exercises.models import ExerciseWork
from app.orientation import rules
from app.orientation.services.rule import ATTENDANCE_RANK
from app.quizzes.services import best_scores
from app.scheduling.models import Attendance, Cohort, Enrolment, TrainingSession

# --- facts ------------------------------------------------------------------------------------

def _quiz_best(db: Session, user_ids: list[int], module_ids: list[str]) -> dict[tuple[int, str], int]:
    return best_scores(db, user_ids, module_ids)


def cohort_facts(db: Session, cohort: Cohort, rule: rules.Rule) -> dict[int, rules.ParticipantFacts]:
    """Everything the rule needs for every participant of the cohort, in four queries."""
    learners = list(db.execute(select(User.id, User.stakeholder_type, User.municipality_id)
                               .join(Enrolment, Enrolment.user_id == User.id)
                               .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    user_ids = [u.id for u in learners]
    attendance: dict[int, dict[str, str]] = {u: {} for u in user_ids}
    for user_id, module_id, status in db.execute(
            select(Attendance.user_id, TrainingSession.module_id, Attendance.status)
            .join(TrainingSession, TrainingSession.id == Attendance.session_id)
            .where(TrainingSession.cohort_id == cohort.id, TrainingSession.status != "cancelled")):
        current = attendance.setdefault(user_id, {}).get(module_id)
        if ATTENDANCE_RANK.get(status, 0) > ATTENDANCE_RANK.get(current, 0):
            attendance[user_id][module_id] = status
    by_user: dict[int, set[str]] = {u: set() for u in user_ids}
    by_team: dict[int, set[str]] = {}
    for exercise_id, owner_id, municipality_id in db.execute(
            select(ExerciseWork.exercise_id, ExerciseWork.owner_id, ExerciseWork.municipality_id)
            .where(ExerciseWork.cohort_id == cohort.id,
                   ExerciseWork.status.in_(("submitted", "accepted")))):
        if owner_id is not None:
            by_user.setdefault(owner_id, set()).add(exercise_id)
        elif municipality_id is not None:
            by_team.setdefault(municipality_id, set()).add(exercise_id)
    quiz = _quiz_best(db, user_ids, list(rule.modules)) if rule.quiz_pass_mark else {}
    return {
        u.id: rules.ParticipantFacts(
            u.id, u.stakeholder_type, attendance.get(u.id, {}),
            frozenset(by_user.get(u.id, set()) | by_team.get(u.municipality_id, set())),
            {m: score for (uid, m), score in quiz.items() if uid == u.id})
        for u in learners
    }



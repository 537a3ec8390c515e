"""What each person's home page says is next (a service: reads, never writes).

Trainer: the sessions coming up, work waiting for review, their cohorts at a glance.
Participant: their cohort, the next session with its place and time, the exercises to do with
progress, the quizzes and tests open. Observer and admin: the dashboard's headline and the
hromadas that need attention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.content.course import Library
from app.db import utcnow
from app.exercises.models import ExerciseWork
from app.orientation import services as orientation
from app.pathway import rules as pathway_rules
from app.pathway import services as pathway_services
from app.pathway.models import PrePostAttempt
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Cohort, Enrolment, SessionTrainer, TrainingSession
from app.text import uk_sort_key

DONE = ("submitted", "accepted")


@dataclass
class CohortGlance:
    cohort: Cohort
    learners: int = 0
    next_session: TrainingSession | None = None
    waiting: int = 0


@dataclass
class ExerciseTodo:
    exercise_id: str
    title: str
    module_id: str
    work: ExerciseWork | None = None

    @property
    def done(self) -> bool:
        return self.work is not None and self.work.status in DONE


@dataclass
class ParticipantCohort:
    cohort: Cohort
    next_session: TrainingSession | None
    exercises: list[ExerciseTodo] = field(default_factory=list)
    quizzes: list[tuple[str, str]] = field(default_factory=list)   # (module id, title) not passed
    tests: list[str] = field(default_factory=list)                # pre/post phases open

    @property
    def done(self) -> int:
        return sum(1 for e in self.exercises if e.done)


def _title(lib: Library, kind: str, item_id: str, lang: str) -> str:
    item = lib.translated(kind, item_id, lang)[0]
    return item.title if item else item_id


def _cohort_modules(cohort: Cohort, lib: Library) -> list[str]:
    plan = lib.plan(cohort.plan_id) if cohort.plan_id else None
    if plan is not None:
        return list(plan.module_ids)
    return list(dict.fromkeys(s.module_id for s in sorted(cohort.sessions, key=lambda s: s.start)))


def trainer_home(db: Session, user: User, lib: Library, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    co_trained = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id,
                                                   Enrolment.role == "trainer")
    led_sessions = select(SessionTrainer.session_id).where(SessionTrainer.user_id == user.id)
    cohorts = list(db.scalars(select(Cohort).where(or_(Cohort.lead_trainer_id == user.id,
                                                      Cohort.id.in_(co_trained)))
                              .order_by(Cohort.created_at.desc())))
    ids = [c.id for c in cohorts]
    upcoming = list(db.scalars(
        select(TrainingSession)
        .where(or_(TrainingSession.cohort_id.in_(ids), TrainingSession.id.in_(led_sessions)),
               TrainingSession.end >= now, TrainingSession.status != "cancelled")
        .options(selectinload(TrainingSession.cohort))
        .order_by(TrainingSession.start).limit(8)))
    waiting = list(db.scalars(select(ExerciseWork)
                              .where(ExerciseWork.cohort_id.in_(ids), ExerciseWork.status == "submitted")
                              .order_by(ExerciseWork.updated_at).limit(20)))
    learners = dict(db.execute(select(Enrolment.cohort_id, func.count())
                               .where(Enrolment.cohort_id.in_(ids), Enrolment.role == "learner")
                               .group_by(Enrolment.cohort_id)).all())
    waiting_by_cohort = dict(db.execute(select(ExerciseWork.cohort_id, func.count())
                                        .where(ExerciseWork.cohort_id.in_(ids),
                                               ExerciseWork.status == "submitted")
                                        .group_by(ExerciseWork.cohort_id)).all())
    next_by_cohort: dict[int, TrainingSession] = {}
    for session in db.scalars(select(TrainingSession)
                              .where(TrainingSession.cohort_id.in_(ids), TrainingSession.end >= now,
                                     TrainingSession.status != "cancelled")
                              .order_by(TrainingSession.start)):
        next_by_cohort.setdefault(session.cohort_id, session)
    glance = [CohortGlance(c, learners.get(c.id, 0), next_by_cohort.get(c.id),
                           waiting_by_cohort.get(c.id, 0)) for c in cohorts]
    return {"upcoming": upcoming, "waiting": waiting, "cohorts": glance}


def participant_home(db: Session, user: User, lib: Library, lang: str,
                     now: datetime | None = None) -> list[ParticipantCohort]:
    now = now or utcnow()
    cohorts = list(db.scalars(select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                              .where(Enrolment.user_id == user.id, Enrolment.role == "learner")
                              .options(selectinload(Cohort.sessions))
                              .order_by(Cohort.created_at.desc())))
    if not cohorts:
        return []
    ids = [c.id for c in cohorts]
    works: dict[tuple[int, str], ExerciseWork] = {}
    stmt = select(ExerciseWork).where(ExerciseWork.cohort_id.in_(ids))
    mine = ExerciseWork.owner_id == user.id
    team = (ExerciseWork.municipality_id == user.municipality_id) if user.municipality_id else None
    for work in db.scalars(stmt.where(or_(mine, team) if team is not None else mine)):
        works[(work.cohort_id, work.exercise_id)] = work
    passed = {m for (m,) in db.execute(_passed_quizzes(user.id))}
    result = []
    listed: set[str] = set()  # a module's quiz is one, whatever the cohort: list it once
    for cohort in cohorts:
        upcoming = [s for s in sorted(cohort.sessions, key=lambda s: s.start)
                    if s.end >= now and s.status != "cancelled"]
        entry = ParticipantCohort(cohort, upcoming[0] if upcoming else None)
        for module_id in _cohort_modules(cohort, lib):
            module = lib.module(module_id)
            if module is None:
                continue
            for exercise_id in module.exercises:
                if lib.exercise(exercise_id) is not None:
                    entry.exercises.append(ExerciseTodo(
                        exercise_id, _title(lib, "exercise", exercise_id, lang), module_id,
                        works.get((cohort.id, exercise_id))))
            if module.quiz and module_id not in passed and module_id not in listed:
                listed.add(module_id)
                entry.quizzes.append((module_id, _title(lib, "module", module_id, lang)))
        entry.tests = _open_tests(db, cohort, user, now)
        result.append(entry)
    return result


def _passed_quizzes(user_id: int):

    return select(QuizAttempt.module_id).where(QuizAttempt.user_id == user_id,
                                               QuizAttempt.passed.is_(True)).distinct()


def _open_tests(db: Session, cohort: Cohort, user: User, now: datetime) -> list[str]:
    """The pre/post tests of a cohort open now and not yet taken."""
    taken = set(db.scalars(select(PrePostAttempt.phase).where(
        PrePostAttempt.cohort_id == cohort.id, PrePostAttempt.user_id == user.id)))
    first, last = pathway_services.session_span(db, cohort)
    return [phase for phase in pathway_rules.PHASES
            if phase not in taken and pathway_rules.prepost_open(phase, first, last, now)]


def is_in_tot(db: Session, user: User) -> bool:
    """Whether a participant takes part in a training of trainers (the trainer pathway)."""
    return db.scalar(select(Enrolment.id).join(Cohort, Cohort.id == Enrolment.cohort_id)
                     .where(Enrolment.user_id == user.id, Cohort.is_tot.is_(True)).limit(1)) is not None


def auc_home(db: Session, lib: Library) -> dict[str, Any]:

    rule = orientation.rule_for(lib, orientation.DEFAULT_PLAN)
    figures = orientation.summary(db, rule.modules)
    stmt = orientation.municipality_rows().where(
        orientation._status_expression().in_(("enrolled", "in_progress")))
    rows = orientation.sorted_rows(db, stmt)
    attention = orientation.what_is_missing(db, [m for m, _s in rows[:10]], rule,
                                            {m.id: s for m, s in rows[:10]})
    attention.sort(key=lambda r: uk_sort_key(r.municipality.name_uk))
    return {"figures": figures, "attention": attention, "attention_total": len(rows)}

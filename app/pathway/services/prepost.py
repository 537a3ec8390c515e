"""The pre/post test and learning gains."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.db import utcnow
from app.errors import ServiceError
from app.pathway import rules
from app.pathway.models import (
    PrePostAttempt,
)
from app.pathway.services.membership import is_learner, learners
from app.quizzes import scoring
from app.scheduling.models import Cohort, TrainingSession

# --- the pre/post test -----------------------------------------------------------------------------

def session_span(db: Session, cohort: Cohort) -> tuple[datetime | None, datetime | None]:
    """The start of the cohort's first session and the end of its last (cancelled ones aside)."""
    first, last = db.execute(select(func.min(TrainingSession.start), func.max(TrainingSession.end))
                             .where(TrainingSession.cohort_id == cohort.id,
                                    TrainingSession.status != "cancelled")).one()
    return first, last  # min/max keep the column's type: aware UTC datetimes


def prepost_attempt(db: Session, cohort: Cohort, user: User, phase: str) -> PrePostAttempt | None:
    return db.scalar(select(PrePostAttempt).where(PrePostAttempt.cohort_id == cohort.id,
                                                  PrePostAttempt.user_id == user.id,
                                                  PrePostAttempt.phase == phase))


def prepost_is_open(db: Session, cohort: Cohort, phase: str, now: datetime | None = None) -> bool:
    first, last = session_span(db, cohort)
    return rules.prepost_open(phase, first, last, now or utcnow())


def submit_prepost(db: Session, cohort: Cohort, user: User, phase: str, test: rules.KnowledgeTest,
                   lang: str, answers: Mapping[int, list[int]],
                   now: datetime | None = None) -> PrePostAttempt:
    if phase not in rules.PHASES:
        raise ServiceError(_("No such test."))
    if not is_learner(db, user, cohort):
        raise ServiceError(_("Only participants of the cohort take its test."))
    if prepost_attempt(db, cohort, user, phase) is not None:
        raise ServiceError(_("You have already taken this test."))
    if not prepost_is_open(db, cohort, phase, now):
        raise ServiceError(_("This test is not open now."))
    questions = rules.paper(test, lang)
    result = scoring.score(questions, answers, 0)
    attempt = PrePostAttempt(
        cohort_id=cohort.id, user_id=user.id, phase=phase, test_id=test.id,
        test_version=rules.test_version(test), lang="uk" if lang == "uk" else "en",
        questions=questions, answers={str(r.index): list(r.chosen) for r in result.questions},
        correct=result.correct, total=result.total, score=result.score, submitted_at=now or utcnow())
    db.add(attempt)
    db.flush()
    return attempt


@dataclass
class GainRow:
    user: User
    pre: int | None
    post: int | None
    gain: int | None


def learning_gains(db: Session, cohort: Cohort) -> tuple[rules.GainSummary, list[GainRow]]:
    people = learners(db, cohort)
    scores: dict[str, dict[int, int]] = {"pre": {}, "post": {}}
    for user_id, phase, score in db.execute(
            select(PrePostAttempt.user_id, PrePostAttempt.phase, PrePostAttempt.score)
            .where(PrePostAttempt.cohort_id == cohort.id)):
        scores[phase][user_id] = score
    summary = rules.learning_gain([p.id for p in people], scores["pre"], scores["post"])
    users = {p.id: p for p in people}
    return summary, [GainRow(users[g.user_id], g.pre, g.post, g.gain) for g in summary.people]



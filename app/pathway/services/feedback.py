"""Anonymous session feedback."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.db import serialize, utcnow
from app.errors import ServiceError
from app.pathway import rules
from app.pathway.models import (
    SessionFeedback,
    SessionFeedbackReceipt,
)
from app.pathway.services.content import clean_text
from app.pathway.services.membership import is_learner
from app.scheduling.models import Enrolment, TrainingSession

# --- session feedback ---------------------------------------------------------------------------------

def feedback_is_open(session: TrainingSession, now: datetime | None = None) -> bool:
    return rules.feedback_open(session.start, session.end, session.status, now or utcnow())


def has_answered(db: Session, session: TrainingSession, user: User) -> bool:
    return db.get(SessionFeedbackReceipt, (session.id, user.id)) is not None


RELEASE_LOCK = 0x46656564  # "Feed": app.db.serialize's namespace for a session's answers


def submit_feedback(db: Session, session: TrainingSession, user: User, values: Mapping[str, Any],
                    now: datetime | None = None) -> None:
    """Stores the answer without the user, and separately that the user has answered.

    The answer is shown only once FEEDBACK_MIN_RESPONSES answers of the session wait to be
    shown: then they are released together. So the results never change by one answer, and a
    trainer who looks before and after someone answers cannot read that answer by
    subtraction. Up to FEEDBACK_MIN_RESPONSES - 1 answers may stay unshown for good (their
    number is shown). One session's answers are released one transaction at a time."""
    if not is_learner(db, user, session.cohort):
        raise ServiceError(_("Only participants of the cohort give feedback on its sessions."))
    if not feedback_is_open(session, now):
        raise ServiceError(_("Feedback on this session is not open."))
    if has_answered(db, session, user):
        raise ServiceError(_("You have already given feedback on this session. Thank you!"))
    try:
        clean = rules.validate_feedback(values)
    except rules.Refusal as refusal:
        if refusal.code == "too_long":
            raise ServiceError(_("Use at most %(n)d plain characters.", n=rules.IMPROVE_MAX),
                               "improve") from None
        raise ServiceError(_("Choose a value from 1 to 5."), refusal.field) from None
    improve = clean_text(clean["improve"], "improve", rules.IMPROVE_MAX)
    serialize(db, RELEASE_LOCK, session.id)
    try:
        with db.begin_nested():
            db.add(SessionFeedbackReceipt(session_id=session.id, user_id=user.id))
    except IntegrityError:  # answered at the same moment in another tab
        raise ServiceError(_("You have already given feedback on this session. Thank you!")) from None
    db.add(SessionFeedback(session_id=session.id, usefulness=clean["usefulness"],
                           pace=clean["pace"], trainer=clean["trainer"], improve=improve))
    db.flush()
    waiting = SessionFeedback.session_id == session.id, SessionFeedback.released.is_(False)
    if (db.scalar(select(func.count()).select_from(SessionFeedback).where(*waiting)) or 0) >= _min_responses():
        db.execute(update(SessionFeedback).where(*waiting).values(released=True))


def _min_responses() -> int:
    return int(current_app.config["FEEDBACK_MIN_RESPONSES"])


def cohort_feedback(db: Session, session_ids: list[int]
                    ) -> tuple[dict[int, rules.FeedbackSummary], rules.FeedbackSummary]:
    """Per-session summaries and the summary of all of them, decided together so that no
    difference of what is shown isolates fewer than FEEDBACK_MIN_RESPONSES answers."""
    groups: dict[int, list[dict]] = {session_id: [] for session_id in session_ids}
    waiting = dict.fromkeys(session_ids, 0)
    for session_id, u, p, t, i, released in db.execute(
            select(SessionFeedback.session_id, SessionFeedback.usefulness, SessionFeedback.pace,
                   SessionFeedback.trainer, SessionFeedback.improve, SessionFeedback.released)
            .where(SessionFeedback.session_id.in_(session_ids or [-1]))):
        if released:
            groups[session_id].append({"usefulness": u, "pace": p, "trainer": t, "improve": i})
        else:
            waiting[session_id] += 1
    return rules.feedback_by_group(groups, _min_responses(), waiting)


def session_feedback(db: Session, session: TrainingSession) -> rules.FeedbackSummary:
    """One session's results exactly as its cohort's report shows them: a session withheld
    there to protect a smaller one is withheld here too."""
    ids = list(db.scalars(select(TrainingSession.id).where(
        TrainingSession.cohort_id == session.cohort_id)))
    return cohort_feedback(db, ids)[0][session.id]


def open_feedback_for(db: Session, user: User, now: datetime | None = None) -> list[TrainingSession]:
    """The sessions of the user's cohorts (as a learner) whose feedback they can still give."""
    mine = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id, Enrolment.role == "learner")
    answered = select(SessionFeedbackReceipt.session_id).where(SessionFeedbackReceipt.user_id == user.id)
    now = now or utcnow()
    sessions = db.scalars(select(TrainingSession)
                          .where(TrainingSession.cohort_id.in_(mine), TrainingSession.id.not_in(answered),
                                 TrainingSession.start <= now, TrainingSession.status != "cancelled")
                          .options(selectinload(TrainingSession.cohort))
                          .order_by(TrainingSession.start))
    return [s for s in sessions if feedback_is_open(s, now)]



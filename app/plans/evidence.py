"""Co-creation evidence and comments (operations: they flush, never commit): meetings with
who took part counted by stakeholder type, feedback and the answer given, endorsements by
non-governmental stakeholders, and comments on the plan or a commitment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.plans import rules
from app.plans.models import (
    ActionPlan,
    Commitment,
    ConsultationMeeting,
    MeetingParticipant,
    PlanComment,
    PlanEndorsement,
    PlanFeedback,
)
from app.plans.services import municipality_ids
from app.text import uk_sorted

NON_GOVERNMENT = ("civil_society", "other_non_governmental")


# --- co-creation evidence -----------------------------------------------------------------

def add_meeting(db: Session, plan: ActionPlan, held_on: date, phase: str, title: str,
                participant_ids: Sequence[int], guests_government: int,
                guests_non_government: int) -> ConsultationMeeting:
    meeting = ConsultationMeeting(plan_id=plan.id, held_on=held_on, phase=phase, title=title,
                                  guests_government=guests_government,
                                  guests_non_government=guests_non_government)
    meeting.participants = [MeetingParticipant(user_id=uid) for uid in dict.fromkeys(participant_ids)]
    db.add(meeting)
    db.flush()
    return meeting


def meetings_of(db: Session, plan: ActionPlan) -> list[ConsultationMeeting]:
    return list(db.scalars(select(ConsultationMeeting).where(ConsultationMeeting.plan_id == plan.id)
                           .options(selectinload(ConsultationMeeting.participants))
                           .order_by(ConsultationMeeting.held_on)))


def counts(meeting: ConsultationMeeting) -> tuple[int, int]:
    """(government, non-government) people: linked people by their stakeholder type + guests."""
    gov = sum(1 for p in meeting.participants if p.user.stakeholder_type not in NON_GOVERNMENT)
    non = len(meeting.participants) - gov
    return gov + meeting.guests_government, non + meeting.guests_non_government


def add_feedback(db: Session, plan: ActionPlan, source: str, received: str, answer: str,
                 received_on: date | None) -> None:
    db.add(PlanFeedback(plan_id=plan.id, source=source, received=received, answer=answer,
                        received_on=received_on))
    db.flush()


def add_endorsement(db: Session, plan: ActionPlan, scope: str, organisation: str, person: str,
                    endorsed_on: date | None) -> None:
    db.add(PlanEndorsement(plan_id=plan.id, scope=scope, organisation=organisation,
                           person=person, endorsed_on=endorsed_on))
    if scope == "monitoring_body":
        plan.monitoring_body_endorsed = True
    db.flush()


def feedback_of(db: Session, plan: ActionPlan) -> list[PlanFeedback]:
    return list(db.scalars(select(PlanFeedback).where(PlanFeedback.plan_id == plan.id)
                           .order_by(PlanFeedback.id)))


def endorsements_of(db: Session, plan: ActionPlan) -> list[PlanEndorsement]:
    return list(db.scalars(select(PlanEndorsement).where(PlanEndorsement.plan_id == plan.id)
                           .order_by(PlanEndorsement.scope, PlanEndorsement.organisation)))


def evidence(db: Session, plan: ActionPlan) -> rules.Evidence:
    meetings = [rules.Meeting(m.held_on, m.phase, *counts(m)) for m in meetings_of(db, plan)]
    endorsements = db.scalar(select(func.count(PlanEndorsement.id)).where(
        PlanEndorsement.plan_id == plan.id, PlanEndorsement.scope == "plan")) or 0
    return rules.Evidence(forum=plan.forum, meetings=meetings, plan_endorsements=endorsements,
                          submitted=plan.submitted_on)


def people_of(db: Session, plan: ActionPlan) -> list[User]:
    """The hromadas' people, who can be marked as meeting participants."""
    return uk_sorted(db.scalars(select(User).where(User.municipality_id.in_(municipality_ids(plan)),
                                                   User.active.is_(True))),
                     key=lambda u: u.name)


# --- comments -----------------------------------------------------------------------------

def add_comment(db: Session, plan: ActionPlan, user: User, body: str,
                commitment: Commitment | None = None) -> None:
    db.add(PlanComment(plan_id=plan.id, author_id=user.id, body=body,
                       commitment_id=commitment.id if commitment else None))
    db.flush()


def comments_of(db: Session, plan: ActionPlan) -> list[PlanComment]:
    return list(db.scalars(select(PlanComment).where(PlanComment.plan_id == plan.id)
                           .order_by(PlanComment.at)))

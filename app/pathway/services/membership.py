"""Who is a learner of a ToT cohort."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.scheduling.models import Cohort, Enrolment
from app.text import people_sorted

# --- membership --------------------------------------------------------------------------------

def is_learner(db: Session, user: User, cohort: Cohort) -> bool:
    return db.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id,
        Enrolment.role == "learner")) is not None


def learners(db: Session, cohort: Cohort) -> list[User]:
    return people_sorted(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                    .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))



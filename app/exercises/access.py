"""Who may read exercise work: the one place the exercises feature decides access.

The rule (issue 15.3): individual work is private to its owner, the cohort's trainers and
AUC staff (admins and observers); a municipal team's work is open to the team's members in
the cohort too. Every path that shows work asks here: the work page, its revisions, exports
(Markdown, PDF, CSV), its figures (SVG) and the municipal workbook (page and PDF).

The workbook's hromada chooser (?municipality=) is for the cohort's trainers and AUC staff;
a participant sees their own hromada's workbook only.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.auth.models import User
from app.exercises.models import ExerciseWork
from app.scheduling.models import Cohort
from app.scheduling.services import can_manage, is_member

STAFF = ("admin", "observer")


def can_read(db: Session, user: User, work: ExerciseWork, cohort: Cohort | None = None) -> bool:
    if user.role in STAFF:
        return True
    cohort = cohort or db.get(Cohort, work.cohort_id)
    if cohort is None:
        return False
    if user.role == "trainer":
        return can_manage(db, user, cohort)
    if work.owner_id is not None:  # individual work
        return work.owner_id == user.id
    return (user.role == "participant" and user.municipality_id == work.municipality_id
            and is_member(db, user, cohort))


def can_choose_hromada(db: Session, user: User, cohort: Cohort) -> bool:
    """May name any hromada's workbook of the cohort (?municipality=)."""
    return user.role in STAFF or can_manage(db, user, cohort)

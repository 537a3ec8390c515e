"""Answers written on paper worksheets, typed back in by a trainer of the cohort.

The trainer picks whose work it is (a hromada's team, or a participant for individual
exercises); the work is opened (or created) for them and saved as a revision of kind
"paper", with the same compare-and-set as every other save.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth.models import User
from app.content.course import Exercise, Library
from app.errors import ServiceError
from app.exercises import services
from app.exercises.models import ExerciseRevision, ExerciseWork
from app.registry.models import Municipality
from app.scheduling.models import Cohort, CohortMunicipality
from app.scheduling.services import learners
from app.text import uk_sort_key


@dataclass(frozen=True)
class Owner:
    key: str  # "m:<municipality id>" or "u:<user id>"
    label: str
    municipality_id: int | None = None
    owner_id: int | None = None


def owners(db: Session, cohort: Cohort, exercise: Exercise, locale: str = "uk") -> list[Owner]:
    """Whose work the paper can be: the cohort's hromadas (team) or participants."""
    if exercise.mode == "team":
        rows = db.scalars(select(Municipality).join(
            CohortMunicipality, CohortMunicipality.municipality_id == Municipality.id)
            .where(CohortMunicipality.cohort_id == cohort.id))
        out = [Owner(f"m:{m.id}", m.display_name(locale), municipality_id=m.id) for m in rows]
    else:
        out = [Owner(f"u:{u.id}", u.name, owner_id=u.id) for u in learners(db, cohort)]
    return sorted(out, key=lambda o: uk_sort_key(o.label))


def owner_by_key(db: Session, cohort: Cohort, exercise: Exercise, key: str,
                 locale: str = "uk") -> Owner:
    found = next((o for o in owners(db, cohort, exercise, locale) if o.key == key), None)
    if found is None:
        raise ServiceError(_("Choose whose answers these are."), "owner")
    return found


def work_for(db: Session, cohort: Cohort, exercise: Exercise, owner: Owner, trainer: User,
             library: Library, lang: str) -> ExerciseWork:
    """The owner's work, created from the definition when nobody opened it yet (flushes)."""
    stmt = select(ExerciseWork).where(ExerciseWork.exercise_id == exercise.id,
                                      ExerciseWork.cohort_id == cohort.id)
    stmt = stmt.where(ExerciseWork.municipality_id == owner.municipality_id) if owner.municipality_id \
        else stmt.where(ExerciseWork.owner_id == owner.owner_id)
    work = db.scalar(stmt)
    if work is not None:
        return work
    data = services.initial_data(exercise, library, lang)
    work = ExerciseWork(exercise_id=exercise.id, cohort_id=cohort.id, data=data, version=1,
                        content_version=exercise.content_hash, updated_by_id=trainer.id,
                        owner_id=owner.owner_id, municipality_id=owner.municipality_id)
    try:
        with db.begin_nested():
            db.add(work)
    except IntegrityError:  # opened by the team at the same moment
        return db.scalar(stmt)
    db.add(ExerciseRevision(work_id=work.id, version=1, data=data, saved_by_id=trainer.id))
    db.flush()
    return work


def in_cohort(cohort: Cohort, library: Library, exercise_id: str) -> bool:
    """The exercise belongs to one of the cohort's modules."""
    for session in cohort.sessions:
        module = library.module(session.module_id)
        if module is not None and exercise_id in module.exercises:
            return True
    return False

"""Exercise work: opening, access, saving with an optimistic lock, review, revisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Exercise, Library
from app.db import utcnow
from app.errors import ServiceError
from app.exercises import access, schema
from app.exercises.kinds import kind_of
from app.exercises.models import ExerciseRevision, ExerciseWork, Feedback
from app.scheduling.models import Cohort, Enrolment
from app.scheduling.services import is_member
from app.text import people_sorted


def owner_of(exercise: Exercise, user: User) -> dict[str, int | None]:
    """A team exercise belongs to the user's hromada in the cohort, others to the user."""
    if exercise.mode == "team" and user.municipality_id:
        return {"owner_id": None, "municipality_id": user.municipality_id}
    return {"owner_id": user.id, "municipality_id": None}


def initial_data(exercise: Exercise, library: Library, lang: str) -> dict[str, Any]:
    return kind_of(exercise).initial(schema.empty_data(exercise), exercise, library, lang)


def find_work(db: Session, exercise: Exercise, cohort: Cohort, user: User) -> ExerciseWork | None:
    owner = owner_of(exercise, user)
    stmt = select(ExerciseWork).where(ExerciseWork.exercise_id == exercise.id,
                                      ExerciseWork.cohort_id == cohort.id)
    if owner["owner_id"]:
        return db.scalar(stmt.where(ExerciseWork.owner_id == owner["owner_id"]))
    return db.scalar(stmt.where(ExerciseWork.municipality_id == owner["municipality_id"]))


def open_work(db: Session, exercise: Exercise, cohort: Cohort, user: User, library: Library,
              lang: str) -> ExerciseWork:
    """The user's (or team's) work, created from the definition on first open."""
    if user.role != "participant" or not is_member(db, user, cohort):
        raise ServiceError(_("Only participants of the cohort work on its exercises."))
    work = find_work(db, exercise, cohort, user)
    if work is not None:
        return work
    data = initial_data(exercise, library, lang)
    work = ExerciseWork(exercise_id=exercise.id, cohort_id=cohort.id, data=data, version=1,
                        content_version=exercise.content_hash, updated_by_id=user.id,
                        **owner_of(exercise, user))
    try:
        with db.begin_nested():
            db.add(work)
    except IntegrityError:  # a teammate opened it at the same moment: use theirs
        return find_work(db, exercise, cohort, user)
    db.add(ExerciseRevision(work_id=work.id, version=1, data=data, saved_by_id=user.id))
    db.flush()
    return work


def can_read(db: Session, user: User, work: ExerciseWork) -> bool:
    """The one rule, in app/exercises/access.py."""
    return access.can_read(db, user, work)


def can_edit(db: Session, user: User, work: ExerciseWork) -> bool:
    return editable(user, work) and can_read(db, user, work)


def editable(user: User, work: ExerciseWork) -> bool:
    """For a reader already checked with can_read: may they change it now?"""
    return user.role == "participant" and work.status in ("draft", "returned")


@dataclass
class StaleSave(Exception):
    """Another save came first; its version and content are returned to the client."""

    current_version: int
    current_data: dict[str, Any]
    updated_by: str


def save(db: Session, work_id: int, base_version: int, data: dict[str, Any], user_id: int,
         score: int | None = None, kind: str = "save") -> int:
    """Compare-and-set on `version`, first statement of its transaction (so SQLite takes the
    write lock before reading). Returns the new version or raises StaleSave; a refused
    save is kept as a "conflict" revision. A stale save of exactly the stored data is no
    conflict: the current version is returned and nothing is written."""
    now = utcnow()
    result = db.execute(update(ExerciseWork)
                        .where(ExerciseWork.id == work_id, ExerciseWork.version == base_version)
                        .values(data=data, version=base_version + 1, updated_at=now,
                                updated_by_id=user_id)
                        .execution_options(synchronize_session=False))
    if result.rowcount == 1:
        db.execute(insert(ExerciseRevision).values(work_id=work_id, version=base_version + 1,
                                                   kind=kind, data=data, score=score,
                                                   saved_by_id=user_id, saved_at=now))
        return base_version + 1
    current = db.execute(select(ExerciseWork.version, ExerciseWork.data, User.name)
                         .outerjoin(User, User.id == ExerciseWork.updated_by_id)
                         .where(ExerciseWork.id == work_id)).one()
    if current.data == data:
        # The server already holds exactly this text (a save sent as the page was left, then
        # the same text again from the browser's draft after the reload): nothing to refuse,
        # nothing lost; the caller continues from the current version.
        return current.version
    db.execute(insert(ExerciseRevision).values(work_id=work_id, version=base_version,
                                               kind="conflict", data=data, score=score,
                                               saved_by_id=user_id, saved_at=now))
    raise StaleSave(current.version, current.data, current.name or "")


def submit(db: Session, work: ExerciseWork, exercise: Exercise, user: User) -> None:
    missing = schema.missing_required(exercise, work.data)
    if missing:
        raise ServiceError(_("Fill in before submitting: %(fields)s",
                             fields=", ".join(f.label for f in missing)))
    work.status = "submitted"
    work.submitted_at = utcnow()
    audit(db, user.id, "exercise.submit", f"work:{work.id}", exercise=exercise.id)
    db.flush()


def review(db: Session, work: ExerciseWork, trainer: User, decision: str, body: str) -> None:
    if decision not in ("comment", "returned", "accepted"):
        raise ServiceError(_("Choose what to do with the submission."), "decision")
    body = (body or "").strip()
    if len(body) > 10_000:
        raise ServiceError(_("Use at most %(n)d plain characters.", n=10_000), "body")
    if decision == "comment" and not body:
        raise ServiceError(_("Write a comment."), "body")
    if decision != "comment" and work.status != "submitted":
        raise ServiceError(_("Only submitted work can be returned or accepted."), "decision")
    db.add(Feedback(work_id=work.id, author_id=trainer.id, body=body, decision=decision))
    if decision != "comment":
        work.status = decision
        audit(db, trainer.id, f"exercise.{decision}", f"work:{work.id}")
    db.flush()


def score_history(db: Session, work: ExerciseWork) -> list[tuple[int, int]]:
    """(version, SMART score) of every applied save, oldest first, without the saved data."""
    return [tuple(row) for row in db.execute(
        select(ExerciseRevision.version, ExerciseRevision.score)
        .where(ExerciseRevision.work_id == work.id, ExerciseRevision.kind != "conflict",
               ExerciseRevision.score.is_not(None))
        .order_by(ExerciseRevision.id))]


def revisions(db: Session, work: ExerciseWork) -> list[ExerciseRevision]:
    return list(db.scalars(select(ExerciseRevision).where(ExerciseRevision.work_id == work.id)
                           .order_by(ExerciseRevision.id.desc())))


def cohort_works(db: Session, cohort: Cohort) -> list[ExerciseWork]:
    return list(db.scalars(select(ExerciseWork).where(ExerciseWork.cohort_id == cohort.id)
                           .order_by(ExerciseWork.exercise_id, ExerciseWork.updated_at.desc())))


def my_works(db: Session, cohort: Cohort, user: User) -> dict[str, ExerciseWork]:
    """The works the user can open in the cohort, by exercise id."""
    stmt = select(ExerciseWork).where(ExerciseWork.cohort_id == cohort.id)
    own = list(db.scalars(stmt.where(ExerciseWork.owner_id == user.id)))
    team = list(db.scalars(stmt.where(ExerciseWork.municipality_id == user.municipality_id))) \
        if user.municipality_id else []
    return {w.exercise_id: w for w in own + team}


def team_members(db: Session, work: ExerciseWork) -> list[User]:
    if work.municipality_id is None:
        return [work.owner] if work.owner else []
    # Ukrainian alphabetical order: the database's ORDER BY name is code-point order
    return people_sorted(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                    .where(Enrolment.cohort_id == work.cohort_id,
                                           User.municipality_id == work.municipality_id)))


def revision_count(db: Session, work: ExerciseWork) -> int:
    return db.scalar(select(func.count()).select_from(ExerciseRevision)
                     .where(ExerciseRevision.work_id == work.id)) or 0

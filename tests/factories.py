"""Test data factories (CTFd's `gen_*` helpers are the model): a cohort with its lead
trainer, co-trainers and learners in one call, on the test's own database session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from app.scheduling.models import Cohort, CohortMunicipality, Enrolment


def gen_cohort(db: Any, *, lead: Any, learners: Iterable[Any] = (), trainers: Iterable[Any] = (),
               name: str = "Група", join_code: str | None = None, is_tot: bool = False,
               plan_id: str = "", municipalities: Iterable[Any] = (), commit: bool = True,
               **fields: Any) -> Cohort:
    """A cohort led by `lead` (enrolled as a trainer), with `trainers` as co-trainers and
    `learners` enrolled as learners; `municipalities` are Municipality rows taking part.
    The join code is unique per call unless given."""
    gen_cohort.count = getattr(gen_cohort, "count", 0) + 1
    cohort = Cohort(name=name, join_code=join_code or f"TST{gen_cohort.count:03d}",
                    lead_trainer_id=lead.id, is_tot=is_tot, plan_id=plan_id, **fields)
    db.add(cohort)
    db.flush()
    for trainer in {lead.id: lead, **{t.id: t for t in trainers}}.values():
        db.add(Enrolment(cohort_id=cohort.id, user_id=trainer.id, role="trainer"))
    for learner in learners:
        db.add(Enrolment(cohort_id=cohort.id, user_id=learner.id, role="learner"))
    for municipality in municipalities:
        db.add(CohortMunicipality(cohort_id=cohort.id, municipality_id=municipality.id))
    if commit:
        db.commit()
    return cohort


def gen_plan_cohort(app: Any, db: Any, *, lead: Any, actor: Any, learners: Iterable[Any] = (),
                    plan_id: str = "tot-two-day", start: datetime, name: str = "Група",
                    is_tot: bool = False, now: datetime | None = None) -> Cohort:
    """A cohort scheduled from a session plan through the service (sessions included)."""
    from app.content.services import library
    from app.scheduling.services import CohortSpec, create_cohort_from_plan

    with app.app_context():
        extra = {"now": now} if now else {}
        cohort = create_cohort_from_plan(
            db, CohortSpec(name=name, lead_trainer_id=lead.id, plan_id=plan_id, is_tot=is_tot),
            library(), start, actor, **extra)
        for learner in learners:
            db.add(Enrolment(cohort_id=cohort.id, user_id=learner.id, role="learner"))
        db.commit()
    return cohort

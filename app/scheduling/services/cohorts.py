"""Cohorts: creation (from a session plan too), hromadas taking part, join codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Library
from app.errors import ServiceError
from app.registry.lookup import find_hromada
from app.registry.lookup import label as hromada_label
from app.scheduling import codes
from app.scheduling.agenda import AgendaError, schedule_plan
from app.scheduling.models import (
    COHORT_STATUSES,
    Cohort,
    CohortMunicipality,
    Enrolment,
)
from app.scheduling.policy import may_lead_municipal_cohort
from app.scheduling.services.fields import check_zone, validate_text
from app.scheduling.services.sessions import add_session

# --- cohorts --------------------------------------------------------------------------------


def unique_join_code(db: Session) -> str:
    while True:
        code = codes.new_code(6)
        if db.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
            return code



@dataclass
class CohortSpec:
    name: str
    lead_trainer_id: int
    capacity: int = 40
    timezone: str = "Europe/Kyiv"
    plan_id: str = ""
    municipality_codes: list[str] = field(default_factory=list)
    co_trainer_ids: list[int] = field(default_factory=list)
    is_tot: bool = False  # a training of trainers (app.pathway)



def create_cohort(db: Session, spec: CohortSpec, actor: User) -> Cohort:
    name = validate_text(spec.name, "name", 200)
    if not 1 <= spec.capacity <= 500:
        raise ServiceError(_("Capacity must be between 1 and 500."), "capacity")
    lead = db.get(User, spec.lead_trainer_id)
    if lead is None or lead.role not in ("trainer", "admin") or not lead.active:
        raise ServiceError(_("Choose an active trainer to lead the cohort."), "lead_trainer_id")
    if (not spec.is_tot and current_app.config["REQUIRE_CERTIFIED_LEADS"]
            and not may_lead_municipal_cohort(db, lead)):
        raise ServiceError(_("Only certified trainers (or admins) can lead a municipal cohort."),
                           "lead_trainer_id")
    cohort = Cohort(name=name, plan_id=spec.plan_id, join_code=unique_join_code(db),
                    lead_trainer_id=lead.id, capacity=spec.capacity,
                    timezone=check_zone(spec.timezone), is_tot=bool(spec.is_tot))
    db.add(cohort)
    db.flush()
    set_municipalities(db, cohort, spec.municipality_codes)
    for trainer_id in {*spec.co_trainer_ids, lead.id}:
        trainer = db.get(User, trainer_id)
        if trainer is None or trainer.role not in ("trainer", "admin"):
            raise ServiceError(_("Co-trainers must be trainers."), "co_trainer_ids")
        db.add(Enrolment(cohort_id=cohort.id, user_id=trainer_id, role="trainer"))
    audit(db, actor.id, "cohort.create", f"cohort:{cohort.id}", name=name, plan=spec.plan_id)
    db.flush()
    return cohort


def set_municipalities(db: Session, cohort: Cohort, municipality_codes: list[str]) -> None:
    wanted = []
    for code in municipality_codes:
        code = code.strip()
        if not code:
            continue
        match = find_hromada(db, code)  # a KATOTTG code or a name, "Name (Oblast)" for namesakes
        municipality = match.found
        if match.ambiguous:
            raise ServiceError(_("Several hromadas are called «%(name)s»: choose one, or add the oblast in "
                                 "brackets, e.g. «%(example)s».", name=code[:80],
                                 example=hromada_label(match.candidates[0])), "municipality_codes")
        if municipality is None:
            raise ServiceError(_("No hromada is called «%(name)s». Check the spelling or choose "
                                 "from the list.", name=code[:80]), "municipality_codes")
        wanted.append(municipality)
    existing = set(db.scalars(select(CohortMunicipality.municipality_id)
                              .where(CohortMunicipality.cohort_id == cohort.id)))
    for municipality in wanted:
        if municipality.id not in existing:
            db.add(CohortMunicipality(cohort_id=cohort.id, municipality_id=municipality.id))
            existing.add(municipality.id)
    db.flush()


def create_cohort_from_plan(db: Session, spec: CohortSpec, library: Library, start_local: datetime,
                            actor: User, now: datetime | None = None,
                            venue: str = "", online_link: str = "") -> Cohort:
    """The cohort and one training session per module of the plan, with clock times."""
    plan = library.plan(spec.plan_id)
    if plan is None:
        raise ServiceError(_("Choose a session plan."), "plan_id")
    zone = check_zone(spec.timezone)
    try:
        agenda = schedule_plan(plan, {m.id: m for m in library.modules}, start_local, zone)
    except AgendaError as error:
        raise ServiceError(str(error), "start") from None
    cohort = create_cohort(db, spec, actor)
    trainers = sorted({spec.lead_trainer_id, *spec.co_trainer_ids})
    for day in agenda.days:
        for agenda_session in day.sessions:
            add_session(db, cohort, library.module(agenda_session.module_id), agenda_session.start,
                        agenda_session.end, zone, trainers, actor, now=now, venue=venue,
                        online_link=online_link)
    return cohort


def regenerate_join_code(db: Session, cohort: Cohort, actor: User) -> str:
    cohort.join_code = unique_join_code(db)
    audit(db, actor.id, "cohort.join_code", f"cohort:{cohort.id}")
    db.flush()
    return cohort.join_code




def set_cohort_status(db: Session, cohort: Cohort, status: str, actor: User) -> None:
    if status not in COHORT_STATUSES:
        raise ServiceError(_("Choose a status from the list."), "status")
    cohort.status = status
    audit(db, actor.id, "cohort.status", f"cohort:{cohort.id}", status=status)
    db.flush()

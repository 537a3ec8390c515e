"""What monitoring reads from the action plans (app/plans, the floor below): members, their
submitted plans and commitments, in a fixed number of queries for any number of hromadas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.monitoring.models import MemberStatus, MonitoringSettings
from app.plans.models import ActionPlan, Commitment, Milestone, OgpMembership, PlanJurisdiction


@dataclass
class CommitmentFacts:
    id: int
    plan_id: int
    number: int
    title: dict
    end_date: date
    completed: date | None
    milestones: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class PlanFacts:
    id: int
    start: date
    end: date
    submitted: date | None
    commitments: list[CommitmentFacts] = field(default_factory=list)


@dataclass
class MemberFacts:
    municipality_id: int
    joined: date | None = None
    term_end: date | None = None
    submission_deadline: date | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_locale: str = "uk"
    plans: list[PlanFacts] = field(default_factory=list)


def member_ids() -> Select:
    """Every hromada with an OGP Local record."""
    return select(OgpMembership.municipality_id)


def member_municipality_column():
    return OgpMembership.municipality_id


def _plans_stmt(ids: list[int]) -> Select:
    return (select(OgpMembership.municipality_id, OgpMembership.id, ActionPlan)
            .join(PlanJurisdiction, PlanJurisdiction.membership_id == OgpMembership.id)
            .join(ActionPlan, ActionPlan.id == PlanJurisdiction.plan_id)
            .where(OgpMembership.municipality_id.in_(ids), ActionPlan.status == "submitted",
                   ActionPlan.period_start.is_not(None), ActionPlan.period_end.is_not(None))
            .order_by(ActionPlan.period_start, ActionPlan.id))


def member_facts(db: Session, ids: list[int], with_milestones: bool = False
                 ) -> dict[int, MemberFacts]:
    """Members among `ids` with their submitted plans (four queries, five with milestones)."""
    if not ids:
        return {}
    members: dict[int, MemberFacts] = {}
    deadlines = dict(db.execute(select(MonitoringSettings.municipality_id,
                                       MonitoringSettings.submission_deadline)
                                .where(MonitoringSettings.municipality_id.in_(ids))).all())
    for row in db.scalars(select(OgpMembership).where(OgpMembership.municipality_id.in_(ids))):
        members[row.municipality_id] = MemberFacts(
            row.municipality_id, row.joined_on, row.term_end,
            deadlines.get(row.municipality_id), row.contact_name, row.contact_email)
    plan_rows = db.execute(_plans_stmt(list(members))).all()
    plans: dict[int, PlanFacts] = {}
    membership_of_plan: dict[tuple[int, int], int] = {}
    for municipality_id, membership_id, plan in plan_rows:
        facts = plans.get(plan.id) or PlanFacts(plan.id, plan.period_start, plan.period_end,
                                                plan.submitted_on)
        plans[plan.id] = facts
        membership_of_plan[(municipality_id, plan.id)] = membership_id
    by_plan: dict[int, list[tuple[int | None, CommitmentFacts]]] = defaultdict(list)
    if plans:
        for c in db.scalars(select(Commitment).where(Commitment.plan_id.in_(list(plans)),
                                                     Commitment.end_date.is_not(None))
                            .order_by(Commitment.number, Commitment.id)):
            by_plan[c.plan_id].append((c.jurisdiction_id, CommitmentFacts(
                c.id, c.plan_id, c.number, c.title or {}, c.end_date, c.completed_on)))
    if with_milestones and by_plan:
        index = {f.id: f for pairs in by_plan.values() for _j, f in pairs}
        for m in db.scalars(select(Milestone).where(Milestone.commitment_id.in_(list(index)))
                            .order_by(Milestone.position, Milestone.id)):
            index[m.commitment_id].milestones.append((m.id, m.output or {}))
    for (municipality_id, plan_id), membership_id in membership_of_plan.items():
        source = plans[plan_id]
        own = PlanFacts(source.id, source.start, source.end, source.submitted,
                        [f for j, f in by_plan.get(plan_id, []) if j in (None, membership_id)])
        members[municipality_id].plans.append(own)
    for member in members.values():
        member.plans.sort(key=lambda p: (p.start, p.id))
    return members


def commitment_of(db: Session, municipality_id: int, commitment_id: int
                  ) -> CommitmentFacts | None:
    """A commitment of one of this hromada's submitted plans (its own, or the coalition's)."""
    row = db.execute(
        select(Commitment, OgpMembership.id)
        .join(PlanJurisdiction, PlanJurisdiction.plan_id == Commitment.plan_id)
        .join(OgpMembership, OgpMembership.id == PlanJurisdiction.membership_id)
        .join(ActionPlan, ActionPlan.id == Commitment.plan_id)
        .where(Commitment.id == commitment_id, OgpMembership.municipality_id == municipality_id,
               ActionPlan.status == "submitted",
               or_(Commitment.jurisdiction_id.is_(None),
                   Commitment.jurisdiction_id == OgpMembership.id))).first()
    if row is None or row[0].end_date is None:
        return None
    c = row[0]
    return CommitmentFacts(c.id, c.plan_id, c.number, c.title or {}, c.end_date, c.completed_on,
                           [(m.id, m.output or {}) for m in c.milestones])


def is_member(db: Session, municipality_id: int) -> bool:
    return db.scalar(select(OgpMembership.id)
                     .where(OgpMembership.municipality_id == municipality_id)) is not None


def changed_after_status(db: Session) -> set[int]:
    """Members whose plans or commitments were saved after their status was computed
    (two queries)."""
    plans = db.scalars(
        select(OgpMembership.municipality_id)
        .join(MemberStatus, MemberStatus.municipality_id == OgpMembership.municipality_id)
        .join(PlanJurisdiction, PlanJurisdiction.membership_id == OgpMembership.id)
        .join(ActionPlan, ActionPlan.id == PlanJurisdiction.plan_id)
        .where(ActionPlan.updated_at > MemberStatus.computed_at))
    commitments = db.scalars(
        select(OgpMembership.municipality_id)
        .join(MemberStatus, MemberStatus.municipality_id == OgpMembership.municipality_id)
        .join(PlanJurisdiction, PlanJurisdiction.membership_id == OgpMembership.id)
        .join(Commitment, Commitment.plan_id == PlanJurisdiction.plan_id)
        .where(Commitment.updated_at > MemberStatus.computed_at))
    return set(plans) | set(commitments)

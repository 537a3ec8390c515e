"""Members with submitted action plans, for the monitoring tests, the role matrix, the browser
journey and the benchmark (app/plans models, written directly: the plans' own services are
another package's business)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.plans.models import ActionPlan, Commitment, Milestone, OgpMembership, PlanJurisdiction
from app.registry.models import Municipality


def make_member(db, code: str, *, start=date(2026, 1, 1), end=date(2027, 12, 31),
                submitted=date(2025, 12, 20), commitments=None, term_end=date(2030, 10, 31),
                contact_email="", joined=date(2025, 6, 1), milestones=True):
    """An OGP Local member with one submitted plan; `commitments`: [(number, end_date)]."""
    municipality = db.scalar(select(Municipality).where(Municipality.code == code))
    membership = db.scalar(select(OgpMembership)
                           .where(OgpMembership.municipality_id == municipality.id))
    if membership is None:
        membership = OgpMembership(municipality_id=municipality.id)
        db.add(membership)
    membership.joined_on, membership.term_end = joined, term_end
    membership.contact_name, membership.contact_email = "Олена Контактна", contact_email
    plan = ActionPlan(period_start=start, period_end=end, status="submitted",
                      submitted_on=submitted)
    db.add(plan)
    db.flush()
    db.add(PlanJurisdiction(plan_id=plan.id, membership_id=membership.id, position=1))
    made = []
    for number, ends in commitments or [(1, end), (2, end)]:
        commitment = Commitment(plan_id=plan.id, number=number, start_date=start, end_date=ends,
                                title={"uk": f"Відкриті бюджети {number}",
                                       "en": f"Open budgets {number}"})
        if milestones:
            commitment.milestones = [Milestone(position=1, output={
                "uk": "Портал опубліковано", "en": "Portal published"},
                start_date=start, end_date=ends)]
        db.add(commitment)
        made.append(commitment)
    db.flush()
    return membership, plan, made


def monitoring_world(app, db, users) -> dict:
    """For the role matrix: Vinnytsia (the participant's hromada) is a member with a plan, a
    tracker update with an uploaded file, a public page, a calendar feed and an inception
    report; `other_trainer` acts for its Monitoring Body."""
    from app.monitoring import services
    from app.monitoring.calendar import add_months, quarter_bounds, quarter_of
    from app.monitoring.models import Evidence, MonitoringBodyMember, TrackerUpdate

    with app.app_context():
        today = services.today_kyiv()
        start = quarter_bounds(quarter_of(add_months(today, -6)))[0]
        membership, _plan, commitments = make_member(db, "UA05020030000031457", start=start,
                                                     end=add_months(start, 24),
                                                     submitted=start)
        municipality_id = membership.municipality_id
        update = TrackerUpdate(municipality_id=municipality_id, commitment_id=commitments[0].id,
                               quarter=quarter_of(start), completion="limited", progress=True,
                               narrative_uk="Зроблено", evidence=[Evidence(
                                   evidence_type="meeting_record", file_name="протокол.pdf",
                                   mimetype="application/pdf", size=9, body=b"%PDF-1.4\n")])
        db.add(update)
        db.add(MonitoringBodyMember(municipality_id=municipality_id,
                                    user_id=users["other_trainer"].id))
        services.set_public(db, municipality_id, True)
        feed = services.feed_token(db, municipality_id)
        report = services.file_assessment(db, municipality_id, "inception", {"spaces": "так"},
                                          users["other_trainer"].id)
        db.commit()
        return {"evidence": update.evidence[0].id, "ogp_feed": feed,
                "comment_token": report.comment_token}

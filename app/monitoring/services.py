"""Monitoring operations: take the db session, flush, never commit.

Everything the calendar needs is read for many hromadas at once (a fixed number of queries,
whatever their number), computed by the pure `calendar.compute`, and kept in `MemberStatus`
with its history in `StatusChange`.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.db import utcnow
from app.errors import ServiceError
from app.monitoring import calendar as cal
from app.monitoring import source
from app.monitoring.evidence import (
    COMPLETION_KEYS,
    EVIDENCE_KEYS,
    check_link,
    check_upload,
    is_progress,
    meetings_per_year,
)
from app.monitoring.models import (
    Assessment,
    AssessmentComment,
    Evidence,
    ImplementationMeeting,
    MemberStatus,
    MonitoringBodyMember,
    MonitoringSettings,
    StatusChange,
    TrackerUpdate,
    VoluntaryInactivity,
)
from app.registry.models import Municipality
from app.text import email_key, people_sorted


def today_kyiv() -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Kyiv")).date()


# --- the calendar of many hromadas ---------------------------------------------------------

def _tracker_by_member(db: Session, ids: list[int]) -> dict[int, list[cal.TrackerEntry]]:
    """One entry per (hromada, quarter): updated on its last update, progress if any."""
    rows = db.execute(
        select(TrackerUpdate.municipality_id, TrackerUpdate.quarter,
               func.max(TrackerUpdate.created_at), func.max(
                   func.cast(TrackerUpdate.progress, _int_type())))
        .where(TrackerUpdate.municipality_id.in_(ids))
        .group_by(TrackerUpdate.municipality_id, TrackerUpdate.quarter))
    out: dict[int, list[cal.TrackerEntry]] = defaultdict(list)
    for municipality_id, quarter, last, progress in rows:
        last = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
        out[municipality_id].append(cal.TrackerEntry(quarter, last.date(), bool(progress)))
    return out


def _int_type():
    from sqlalchemy import Integer

    return Integer


def _voluntary(db: Session, ids: list[int]) -> set[int]:
    return set(db.scalars(select(VoluntaryInactivity.municipality_id).where(
        VoluntaryInactivity.municipality_id.in_(ids), VoluntaryInactivity.ended_at.is_(None))))


def calendar_inputs(db: Session, ids: list[int], today: date) -> dict[int, cal.CalendarInput]:
    facts = source.member_facts(db, ids)
    tracker = _tracker_by_member(db, ids)
    voluntary = _voluntary(db, ids)
    inputs = {}
    for municipality_id, member in facts.items():
        inputs[municipality_id] = cal.CalendarInput(
            today=today, term_end=member.term_end, joined=member.joined,
            submission_deadline=member.submission_deadline,
            plans=tuple(cal.Plan(p.start, p.end, p.submitted, tuple(
                cal.Commitment(c.number, c.end_date, c.completed) for c in p.commitments))
                for p in member.plans),
            tracker=tuple(tracker.get(municipality_id, ())),
            voluntary_inactive=municipality_id in voluntary)
    return inputs


def calendar_of(db: Session, municipality_id: int,
                today: date | None = None) -> cal.CalendarResult | None:
    today = today or today_kyiv()
    data = calendar_inputs(db, [municipality_id], today).get(municipality_id)
    return cal.compute(data) if data is not None else None


# --- status, daily and on change -----------------------------------------------------------

@dataclass
class RefreshResult:
    members: int
    changed: int


def refresh_status(db: Session, ids: Iterable[int] | None = None,
                   today: date | None = None) -> RefreshResult:
    """Recompute the status of these members (all when None); record each change."""
    today = today or today_kyiv()
    ids = list(db.scalars(source.member_ids())) if ids is None else list(ids)
    changed = 0
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        inputs = calendar_inputs(db, chunk, today)
        current = {row.municipality_id: row for row in db.scalars(
            select(MemberStatus).where(MemberStatus.municipality_id.in_(chunk)))}
        last_updates = dict(db.execute(
            select(TrackerUpdate.municipality_id, func.max(TrackerUpdate.created_at))
            .where(TrackerUpdate.municipality_id.in_(chunk))
            .group_by(TrackerUpdate.municipality_id)).all())
        for municipality_id, data in inputs.items():
            result = cal.compute(data)
            following = result.next_deadline(today)
            conditions = [f.condition for f in result.inactivity]
            row = current.get(municipality_id)
            if row is None:
                row = MemberStatus(municipality_id=municipality_id, status="", risk="")
                db.add(row)
            if (row.status, row.risk, row.conditions) != (result.status, result.risk,
                                                          conditions):
                changed += 1
                db.add(StatusChange(municipality_id=municipality_id, status=result.status,
                                    risk=result.risk, conditions=conditions, changed_on=today))
            row.status, row.risk, row.conditions = result.status, result.risk, conditions
            row.next_deadline_kind = following.kind if following else None
            row.next_deadline_due = following.due if following else None
            last = last_updates.get(municipality_id)
            if last is not None and not isinstance(last, datetime):
                last = datetime.fromisoformat(str(last))
            if last is not None and last.tzinfo is None:
                last = last.replace(tzinfo=UTC)
            row.last_update_at = last
            row.computed_on = today
            row.computed_at = utcnow()
    db.flush()
    return RefreshResult(len(ids), changed)


def status_history(db: Session, municipality_id: int) -> list[StatusChange]:
    return list(db.scalars(select(StatusChange)
                           .where(StatusChange.municipality_id == municipality_id)
                           .order_by(StatusChange.id.desc())))


# --- tracker updates -----------------------------------------------------------------------

@dataclass
class UpdateInput:
    commitment_id: int
    milestone_id: int | None
    quarter: str
    completion: str
    narrative_uk: str
    narrative_en: str
    evidence_type: str = ""
    evidence_url: str = ""
    file_name: str = ""
    file_body: bytes | None = None


def open_quarters(db: Session, municipality_id: int, today: date) -> list[str]:
    """Quarters a hromada may report on: those of its plans up to the current one."""
    current = cal.quarter_of(today)
    labels: set[str] = set()
    for plan in source.member_facts(db, [municipality_id]).get(
            municipality_id, source.MemberFacts(municipality_id)).plans:
        labels.update(q for q in cal.quarters_between(plan.start, plan.end) if q <= current)
    return sorted(labels, reverse=True)


def post_update(db: Session, municipality_id: int, user_id: int | None, data: UpdateInput,
                today: date | None = None) -> TrackerUpdate:
    today = today or today_kyiv()
    commitment = source.commitment_of(db, municipality_id, data.commitment_id)
    if commitment is None:
        raise ServiceError(_("Choose a commitment of your plan."), "commitment")
    if data.quarter not in open_quarters(db, municipality_id, today):
        raise ServiceError(_("Choose a quarter of your plan that has begun."), "quarter")
    if data.completion not in COMPLETION_KEYS:
        raise ServiceError(_("Choose a level of completion."), "completion")
    evidence = None
    if (data.file_body is not None or data.evidence_url) and \
            data.evidence_type not in EVIDENCE_KEYS:
        raise ServiceError(_("Say what kind of evidence this is."), "evidence_type")
    if data.evidence_url:
        if not check_link(data.evidence_url):
            raise ServiceError(_("A link must start with http:// or https://."),
                               "evidence_url")
        evidence = [Evidence(evidence_type=data.evidence_type, url=data.evidence_url.strip())]
    if data.file_body is not None:
        checked = check_upload(data.file_name, data.file_body)
        if not checked.ok:
            raise ServiceError(upload_message(checked.code, dict(checked.params)),
                               "evidence_file")
        evidence = (evidence or []) + [Evidence(
            evidence_type=data.evidence_type, file_name=checked.name,
            mimetype=checked.mimetype, size=len(data.file_body), body=data.file_body)]
    previous = db.scalar(
        select(TrackerUpdate.completion)
        .where(TrackerUpdate.commitment_id == data.commitment_id,
               TrackerUpdate.quarter < data.quarter,
               (TrackerUpdate.milestone_id == data.milestone_id) if data.milestone_id
               else TrackerUpdate.milestone_id.is_(None))
        .order_by(TrackerUpdate.quarter.desc(), TrackerUpdate.id.desc()).limit(1))
    update = TrackerUpdate(
        municipality_id=municipality_id, commitment_id=data.commitment_id,
        milestone_id=data.milestone_id, quarter=data.quarter, completion=data.completion,
        progress=is_progress(previous, data.completion), narrative_uk=data.narrative_uk.strip(),
        narrative_en=data.narrative_en.strip(), created_by_id=user_id,
        evidence=evidence or [])
    db.add(update)
    db.flush()
    refresh_status(db, [municipality_id], today)
    return update


def upload_message(code: str, params: dict) -> str:
    texts = {
        "empty_file": lambda: _("The file is empty."),
        "too_large": lambda: _("The file is larger than %(limit)d MB.",
                               limit=params.get("limit_mb", 3)),
        "bad_type": lambda: _("This type of file is not accepted. Accepted: %(types)s.",
                              types=params.get("types", "")),
        "content_mismatch": lambda: _("The file's content does not match its type."),
    }
    return texts.get(code, lambda: _("The file cannot be accepted."))()


def _(text: str, **params) -> str:
    from flask_babel import gettext

    return gettext(text, **params)


def updates_of(db: Session, municipality_id: int, limit: int = 200) -> list[TrackerUpdate]:
    from sqlalchemy.orm import selectinload

    return list(db.scalars(
        select(TrackerUpdate).where(TrackerUpdate.municipality_id == municipality_id)
        .options(selectinload(TrackerUpdate.evidence))
        .order_by(TrackerUpdate.quarter.desc(), TrackerUpdate.id.desc()).limit(limit)))


def evidence_file(db: Session, evidence_id: int) -> Evidence | None:
    from sqlalchemy.orm import undefer

    item = db.scalar(select(Evidence).where(Evidence.id == evidence_id)
                     .options(undefer(Evidence.body)))
    return item if item is not None and item.body is not None else None


# --- meetings ------------------------------------------------------------------------------

def add_meeting(db: Session, municipality_id: int, user_id: int | None, held_on: date,
                title: str, counts: dict[str, int], minutes_url: str = "") -> ImplementationMeeting:
    if minutes_url and not check_link(minutes_url):
        raise ServiceError(_("A link must start with http:// or https://."), "minutes_url")
    if not 2000 <= held_on.year <= 2100:
        raise ServiceError(_("Enter a date between 2000 and 2100."), "held_on")
    meeting = ImplementationMeeting(
        municipality_id=municipality_id, held_on=held_on, title=title.strip(),
        government=counts.get("government") or 0,
        civil_society=counts.get("civil_society") or 0,
        other_non_governmental=counts.get("other_non_governmental") or 0,
        minutes_url=minutes_url.strip(), created_by_id=user_id)
    db.add(meeting)
    db.flush()
    return meeting


@dataclass
class MeetingYear:
    start: date
    end: date
    count: int
    met: bool
    state: str = "ended"  # "ended", "running" (today inside it) or "ahead" (not started)

    @property
    def missed(self) -> bool:
        """Fewer than two, and the year is over: only then is it a finding."""
        return not self.met and self.state == "ended"


def meetings_of(db: Session, municipality_id: int) -> list[ImplementationMeeting]:
    return list(db.scalars(select(ImplementationMeeting)
                           .where(ImplementationMeeting.municipality_id == municipality_id)
                           .order_by(ImplementationMeeting.held_on.desc())))


def meeting_years(db: Session, municipality_id: int, meetings: list[ImplementationMeeting],
                  today: date | None = None) -> list[MeetingYear]:
    """Per implementation year of each submitted plan: meetings held with both government and
    non-government people present count toward the two a year. A year still running, or not
    yet begun, is not missed: it says how many so far."""
    today = today or today_kyiv()

    days = [m.held_on for m in meetings
            if m.government > 0 and (m.civil_society + m.other_non_governmental) > 0]
    years = []
    member = source.member_facts(db, [municipality_id]).get(municipality_id)
    for plan in (member.plans if member else []):
        for start, end, count in meetings_per_year(days, plan.start, plan.end):
            state = "ahead" if today < start else "running" if today <= end else "ended"
            years.append(MeetingYear(start, end, count, count >= 2, state))
    return years


# --- voluntary inactivity, public page, feed -----------------------------------------------

def open_voluntary(db: Session, municipality_id: int) -> VoluntaryInactivity | None:
    return db.scalar(select(VoluntaryInactivity).where(
        VoluntaryInactivity.municipality_id == municipality_id,
        VoluntaryInactivity.ended_at.is_(None)))


def request_voluntary(db: Session, municipality_id: int, user_id: int | None,
                      reason: str) -> VoluntaryInactivity:
    if open_voluntary(db, municipality_id) is not None:
        raise ServiceError(_("Voluntary inactivity has already been recorded."))
    item = VoluntaryInactivity(municipality_id=municipality_id, reason=reason.strip(),
                               requested_by_id=user_id)
    db.add(item)
    db.flush()
    refresh_status(db, [municipality_id])
    return item


def end_voluntary(db: Session, municipality_id: int, user_id: int | None) -> None:
    item = open_voluntary(db, municipality_id)
    if item is None:
        raise ServiceError(_("The hromada is not voluntarily inactive."))
    item.ended_at, item.ended_by_id = utcnow(), user_id
    db.flush()
    refresh_status(db, [municipality_id])


def voluntary_history(db: Session, municipality_id: int) -> list[VoluntaryInactivity]:
    return list(db.scalars(select(VoluntaryInactivity)
                           .where(VoluntaryInactivity.municipality_id == municipality_id)
                           .order_by(VoluntaryInactivity.id.desc())))


def settings_of(db: Session, municipality_id: int) -> MonitoringSettings:
    row = db.get(MonitoringSettings, municipality_id)
    if row is None:
        row = MonitoringSettings(municipality_id=municipality_id, public=False)
        db.add(row)
        db.flush()
    return row


def set_public(db: Session, municipality_id: int, public: bool) -> None:
    settings_of(db, municipality_id).public = public
    db.flush()


def set_submission_deadline(db: Session, municipality_id: int, deadline: date | None) -> None:
    """The first plan's deadline set by AUC for a new member (handbook 4.1, condition 1)."""
    if deadline is not None and not 2000 <= deadline.year <= 2100:
        raise ServiceError(_("Enter a date between 2000 and 2100."), "submission_deadline")
    settings_of(db, municipality_id).submission_deadline = deadline
    db.flush()
    refresh_status(db, [municipality_id])


def is_public(db: Session, municipality_id: int) -> bool:
    row = db.get(MonitoringSettings, municipality_id)
    return bool(row and row.public)


def feed_token(db: Session, municipality_id: int, reset: bool = False) -> str:
    row = settings_of(db, municipality_id)
    if row.feed_token is None or reset:
        row.feed_token = secrets.token_urlsafe(24)
    db.flush()
    return row.feed_token


def feed_municipality(db: Session, token: str) -> Municipality | None:
    if not token or len(token) > 64:
        return None
    row = db.scalar(select(MonitoringSettings).where(MonitoringSettings.feed_token == token))
    return db.get(Municipality, row.municipality_id) if row else None


# --- the Monitoring Body -------------------------------------------------------------------

def add_body_member(db: Session, municipality_id: int, email: str,
                    added_by: int | None) -> MonitoringBodyMember:

    user = db.scalar(select(User).where(User.email_key == email_key(email)))
    if user is None:
        raise ServiceError(_("No account has this email; invite the person first."), "email")
    existing = db.scalar(select(MonitoringBodyMember).where(
        MonitoringBodyMember.municipality_id == municipality_id,
        MonitoringBodyMember.user_id == user.id))
    if existing is not None:
        return existing
    link = MonitoringBodyMember(municipality_id=municipality_id, user_id=user.id,
                                added_by_id=added_by)
    db.add(link)
    db.flush()
    return link


def body_members(db: Session, municipality_id: int) -> list:

    return people_sorted(db.scalars(select(User).join(
        MonitoringBodyMember, MonitoringBodyMember.user_id == User.id)
        .where(MonitoringBodyMember.municipality_id == municipality_id)))


def file_assessment(db: Session, municipality_id: int, kind: str, answers: dict[str, str],
                    user_id: int | None, commitment_id: int | None = None) -> Assessment:
    plan_id = None
    if kind == "end_of_commitment":
        commitment = source.commitment_of(db, municipality_id, commitment_id or 0)
        if commitment is None:
            raise ServiceError(_("Choose a commitment of your plan."), "commitment")
        plan_id = commitment.plan_id
    else:
        member = source.member_facts(db, [municipality_id]).get(municipality_id)
        plans = [p for p in (member.plans if member else []) if p.submitted]
        plan_id = plans[-1].id if plans else None
    item = Assessment(municipality_id=municipality_id, plan_id=plan_id,
                      commitment_id=commitment_id if kind == "end_of_commitment" else None,
                      kind=kind, answers=answers, filed_by_id=user_id,
                      comment_token=secrets.token_urlsafe(24))
    db.add(item)
    db.flush()
    return item


def assessments_of(db: Session, municipality_id: int) -> list[Assessment]:
    from sqlalchemy.orm import selectinload

    return list(db.scalars(select(Assessment).where(Assessment.municipality_id == municipality_id)
                           .options(selectinload(Assessment.comments))
                           .order_by(Assessment.id.desc())))


def assessment_by_token(db: Session, token: str) -> Assessment | None:
    if not token or len(token) > 64:
        return None
    return db.scalar(select(Assessment).where(Assessment.comment_token == token))


def add_comment(db: Session, assessment: Assessment, author: str, stakeholder_type: str,
                body: str) -> AssessmentComment:
    comment = AssessmentComment(assessment_id=assessment.id, author=author.strip(),
                                stakeholder_type=stakeholder_type, body=body.strip())
    db.add(comment)
    db.flush()
    return comment


def done_deadlines(result: cal.CalendarResult, facts: source.MemberFacts,
                   updates: list[TrackerUpdate], assessments: list[Assessment]) -> set[int]:
    """Positions in `result.deadlines` that are met: a quarter with an update, a report
    filed by the Monitoring Body, a next plan that followed."""
    quarters = {u.quarter for u in updates}
    filed = {(a.kind, a.plan_id, a.commitment_id) for a in assessments}
    done = set()
    for index, deadline in enumerate(result.deadlines):
        plan = facts.plans[deadline.plan - 1] if deadline.plan else None
        if deadline.kind == "tracker_update":
            met = deadline.quarter in quarters
        elif deadline.kind in ("inception_assessment", "final_learning_exercise"):
            kind = deadline.kind.removesuffix("_assessment").replace("_exercise", "")
            met = plan is not None and (kind, plan.id, None) in filed
        elif deadline.kind == "end_of_commitment_assessment":
            ids = [c.id for c in (plan.commitments if plan else [])
                   if c.number == deadline.commitment]
            met = any(("end_of_commitment", plan.id, i) in filed for i in ids)
        elif deadline.kind == "next_plan_submission":
            met = deadline.plan is not None and deadline.plan < len(facts.plans)
        else:
            met = False
        if met:
            done.add(index)
    return done

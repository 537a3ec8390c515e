"""The trainer pathway and the assessment of learning. Services flush; routes commit.

Content: the observation rubric and the pre/post test are YAML files in
session_plans/rubrics/ (a folder the content loader skips), read here and cached until they
change. Rules live in app.pathway.rules; this module gathers the facts and records results.
"""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.registry.models import Municipality
from app.audit import audit
from app.auth.models import User
from app.content.model import Library, OutlineBlock
from app.db import utcnow
from app.errors import ServiceError
from app.orientation.models import ModuleCompletion
from app.pathway import rules
from app.pathway.models import (
    DeliveryObservation,
    PracticeDelivery,
    PrePostAttempt,
    SessionFeedback,
    SessionFeedbackReceipt,
    TrainerCertification,
)
from app.quizzes import scoring
from app.scheduling.models import Attendance, Cohort, Enrolment, SessionTrainer, TrainingSession
from app.scheduling.services import can_manage, trainer_ids
from app.text import has_control_chars

RUBRIC_FILE = "observation.yaml"
TEST_FILE = "prepost-test.yaml"
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"

# --- content ---------------------------------------------------------------------------------

_cache: dict[str, tuple[tuple[int, int], Any]] = {}
_lock = threading.Lock()


def rubrics_dir(root: Path | str) -> Path:
    return Path(root) / "session_plans" / "rubrics"


def _load(path: Path, parse):
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _cache.get(str(path))
        if cached and cached[0] == stamp:
            return cached[1]
        value = parse(yaml.safe_load(path.read_text(encoding="utf-8")))
        _cache[str(path)] = (stamp, value)
        return value


def load_rubric(root: Path | str) -> rules.Rubric:
    return _load(rubrics_dir(root) / RUBRIC_FILE, rules.parse_rubric)


def load_test(root: Path | str) -> rules.KnowledgeTest:
    return _load(rubrics_dir(root) / TEST_FILE, rules.parse_test)


def rubric() -> rules.Rubric:
    return load_rubric(current_app.config["CONTENT_DIR"])


def knowledge_test() -> rules.KnowledgeTest:
    return load_test(current_app.config["CONTENT_DIR"])


def _clean_text(value: str, field_name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field_name)
    if len(value) > limit or has_control_chars(value):
        raise ServiceError(_("Use at most %(n)d plain characters.", n=limit), field_name)
    return value


# --- membership --------------------------------------------------------------------------------

def is_learner(db: Session, user: User, cohort: Cohort) -> bool:
    return db.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id,
        Enrolment.role == "learner")) is not None


def learners(db: Session, cohort: Cohort) -> list[User]:
    return list(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                           .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")
                           .order_by(User.name, User.id)))


# --- certification -----------------------------------------------------------------------------

def _default_quiz_mark() -> int:
    return int(current_app.config.get("QUIZ_PASS_MARK", 60))


def certification_rule(library: Library, the_rubric: rules.Rubric, plan_id: str = "",
                       quiz_pass_mark: int | None = None) -> rules.CertificationRule:
    """The rule for trainees of a ToT cohort following `plan_id` (the rubric's plan when
    empty): its modules, the quizzes of those modules, the observation pass mark."""
    plan = library.plan(plan_id) if plan_id else None
    plan = plan or library.plan(the_rubric.plan_id)
    if plan is None:
        raise ServiceError(_("The training-of-trainers plan %(plan)s does not exist.",
                             plan=plan_id or the_rubric.plan_id))
    completion = plan.completion or {}
    modules = tuple(completion.get("modules") or plan.module_ids)
    with_quiz = tuple(m for m in modules if (module := library.module(m)) is not None and module.quiz)
    mark = int(completion.get("quiz_pass_mark") or 0) or (
        quiz_pass_mark if quiz_pass_mark is not None else _default_quiz_mark())
    return rules.CertificationRule(
        version=the_rubric.rule_version, plan_id=plan.id, modules=modules, quiz_modules=with_quiz,
        quiz_pass_mark=mark, observation_pass_mark=the_rubric.pass_mark,
        min_observations=the_rubric.min_observations)


def trainee_facts(db: Session, cohort: Cohort, rule: rules.CertificationRule,
                  user_ids: list[int] | None = None) -> dict[int, rules.TraineeFacts]:
    """Everything the rule needs for every trainee of the ToT cohort, in four queries."""
    if user_ids is None:
        user_ids = list(db.scalars(select(Enrolment.user_id).where(
            Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    if not user_ids:
        return {}
    completed: dict[int, set[str]] = defaultdict(set)
    for user_id, module_id in db.execute(
            select(ModuleCompletion.user_id, ModuleCompletion.module_id)
            .where(ModuleCompletion.user_id.in_(user_ids), ModuleCompletion.revoked_at.is_(None),
                   ModuleCompletion.module_id.in_(rule.modules))):
        completed[user_id].add(module_id)
    from app.quizzes.services import best_scores

    best = best_scores(db, user_ids, list(rule.quiz_modules))
    observed: dict[int, list[rules.ObservationFact]] = defaultdict(list)
    for observation_id, trainee_id, total, count in db.execute(
            select(DeliveryObservation.id, PracticeDelivery.trainee_id, DeliveryObservation.total,
                   DeliveryObservation.criteria_count)
            .join(PracticeDelivery, PracticeDelivery.id == DeliveryObservation.delivery_id)
            .where(PracticeDelivery.cohort_id == cohort.id,
                   PracticeDelivery.trainee_id.in_(user_ids))
            .order_by(DeliveryObservation.id)):
        observed[trainee_id].append(rules.ObservationFact(observation_id, total, count))
    return {u: rules.TraineeFacts(u, frozenset(completed.get(u, ())),
                                  {m: s for (uid, m), s in best.items() if uid == u},
                                  tuple(observed.get(u, ())))
            for u in user_ids}


def recorded(db: Session, user_ids: list[int]) -> dict[int, TrainerCertification]:
    if not user_ids:
        return {}
    return {c.user_id: c for c in db.scalars(select(TrainerCertification)
                                             .where(TrainerCertification.user_id.in_(user_ids)))}


def _as_recorded(certification: TrainerCertification | None) -> rules.Recorded | None:
    if certification is None:
        return None
    return rules.Recorded(certification.rule_version, certification.revoked_at is not None)


def new_code(db: Session) -> str:
    while True:
        code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
        if db.scalar(select(TrainerCertification.id).where(TrainerCertification.code == code)) is None:
            return code


def record_certification(db: Session, user_id: int, rule: rules.CertificationRule,
                         evidence: Mapping[str, Any], cohort_id: int | None,
                         actor_id: int | None) -> TrainerCertification:
    certification = TrainerCertification(
        user_id=user_id, cohort_id=cohort_id, plan_id=rule.plan_id, rule_version=rule.version,
        evidence=dict(evidence), certified_at=utcnow(), recorded_by_id=actor_id, code=new_code(db))
    db.add(certification)
    audit(db, actor_id, "certification.record", f"user:{user_id}", cohort=cohort_id,
          rule_version=rule.version)
    db.flush()
    return certification


def evaluate_certifications(db: Session, cohort: Cohort, library: Library,
                            actor_id: int | None = None,
                            the_rubric: rules.Rubric | None = None) -> list[TrainerCertification]:
    """Records the certifications newly earned in a ToT cohort. A certification already
    recorded (also a revoked one) is never rewritten."""
    if not cohort.is_tot:
        return []
    rule = certification_rule(library, the_rubric or rubric(), cohort.plan_id)
    facts = trainee_facts(db, cohort, rule)
    existing = recorded(db, list(facts))
    new = []
    for user_id, trainee in facts.items():
        if rules.decide(rule, trainee, _as_recorded(existing.get(user_id))) == "record":
            status = rules.certification_status(rule, trainee)
            new.append(record_certification(db, user_id, rule,
                                            {**status.evidence, "cohort": cohort.id},
                                            cohort.id, actor_id))
    return new


def seed_certification(db: Session, user: User, plan_id: str = "tot-two-day") -> TrainerCertification | None:
    """For `spilno seed --demo`: certify a demo trainer (evidence "seeded demo") unless a
    certification is recorded already. Returns the new certification, or None."""
    if db.scalar(select(TrainerCertification.id).where(TrainerCertification.user_id == user.id)):
        return None
    certification = TrainerCertification(
        user_id=user.id, plan_id=plan_id, rule_version=1, evidence={"note": "seeded demo"},
        certified_at=utcnow(), code=new_code(db))
    db.add(certification)
    audit(db, None, "certification.record", f"user:{user.id}", note="seeded demo")
    db.flush()
    return certification


def active_certification(db: Session, user_id: int) -> TrainerCertification | None:
    return db.scalar(select(TrainerCertification).where(TrainerCertification.user_id == user_id,
                                                        TrainerCertification.revoked_at.is_(None)))


def is_certified(db: Session, user_id: int) -> bool:
    return active_certification(db, user_id) is not None


def may_lead_municipal_cohort(db: Session, user: User) -> bool:
    """Used by app.scheduling when a cohort is created: admins and certified trainers."""
    return rules.may_lead(user.role, is_certified(db, user.id))


REFUSALS = {
    "admin_only": lambda: _("Only an administrator can revoke a certification."),
    "nothing": lambda: _("There is no certification to revoke."),
    "already": lambda: _("This certification is already revoked."),
    "reason": lambda: _("Give a reason (up to 1,000 characters)."),
}


def revoke_certification(db: Session, certification: TrainerCertification, admin: User,
                         reason: str) -> None:
    try:
        reason = rules.revocation_reason(admin.role, reason, _as_recorded(certification))
    except rules.Refusal as refusal:
        raise ServiceError(REFUSALS[refusal.code](), refusal.field) from None
    certification.revoked_at, certification.revoked_by_id = utcnow(), admin.id
    certification.revoke_reason = reason
    audit(db, admin.id, "certification.revoke", f"user:{certification.user_id}", reason=reason,
          certification=certification.id)
    db.flush()


@dataclass
class TraineeRow:
    user: User
    status: rules.CertificationStatus
    certification: TrainerCertification | None
    deliveries: list[PracticeDelivery]


def tot_overview(db: Session, cohort: Cohort, library: Library,
                 only_user: User | None = None) -> tuple[rules.CertificationRule, list[TraineeRow]]:
    rule = certification_rule(library, rubric(), cohort.plan_id)
    people = [only_user] if only_user is not None else learners(db, cohort)
    facts = trainee_facts(db, cohort, rule, [p.id for p in people])
    existing = recorded(db, [p.id for p in people])
    deliveries: dict[int, list[PracticeDelivery]] = defaultdict(list)
    for delivery in db.scalars(select(PracticeDelivery)
                               .where(PracticeDelivery.cohort_id == cohort.id,
                                      PracticeDelivery.trainee_id.in_([p.id for p in people]))
                               .options(selectinload(PracticeDelivery.observations),
                                        selectinload(PracticeDelivery.session))
                               .order_by(PracticeDelivery.created_at, PracticeDelivery.id)):
        deliveries[delivery.trainee_id].append(delivery)
    rows = [TraineeRow(p, rules.certification_status(rule, facts.get(p.id, rules.TraineeFacts(p.id))),
                       existing.get(p.id), deliveries.get(p.id, [])) for p in people]
    return rule, rows


# --- practice deliveries and observations ---------------------------------------------------------

def eligible_sessions(db: Session, cohort: Cohort, trainee_id: int | None = None) -> list[TrainingSession]:
    """The ToT cohort's own (practice) sessions, and the real sessions its trainees train in:
    as session trainers, or in cohorts they lead."""
    conditions = [TrainingSession.cohort_id == cohort.id]
    trainees = [trainee_id] if trainee_id is not None else list(db.scalars(
        select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    if trainees:
        conditions.append(TrainingSession.id.in_(select(SessionTrainer.session_id)
                                                  .where(SessionTrainer.user_id.in_(trainees))))
        conditions.append(TrainingSession.cohort_id.in_(select(Cohort.id)
                                                        .where(Cohort.lead_trainer_id.in_(trainees))))
    return list(db.scalars(select(TrainingSession)
                           .where(or_(*conditions), TrainingSession.status != "cancelled")
                           .options(selectinload(TrainingSession.cohort))
                           .order_by(TrainingSession.start)))


def blocks_of(library: Library, module_id: str) -> list[tuple[int, OutlineBlock]]:
    module = library.module(module_id)
    if module is None:
        return []
    return [(i, b) for i, b in enumerate(module.outline) if not b.is_break]


def record_delivery(db: Session, cohort: Cohort, trainee: User, session: TrainingSession,
                    block_index: int, library: Library, actor: User) -> PracticeDelivery:
    if not cohort.is_tot:
        raise ServiceError(_("Practice deliveries belong to a training-of-trainers cohort."))
    if not is_learner(db, trainee, cohort):
        raise ServiceError(_("%(name)s is not a trainee of this cohort.", name=trainee.name), "trainee_id")
    if session.id not in {s.id for s in eligible_sessions(db, cohort, trainee.id)}:
        raise ServiceError(_("Choose a session of this cohort, or one the trainee trains in."), "block")
    blocks = dict(blocks_of(library, session.module_id))
    block = blocks.get(block_index)
    if block is None:
        raise ServiceError(_("Choose a block of the session outline."), "block")
    if db.scalar(select(PracticeDelivery.id).where(
            PracticeDelivery.trainee_id == trainee.id, PracticeDelivery.session_id == session.id,
            PracticeDelivery.block_index == block_index)) is not None:
        raise ServiceError(_("This delivery is already recorded."), "block")
    delivery = PracticeDelivery(
        cohort_id=cohort.id, trainee_id=trainee.id, session_id=session.id,
        module_id=session.module_id, block_index=block_index, block_topic=block.topic[:300],
        block_minutes=block.minutes, kind="practice" if session.cohort_id == cohort.id else "real",
        recorded_by_id=actor.id)
    db.add(delivery)
    db.flush()
    audit(db, actor.id, "practice.record", f"user:{trainee.id}", cohort=cohort.id,
          session=session.id, block=block.topic[:100])
    db.flush()
    return delivery


def can_see_delivery(db: Session, user: User, delivery: PracticeDelivery) -> bool:
    return (delivery.trainee_id == user.id or user.role in ("admin", "observer")
            or can_manage(db, user, delivery.cohort))


def can_observe(db: Session, user: User, delivery: PracticeDelivery) -> bool:
    """A lead trainer of the ToT cohort (or an admin), never the trainee themself."""
    return user.id != delivery.trainee_id and can_manage(db, user, delivery.cohort)


def observe(db: Session, delivery: PracticeDelivery, observer: User, scores: Mapping[str, Any],
            comments: Mapping[str, str], the_rubric: rules.Rubric) -> DeliveryObservation:
    if not can_observe(db, observer, delivery):
        raise ServiceError(_("Only a lead trainer of the cohort can observe this delivery."))
    if db.scalar(select(DeliveryObservation.id).where(
            DeliveryObservation.delivery_id == delivery.id,
            DeliveryObservation.observer_id == observer.id)) is not None:
        raise ServiceError(_("You have already observed this delivery."))
    try:
        result = rules.score_observation(the_rubric, scores)
    except rules.Refusal as refusal:
        raise ServiceError(_("Score every criterion from %(low)d to %(high)d.",
                             low=the_rubric.scale_min, high=the_rubric.scale_max),
                           f"score-{refusal.field}") from None
    clean_comments = {c.id: _clean_text(comments.get(c.id, ""), f"comment-{c.id}", rules.COMMENT_MAX)
                      for c in the_rubric.criteria}
    observation = DeliveryObservation(
        delivery_id=delivery.id, observer_id=observer.id, rubric_id=the_rubric.id,
        rubric_version=the_rubric.version,
        criteria=[{"id": c.id, "label": c.label, "label_uk": c.label_uk} for c in the_rubric.criteria],
        scores={c.id: int(scores[c.id]) for c in the_rubric.criteria}, comments=clean_comments,
        total=result.total, criteria_count=result.count, pass_mark=rules.fmt(the_rubric.pass_mark, 2),
        passed=result.passed, observed_at=utcnow())
    db.add(observation)
    audit(db, observer.id, "practice.observe", f"user:{delivery.trainee_id}", delivery=delivery.id,
          total=result.total, passed=result.passed)
    db.flush()
    return observation


def reflect(db: Session, delivery: PracticeDelivery, user: User, text: str) -> None:
    if user.id != delivery.trainee_id:
        raise ServiceError(_("Only the trainee writes the reflection."))
    delivery.reflection = _clean_text(text, "reflection", rules.REFLECTION_MAX, required=True)
    delivery.reflection_at = utcnow()
    db.flush()


# --- the pre/post test -----------------------------------------------------------------------------

def session_span(db: Session, cohort: Cohort) -> tuple[datetime | None, datetime | None]:
    """The start of the cohort's first session and the end of its last (cancelled ones aside)."""
    first, last = db.execute(select(func.min(TrainingSession.start), func.max(TrainingSession.end))
                             .where(TrainingSession.cohort_id == cohort.id,
                                    TrainingSession.status != "cancelled")).one()
    return first, last  # min/max keep the column's type: aware UTC datetimes


def prepost_attempt(db: Session, cohort: Cohort, user: User, phase: str) -> PrePostAttempt | None:
    return db.scalar(select(PrePostAttempt).where(PrePostAttempt.cohort_id == cohort.id,
                                                  PrePostAttempt.user_id == user.id,
                                                  PrePostAttempt.phase == phase))


def prepost_is_open(db: Session, cohort: Cohort, phase: str, now: datetime | None = None) -> bool:
    first, last = session_span(db, cohort)
    return rules.prepost_open(phase, first, last, now or utcnow())


def submit_prepost(db: Session, cohort: Cohort, user: User, phase: str, test: rules.KnowledgeTest,
                   lang: str, answers: Mapping[int, list[int]],
                   now: datetime | None = None) -> PrePostAttempt:
    if phase not in rules.PHASES:
        raise ServiceError(_("No such test."))
    if not is_learner(db, user, cohort):
        raise ServiceError(_("Only participants of the cohort take its test."))
    if prepost_attempt(db, cohort, user, phase) is not None:
        raise ServiceError(_("You have already taken this test."))
    if not prepost_is_open(db, cohort, phase, now):
        raise ServiceError(_("This test is not open now."))
    questions = rules.paper(test, lang)
    result = scoring.score(questions, answers, 0)
    attempt = PrePostAttempt(
        cohort_id=cohort.id, user_id=user.id, phase=phase, test_id=test.id,
        test_version=rules.test_version(test), lang="uk" if lang == "uk" else "en",
        questions=questions, answers={str(r.index): list(r.chosen) for r in result.questions},
        correct=result.correct, total=result.total, score=result.score, submitted_at=now or utcnow())
    db.add(attempt)
    db.flush()
    return attempt


@dataclass
class GainRow:
    user: User
    pre: int | None
    post: int | None
    gain: int | None


def learning_gains(db: Session, cohort: Cohort) -> tuple[rules.GainSummary, list[GainRow]]:
    people = learners(db, cohort)
    scores: dict[str, dict[int, int]] = {"pre": {}, "post": {}}
    for user_id, phase, score in db.execute(
            select(PrePostAttempt.user_id, PrePostAttempt.phase, PrePostAttempt.score)
            .where(PrePostAttempt.cohort_id == cohort.id)):
        scores[phase][user_id] = score
    summary = rules.learning_gain([p.id for p in people], scores["pre"], scores["post"])
    users = {p.id: p for p in people}
    return summary, [GainRow(users[g.user_id], g.pre, g.post, g.gain) for g in summary.people]


# --- session feedback ---------------------------------------------------------------------------------

def feedback_is_open(session: TrainingSession, now: datetime | None = None) -> bool:
    return rules.feedback_open(session.start, session.end, session.status, now or utcnow())


def has_answered(db: Session, session: TrainingSession, user: User) -> bool:
    return db.get(SessionFeedbackReceipt, (session.id, user.id)) is not None


def submit_feedback(db: Session, session: TrainingSession, user: User, values: Mapping[str, Any],
                    now: datetime | None = None) -> None:
    """Stores the answer without the user, and separately that the user has answered."""
    if not is_learner(db, user, session.cohort):
        raise ServiceError(_("Only participants of the cohort give feedback on its sessions."))
    if not feedback_is_open(session, now):
        raise ServiceError(_("Feedback on this session is not open."))
    if has_answered(db, session, user):
        raise ServiceError(_("You have already given feedback on this session. Thank you!"))
    try:
        clean = rules.validate_feedback(values)
    except rules.Refusal as refusal:
        if refusal.code == "too_long":
            raise ServiceError(_("Use at most %(n)d plain characters.", n=rules.IMPROVE_MAX),
                               "improve") from None
        raise ServiceError(_("Choose a value from 1 to 5."), refusal.field) from None
    improve = _clean_text(clean["improve"], "improve", rules.IMPROVE_MAX)
    db.add(SessionFeedbackReceipt(session_id=session.id, user_id=user.id))
    try:
        db.flush()
    except IntegrityError:  # answered at the same moment in another tab
        db.rollback()
        raise ServiceError(_("You have already given feedback on this session. Thank you!")) from None
    db.add(SessionFeedback(session_id=session.id, usefulness=clean["usefulness"],
                           pace=clean["pace"], trainer=clean["trainer"], improve=improve))
    db.flush()


def _min_responses() -> int:
    return int(current_app.config.get("FEEDBACK_MIN_RESPONSES", rules.MIN_FEEDBACK_RESPONSES))


def feedback_summary(db: Session, session_ids: list[int]) -> rules.FeedbackSummary:
    """Aggregates over the sessions' answers; nothing identifies who gave which."""
    rows = [{"usefulness": u, "pace": p, "trainer": t, "improve": i} for u, p, t, i in db.execute(
        select(SessionFeedback.usefulness, SessionFeedback.pace, SessionFeedback.trainer,
               SessionFeedback.improve).where(SessionFeedback.session_id.in_(session_ids or [-1])))]
    return rules.aggregate_feedback(rows, _min_responses())


def open_feedback_for(db: Session, user: User, now: datetime | None = None) -> list[TrainingSession]:
    """The sessions of the user's cohorts (as a learner) whose feedback they can still give."""
    mine = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id, Enrolment.role == "learner")
    answered = select(SessionFeedbackReceipt.session_id).where(SessionFeedbackReceipt.user_id == user.id)
    now = now or utcnow()
    sessions = db.scalars(select(TrainingSession)
                          .where(TrainingSession.cohort_id.in_(mine), TrainingSession.id.not_in(answered),
                                 TrainingSession.start <= now, TrainingSession.status != "cancelled")
                          .options(selectinload(TrainingSession.cohort))
                          .order_by(TrainingSession.start))
    return [s for s in sessions if feedback_is_open(s, now)]


# --- the cascade ------------------------------------------------------------------------------------------

@dataclass
class Reach:
    municipalities: dict[int, Municipality] = field(default_factory=dict)
    cohorts: list[Cohort] = field(default_factory=list)


def reach(db: Session, trainer_ids_: list[int] | None = None) -> dict[int, Reach]:
    """Municipalities reached by each trainer: those of the municipal (non-ToT) cohorts they led."""
    stmt = select(Cohort).where(Cohort.is_tot.is_(False)).options(selectinload(Cohort.municipalities))
    if trainer_ids_ is not None:
        stmt = stmt.where(Cohort.lead_trainer_id.in_(trainer_ids_ or [-1]))
    result: dict[int, Reach] = defaultdict(Reach)
    for cohort in db.scalars(stmt.order_by(Cohort.created_at)):
        entry = result[cohort.lead_trainer_id]
        entry.cohorts.append(cohort)
        for municipality in cohort.municipalities:
            entry.municipalities[municipality.id] = municipality
    return result


def last_deliveries(db: Session, now: datetime | None = None,
                    trainer_ids_: list[int] | None = None) -> dict[int, datetime]:
    """The end of each trainer's latest session in a municipal cohort that has taken place
    (not cancelled, ended by now): as one of its trainers, or as the cohort's lead."""
    now = now or utcnow()
    past = and_(TrainingSession.status != "cancelled", TrainingSession.end <= now,
                Cohort.is_tot.is_(False))
    by_trainer = (select(SessionTrainer.user_id, func.max(TrainingSession.end))
                  .join(TrainingSession, TrainingSession.id == SessionTrainer.session_id)
                  .join(Cohort, Cohort.id == TrainingSession.cohort_id).where(past)
                  .group_by(SessionTrainer.user_id))
    by_lead = (select(Cohort.lead_trainer_id, func.max(TrainingSession.end))
               .join(TrainingSession, TrainingSession.cohort_id == Cohort.id).where(past)
               .group_by(Cohort.lead_trainer_id))
    if trainer_ids_ is not None:
        by_trainer = by_trainer.where(SessionTrainer.user_id.in_(trainer_ids_ or [-1]))
        by_lead = by_lead.where(Cohort.lead_trainer_id.in_(trainer_ids_ or [-1]))
    latest: dict[int, datetime] = {}
    for stmt in (by_trainer, by_lead):
        for user_id, end in db.execute(stmt):  # max() keeps the column's type: aware UTC
            if end is not None and (user_id not in latest or end > latest[user_id]):
                latest[user_id] = end
    return latest


def trained_by(db: Session, cohort_ids: set[int]) -> dict[int, list[User]]:
    """The trainers (lead first, then co-trainers) of each ToT cohort."""
    result: dict[int, list[User]] = {}
    for cohort in db.scalars(select(Cohort).where(Cohort.id.in_(cohort_ids or {-1}))):
        ids = trainer_ids(db, cohort)
        people = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))}
        ordered = [people[cohort.lead_trainer_id]] if cohort.lead_trainer_id in people else []
        ordered += sorted((u for i, u in people.items() if i != cohort.lead_trainer_id),
                          key=lambda u: u.name)
        result[cohort.id] = ordered
    return result


@dataclass
class TrainerRow:
    user: User
    certification: TrainerCertification | None
    trainers: list[User]                 # who trained them (their ToT cohort's trainers)
    reach: Reach
    last_delivery: datetime | None
    delivering: bool


@dataclass
class OblastRow:
    oblast: str
    oblast_en: str
    trainers: int
    municipalities: int


@dataclass
class Cascade:
    trainers: list[TrainerRow]
    oblasts: list[OblastRow]
    inactive: list[TrainerRow]
    tree: list[tuple[User, list[TrainerRow]]]   # ToT trainer -> the trainers they certified


def cascade(db: Session, now: datetime | None = None) -> Cascade:
    """The AUC overview: certified trainers and anyone who led a municipal cohort."""
    now = now or utcnow()
    certifications = {c.user_id: c for c in db.scalars(
        select(TrainerCertification).where(TrainerCertification.revoked_at.is_(None))
        .options(selectinload(TrainerCertification.user)))}
    reached = reach(db)
    ids = set(certifications) | set(reached)
    users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids or {-1})))}
    latest = last_deliveries(db, now)
    teachers = trained_by(db, {c.cohort_id for c in certifications.values() if c.cohort_id})
    rows = []
    for user_id in ids:
        certification = certifications.get(user_id)
        last = latest.get(user_id)
        rows.append(TrainerRow(
            users[user_id], certification,
            teachers.get(certification.cohort_id, []) if certification and certification.cohort_id else [],
            reached.get(user_id, Reach()), last, rules.delivering(last, now)))
    rows.sort(key=lambda r: (r.user.name.casefold(), r.user.id))
    oblast_trainers: dict[str, set[int]] = defaultdict(set)
    oblast_places: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in rows:
        for municipality in row.reach.municipalities.values():
            oblast_trainers[municipality.oblast].add(row.user.id)
            oblast_places[municipality.oblast].add(municipality.id)
            names[municipality.oblast] = municipality.oblast_en or municipality.oblast
    oblasts = [OblastRow(o, names[o], len(oblast_trainers[o]), len(oblast_places[o]))
               for o in sorted(oblast_trainers)]
    by_teacher: dict[int, list[TrainerRow]] = defaultdict(list)
    teacher_users: dict[int, User] = {}
    for row in rows:
        for teacher in row.trainers:
            by_teacher[teacher.id].append(row)
            teacher_users[teacher.id] = teacher
    tree = sorted(((teacher_users[t], trainees) for t, trainees in by_teacher.items()),
                  key=lambda item: item[0].name.casefold())
    inactive = [r for r in rows if r.certification is not None and not r.delivering]
    return Cascade(rows, oblasts, inactive, tree)


@dataclass
class TrainerPage:
    user: User
    certification: TrainerCertification | None
    trainers: list[User]
    tot_cohort: Cohort | None
    trainees: list[TrainerRow]
    reach: Reach
    last_delivery: datetime | None
    delivering: bool


def trainer_page(db: Session, user: User, now: datetime | None = None) -> TrainerPage:
    now = now or utcnow()
    certification = db.scalar(select(TrainerCertification)
                              .where(TrainerCertification.user_id == user.id))
    cohort = db.get(Cohort, certification.cohort_id) if certification and certification.cohort_id else None
    teachers = trained_by(db, {cohort.id}).get(cohort.id, []) if cohort else []
    taught = select(Cohort.id).where(Cohort.is_tot.is_(True), or_(
        Cohort.lead_trainer_id == user.id,
        Cohort.id.in_(select(Enrolment.cohort_id).where(Enrolment.user_id == user.id,
                                                        Enrolment.role == "trainer"))))
    certified = list(db.scalars(select(TrainerCertification)
                                .where(TrainerCertification.cohort_id.in_(taught))
                                .options(selectinload(TrainerCertification.user))))
    ids = [c.user_id for c in certified]
    reached = reach(db, ids + [user.id])
    latest = last_deliveries(db, now, ids + [user.id])
    trainees = sorted((TrainerRow(c.user, c, [user], reached.get(c.user_id, Reach()),
                                  latest.get(c.user_id), rules.delivering(latest.get(c.user_id), now))
                       for c in certified), key=lambda r: r.user.name.casefold())
    last = latest.get(user.id)
    return TrainerPage(user, certification, teachers, cohort, trainees,
                       reached.get(user.id, Reach()), last, rules.delivering(last, now))


# --- the cohort report --------------------------------------------------------------------------------------

@dataclass
class SessionRow:
    session: TrainingSession
    present: int
    counted: bool              # cancelled sessions are listed but not counted
    rate: Any                  # Fraction | None
    feedback: rules.FeedbackSummary


@dataclass
class CohortReport:
    cohort: Cohort
    learners: int
    sessions: list[SessionRow]
    attendance_rate: Any        # Fraction | None, over the sessions that were not cancelled
    modules: list[tuple[str, int]]   # module id -> participants who completed it
    completed_all: int
    gains: rules.GainSummary
    gain_rows: list[GainRow]
    feedback: rules.FeedbackSummary
    trainees_certified: int | None   # ToT cohorts only


def cohort_report(db: Session, cohort: Cohort, library: Library) -> CohortReport:
    from app.orientation.services import rule_for

    people = learners(db, cohort)
    ids = [p.id for p in people]
    sessions = list(db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort.id)
                               .order_by(TrainingSession.start)))
    present: dict[int, int] = dict(db.execute(
        select(Attendance.session_id, func.count())
        .where(Attendance.session_id.in_([s.id for s in sessions] or [-1]),
               Attendance.user_id.in_(ids or [-1]), Attendance.status.in_(("present", "late")))
        .group_by(Attendance.session_id)).all())
    rows = []
    for session in sessions:
        counted = session.status != "cancelled"
        here = present.get(session.id, 0)
        rows.append(SessionRow(session, here, counted, rules.percent(here, len(ids)) if counted else None,
                               feedback_summary(db, [session.id])))
    counted = [r for r in rows if r.counted]
    overall = rules.percent(sum(r.present for r in counted), len(ids) * len(counted))
    rule = rule_for(library, cohort.plan_id, cohort)
    done: dict[int, set[str]] = defaultdict(set)
    for user_id, module_id in db.execute(
            select(ModuleCompletion.user_id, ModuleCompletion.module_id)
            .where(ModuleCompletion.user_id.in_(ids or [-1]), ModuleCompletion.revoked_at.is_(None))):
        done[user_id].add(module_id)
    modules = [(m, sum(m in done[u] for u in ids)) for m in rule.modules]
    completed_all = sum(bool(rule.modules) and set(rule.modules) <= done[u] for u in ids)
    gains, gain_rows = learning_gains(db, cohort)
    certified = None
    if cohort.is_tot:
        certified = db.scalar(select(func.count()).select_from(TrainerCertification).where(
            TrainerCertification.user_id.in_(ids or [-1]), TrainerCertification.revoked_at.is_(None))) or 0
    return CohortReport(cohort, len(ids), rows, overall, modules, completed_all, gains, gain_rows,
                        feedback_summary(db, [s.id for s in sessions]), certified)

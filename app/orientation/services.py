"""Recording completions from what happened, and the AUC dashboard's figures."""

from __future__ import annotations

import copy
import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Library
from app.db import utcnow
from app.errors import ServiceError
from app.exercises.models import ExerciseWork
from app.orientation import rules
from app.orientation.models import ApiToken, Certificate, ModuleCompletion, OrientationCompletion
from app.orientation.stamp import raised_here, read_stamp
from app.quizzes.services import best_scores
from app.registry.models import Municipality
from app.scheduling.models import Attendance, Cohort, Enrolment, TrainingSession
from app.text import search_key, uk_sort_key

ATTENDANCE_RANK = {"present": 4, "late": 3, "excused": 2, "absent": 1}
DEFAULT_PLAN = "tot-two-day"


def rule_for(library: Library, plan_id: str, cohort: Cohort | None = None) -> rules.Rule:
    plan = library.plan(plan_id or DEFAULT_PLAN)
    if plan is None and cohort is not None:
        modules = tuple(sorted({s.module_id for s in cohort.sessions}))
        return rules.Rule(plan_id="", version=1, modules=modules)
    plan = plan or library.plan(DEFAULT_PLAN)
    return rules.rule_from_plan(plan.id, plan.module_ids, plan.completion)


# --- facts ------------------------------------------------------------------------------------

def _quiz_best(db: Session, user_ids: list[int], module_ids: list[str]) -> dict[tuple[int, str], int]:
    return best_scores(db, user_ids, module_ids)


def cohort_facts(db: Session, cohort: Cohort, rule: rules.Rule) -> dict[int, rules.ParticipantFacts]:
    """Everything the rule needs for every participant of the cohort, in four queries."""
    learners = list(db.execute(select(User.id, User.stakeholder_type, User.municipality_id)
                               .join(Enrolment, Enrolment.user_id == User.id)
                               .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    user_ids = [u.id for u in learners]
    attendance: dict[int, dict[str, str]] = {u: {} for u in user_ids}
    for user_id, module_id, status in db.execute(
            select(Attendance.user_id, TrainingSession.module_id, Attendance.status)
            .join(TrainingSession, TrainingSession.id == Attendance.session_id)
            .where(TrainingSession.cohort_id == cohort.id, TrainingSession.status != "cancelled")):
        current = attendance.setdefault(user_id, {}).get(module_id)
        if ATTENDANCE_RANK.get(status, 0) > ATTENDANCE_RANK.get(current, 0):
            attendance[user_id][module_id] = status
    by_user: dict[int, set[str]] = {u: set() for u in user_ids}
    by_team: dict[int, set[str]] = {}
    for exercise_id, owner_id, municipality_id in db.execute(
            select(ExerciseWork.exercise_id, ExerciseWork.owner_id, ExerciseWork.municipality_id)
            .where(ExerciseWork.cohort_id == cohort.id,
                   ExerciseWork.status.in_(("submitted", "accepted")))):
        if owner_id is not None:
            by_user.setdefault(owner_id, set()).add(exercise_id)
        elif municipality_id is not None:
            by_team.setdefault(municipality_id, set()).add(exercise_id)
    quiz = _quiz_best(db, user_ids, list(rule.modules)) if rule.quiz_pass_mark else {}
    return {
        u.id: rules.ParticipantFacts(
            u.id, u.stakeholder_type, attendance.get(u.id, {}),
            frozenset(by_user.get(u.id, set()) | by_team.get(u.municipality_id, set())),
            {m: score for (uid, m), score in quiz.items() if uid == u.id})
        for u in learners
    }


# --- recording ---------------------------------------------------------------------------------

@dataclass
class Evaluation:
    module_completions: list[ModuleCompletion] = field(default_factory=list)
    orientations: list[OrientationCompletion] = field(default_factory=list)


def evaluate_cohort(db: Session, cohort: Cohort, library: Library,
                    actor_id: int | None = None) -> Evaluation:
    """Records what is newly met. Existing rows (also revoked ones) are never rewritten."""
    rule = rule_for(library, cohort.plan_id, cohort)
    facts = cohort_facts(db, cohort, rule)
    result = Evaluation()
    if not facts:
        return result
    recorded = {(u, m) for u, m in db.execute(
        select(ModuleCompletion.user_id, ModuleCompletion.module_id)
        .where(ModuleCompletion.user_id.in_(facts)))}
    now = utcnow()
    for user_id, participant in facts.items():
        for module_id, status in rules.participant_status(rule, participant).items():
            if status.complete and (user_id, module_id) not in recorded:
                completion = ModuleCompletion(
                    user_id=user_id, module_id=module_id, cohort_id=cohort.id, completed_at=now,
                    plan_id=rule.plan_id, rule_version=rule.version,
                    evidence={**status.evidence, "cohort": cohort.id}, recorded_by_id=actor_id)
                db.add(completion)
                result.module_completions.append(completion)
                audit(db, actor_id, "completion.module", f"user:{user_id}", module=module_id,
                      cohort=cohort.id, rule_version=rule.version)
    db.flush()
    _issue_personal_certificates(db, result.module_completions, rule)
    municipality_ids = set(db.scalars(select(User.municipality_id).where(
        User.id.in_(facts), User.municipality_id.is_not(None))))
    result.orientations = _record_orientations(db, municipality_ids, rule, cohort, actor_id, now)
    for orientation in result.orientations:
        issue_certificate(db, "municipality", municipality_id=orientation.municipality_id,
                          plan_id=rule.plan_id)
    return result


def _issue_personal_certificates(db: Session, new: list[ModuleCompletion], rule: rules.Rule) -> None:
    """A certificate per module completed, and one for the programme once all are."""
    for completion in new:
        issue_certificate(db, "module", user_id=completion.user_id, module_id=completion.module_id)
    for user_id in {c.user_id for c in new}:
        done = set(db.scalars(select(ModuleCompletion.module_id).where(
            ModuleCompletion.user_id == user_id, ModuleCompletion.revoked_at.is_(None))))
        if set(rule.modules) <= done:
            issue_certificate(db, "programme", user_id=user_id, plan_id=rule.plan_id)


def completed_modules(db: Session, municipality_ids: set[int]) -> dict[int, list[tuple[int, str | None, set[str]]]]:
    """For each municipality: (user, stakeholder type, modules completed and not revoked)."""
    people: dict[int, dict[int, tuple[str | None, set[str]]]] = {}
    rows = db.execute(select(User.municipality_id, User.id, User.stakeholder_type,
                             ModuleCompletion.module_id)
                      .outerjoin(ModuleCompletion, and_(ModuleCompletion.user_id == User.id,
                                                        ModuleCompletion.revoked_at.is_(None)))
                      .where(User.municipality_id.in_(municipality_ids), User.role == "participant"))
    for municipality_id, user_id, kind, module_id in rows:
        entry = people.setdefault(municipality_id, {}).setdefault(user_id, (kind, set()))
        if module_id:
            entry[1].add(module_id)
    return {m: [(u, kind, mods) for u, (kind, mods) in users.items()] for m, users in people.items()}


def _record_orientations(db: Session, municipality_ids: set[int], rule: rules.Rule, cohort: Cohort,
                         actor_id: int | None, now: datetime) -> list[OrientationCompletion]:
    if not municipality_ids:
        return []
    done = set(db.scalars(select(OrientationCompletion.municipality_id)
                          .where(OrientationCompletion.municipality_id.in_(municipality_ids))))
    recorded = []
    for municipality_id, people in completed_modules(db, municipality_ids - done).items():
        status = rules.municipality_status(rule, people)
        if not status.complete:
            continue
        completion = OrientationCompletion(
            municipality_id=municipality_id, cohort_id=cohort.id, completed_at=now,
            plan_id=rule.plan_id, rule_version=rule.version,
            evidence={"government": list(status.government),
                      "non_government": list(status.non_government),
                      "modules": list(rule.modules), "cohort": cohort.id})
        db.add(completion)
        recorded.append(completion)
        audit(db, actor_id, "completion.orientation", f"municipality:{municipality_id}",
              cohort=cohort.id, rule_version=rule.version)
    db.flush()
    return recorded


def revoke_module(db: Session, completion: ModuleCompletion, admin: User, reason: str) -> None:
    _revoke(db, completion, admin, reason, f"user:{completion.user_id}", "completion.module_revoke",
            module=completion.module_id)


def revoke_orientation(db: Session, completion: OrientationCompletion, admin: User, reason: str) -> None:
    """Revokes the hromada's orientation completion and the certificates issued for it."""
    _revoke(db, completion, admin, reason, f"municipality:{completion.municipality_id}",
            "completion.orientation_revoke")
    for certificate in db.scalars(select(Certificate).where(
            Certificate.kind == "municipality",
            Certificate.municipality_id == completion.municipality_id)):
        certificate.revoked = True
    db.flush()


def _revoke(db: Session, row, admin: User, reason: str, target: str, action: str, **details) -> None:
    if admin.role != "admin":
        raise ServiceError(_("Only an administrator can revoke a completion."))
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 1000:
        raise ServiceError(_("Give a reason (up to 1,000 characters)."), "reason")
    if row.revoked_at is not None:
        raise ServiceError(_("This completion is already revoked."))
    row.revoked_at, row.revoked_by_id, row.revoke_reason = utcnow(), admin.id, reason
    audit(db, admin.id, action, target, reason=reason, **details)
    db.flush()


# --- the dashboard --------------------------------------------------------------------------------

STATUSES = ("not_enrolled", "enrolled", "in_progress", "completed")


def _status_expression():
    """A municipality's status as SQL, so lists can be filtered and counted in the database."""
    completed = exists().where(OrientationCompletion.municipality_id == Municipality.id,
                               OrientationCompletion.revoked_at.is_(None))
    enrolled = exists().where(User.municipality_id == Municipality.id, User.role == "participant",
                              exists().where(Enrolment.user_id == User.id,
                                             Enrolment.role == "learner"))
    progressing = exists().where(User.municipality_id == Municipality.id,
                                 exists().where(ModuleCompletion.user_id == User.id,
                                                ModuleCompletion.revoked_at.is_(None)))
    return case((completed, "completed"), (progressing, "in_progress"), (enrolled, "enrolled"),
                else_="not_enrolled")


def municipality_rows(q: str = "", oblast: str = "", type_: str = "", status: str = "",
                      raion: str = "") -> Select:
    """(Municipality, status) rows, filtered; one query (plus one to count for paging)."""
    status_column = _status_expression().label("status")
    stmt = select(Municipality, status_column)
    if q:
        stmt = stmt.where(or_(Municipality.search_text.contains(search_key(q), autoescape=True),
                              Municipality.code == q.strip().upper()))
    if oblast:
        stmt = stmt.where(or_(Municipality.oblast == oblast, Municipality.oblast_en == oblast))
    if raion:
        stmt = stmt.where(Municipality.raion == raion)
    if type_:
        stmt = stmt.where(Municipality.type == type_)
    if status in STATUSES:
        stmt = stmt.where(_status_expression() == status)
    return stmt.order_by(Municipality.oblast, Municipality.name_uk)


@dataclass
class Summary:
    total: int
    by_status: dict[str, int]
    by_oblast: list[dict[str, Any]]
    by_type: list[dict[str, Any]]
    funnel: list[tuple[str, int]]
    learners: int


_kept: dict[tuple[str, tuple[str, ...]], tuple[int, Summary]] = {}


def summary(db: Session, module_ids: tuple[str, ...]) -> Summary:
    """Every figure of the dashboard: counted (four queries) once per dashboard stamp and kept
    in this process; while nothing changes, a view costs one small query however many
    records there are, and any change (app/orientation/stamp.py) shows at the next view."""
    current = read_stamp(db)
    if current is None or raised_here(db):
        return count_summary(db, module_ids)
    token, generation = current  # read before counting: figures are never older than it
    key = (token, tuple(module_ids))
    kept = _kept.get(key)
    if kept is None or kept[0] != generation:
        if len(_kept) > 32:  # one entry per database and plan; tests make many databases
            _kept.clear()
        kept = _kept[key] = (generation, count_summary(db, module_ids))
    return copy.deepcopy(kept[1])  # the caller may change its copy


def count_summary(db: Session, module_ids: tuple[str, ...]) -> Summary:
    """Every figure of the dashboard in four queries, whatever the number of records."""
    status = _status_expression().label("status")
    counts = select(Municipality.oblast, Municipality.oblast_en, Municipality.type, status).subquery()
    rows = db.execute(select(counts.c.oblast, func.max(counts.c.oblast_en), counts.c.type,
                             counts.c.status, func.count())
                      .group_by(counts.c.oblast, counts.c.type, counts.c.status)).all()
    by_status = {s: 0 for s in STATUSES}
    oblasts: dict[str, dict[str, Any]] = {}
    types: dict[str, dict[str, Any]] = {}
    for oblast, oblast_en, type_, state, count in rows:
        by_status[state] += count
        entry = oblasts.setdefault(oblast, {"oblast": oblast, "oblast_en": oblast_en or oblast,
                                            "total": 0, **{s: 0 for s in STATUSES}})
        entry["total"] += count
        entry[state] += count
        kind = types.setdefault(type_, {"type": type_, "total": 0, **{s: 0 for s in STATUSES}})
        kind["total"] += count
        kind[state] += count
    # one row per user and module (unique constraint), so a plain count is a count of people
    done = dict(db.execute(select(ModuleCompletion.module_id, func.count())
                           .where(ModuleCompletion.revoked_at.is_(None))
                           .group_by(ModuleCompletion.module_id)).all())
    learners = db.scalar(select(func.count(distinct(Enrolment.user_id)))
                         .where(Enrolment.role == "learner")) or 0
    return Summary(sum(by_status.values()), by_status,
                   sorted(oblasts.values(), key=lambda o: uk_sort_key(o["oblast"])),
                   sorted(types.values(), key=lambda t: t["type"]),
                   [(m, done.get(m, 0)) for m in module_ids], learners)


@dataclass
class Missing:
    municipality: Municipality
    status: rules.MunicipalityStatus
    people: list[tuple[Any, list[str]]]  # participants shown (id, name, stakeholder_type) and
    #                                       the modules they still miss
    gaps: rules.Gaps = field(default_factory=lambda: rules.Gaps((), (), ()))
    state: str = ""                       # not_enrolled, enrolled, in_progress, completed
    people_total: int = 0                 # participants of the hromada (people shows a few)
    kept: dict = field(default_factory=dict)  # what a page made of `people`, while it holds


def submitted_exercises(db: Session, ids: set[int],
                        only: tuple[str, ...] | None = None) -> dict[int, set[str]]:
    """Exercise ids each hromada submitted, as a team or through one of its people (of
    `only`, when given: the exercises a rule requires, all the gaps read)."""
    out: dict[int, set[str]] = {i: set() for i in ids}
    if not ids or only == ():
        return out
    done = ExerciseWork.status.in_(("submitted", "accepted"))
    if only is not None:
        done = and_(done, ExerciseWork.exercise_id.in_(only))
    for exercise_id, municipality_id in db.execute(
            select(ExerciseWork.exercise_id, ExerciseWork.municipality_id)
            .where(done, ExerciseWork.municipality_id.in_(ids))):
        out[municipality_id].add(exercise_id)
    for exercise_id, municipality_id in db.execute(
            select(ExerciseWork.exercise_id, User.municipality_id).distinct()
            .join(User, User.id == ExerciseWork.owner_id)
            .where(done, User.municipality_id.in_(ids))):
        out[municipality_id].add(exercise_id)
    return out


PEOPLE_SHOWN = 12  # per hromada on the missing page: those who still miss the most


def what_is_missing(db: Session, municipalities: list[Municipality], rule: rules.Rule,
                    states: dict[int, str] | None = None,
                    people_limit: int | None = PEOPLE_SHOWN) -> list[Missing]:
    """For a page of municipalities: who still misses which modules, and what the hromada
    still needs (modules, sectors, exercises), in four queries. Of each hromada's people only
    `people_limit` are named (those who still miss the most; None: all, 0: none), and only
    their id, name and sector are loaded: the page does not grow with people per hromada."""
    ids = {m.id for m in municipalities}
    required = tuple(dict.fromkeys(e for m in rule.modules for e in rule.required_exercises.get(m, ())))
    submitted = submitted_exercises(db, ids, required)
    if people_limit is None:
        people = completed_modules(db, ids)
        derived = _named(db, _derive(rule, people, {m: len(e) for m, e in people.items()},
                                     ids, None))
    else:
        derived = _kept_derived(db, ids, rule, people_limit)
    result = []
    for municipality in municipalities:
        d = derived[municipality.id]
        detail = list(d.detail)
        gaps = d.gaps
        if not d.status.complete:  # what hromada_gaps gives with the works submitted now
            done = submitted.get(municipality.id, set())
            gaps = rules.Gaps(gaps.modules, gaps.sectors, tuple(e for e in required if e not in done))
        result.append(Missing(municipality, d.status, detail, gaps,
                              (states or {}).get(municipality.id, ""), d.total, d.kept))
    return result


@dataclass(frozen=True)
class _Derived:
    """What a hromada's people give on the missing list, apart from names and exercises."""

    status: rules.MunicipalityStatus
    gaps: rules.Gaps                      # exercises left out: the page reads them fresh
    shown: list[tuple[int, list[str]]]    # (user id, modules still missing) of those named
    total: int                            # participants of the hromada
    detail: tuple = ()                    # ((id, name, sector), modules missing) by name
    kept: dict = field(default_factory=dict, compare=False)  # the page's rendering of detail


def _named(db: Session, derived: dict[int, _Derived]) -> dict[int, _Derived]:
    """`derived` with the names and sectors of the people it names (one query)."""
    wanted = [uid for d in derived.values() for uid, _missing in d.shown]
    users = {u.id: u for u in db.execute(
        select(User.id, User.name, User.stakeholder_type).where(User.id.in_(wanted)))} \
        if wanted else {}
    out = {}
    for municipality_id, d in derived.items():
        detail = [(users[uid], missing) for uid, missing in d.shown if uid in users]
        detail.sort(key=lambda pair: _name_key(pair[0].name))
        out[municipality_id] = replace(d, detail=tuple(detail))
    return out


def _derive(rule: rules.Rule, people: dict[int, list[tuple[int, str | None, set[str]]]],
            totals: dict[int, int], ids: set[int], limit: int | None) -> dict[int, _Derived]:
    every = set(e for m in rule.modules for e in rule.required_exercises.get(m, ()))
    out = {}
    for municipality_id in ids:
        entries = people.get(municipality_id, [])
        rows = [(uid, [m for m in rule.modules if m not in modules]) for uid, _k, modules in entries]
        if limit is not None:
            rows = sorted(rows, key=lambda r: (-len(r[1]), r[0]))[:limit]
        out[municipality_id] = _Derived(rules.municipality_status(rule, entries),
                                        rules.hromada_gaps(rule, entries, every), rows,
                                        totals.get(municipality_id, 0))
    return out


_people_kept: dict[tuple, tuple[int, dict[int, _Derived]]] = {}


def _kept_derived(db: Session, ids: set[int], rule: rules.Rule, shown: int) -> dict[int, _Derived]:
    """_nearest_people and what follows from them (status, gaps, who is named), kept per
    hromada under the dashboard stamp (completions, enrolments and people's hromada, role,
    sector and name raise it): a page of the missing list reads the people of the hromadas nobody
    looked at since the last change, and no others."""
    current = read_stamp(db)
    if current is None or raised_here(db):
        return _named(db, _derive(rule, *_nearest_people(db, ids, rule, shown), ids, shown))
    key = (current[0], rule.plan_id, rule.version, rule.modules, rule.government_min,
           rule.non_government_min, shown)
    kept = _people_kept.get(key)
    if kept is None or kept[0] != current[1]:
        if len(_people_kept) > 16:
            _people_kept.clear()
        kept = _people_kept[key] = (current[1], {})
    store = kept[1]
    need = ids - store.keys()
    if need:
        store.update(_named(db, _derive(rule, *_nearest_people(db, need, rule, shown), need,
                                        shown)))
    return {m: store[m] for m in ids}


def _nearest_people(db: Session, ids: set[int], rule: rules.Rule, shown: int
                    ) -> tuple[dict[int, list[tuple[int, str | None, set[str]]]], dict[int, int]]:
    """What the rule and the page need of each hromada's people, bounded whatever their
    number: per sector the `k` people with the most of the rule's modules (k = the most the
    rule asks of a sector: the status and the gaps read no one else), plus the `shown` who
    still miss the most, with their modules; and the number of participants per hromada.
    The database ranks them (window functions); Python sees at most 2k + shown per hromada."""
    if not ids:
        return {}, {}
    k = max(rule.government_min, rule.non_government_min, 1)
    counts = (select(User.id.label("uid"), User.municipality_id.label("mid"),
                     User.stakeholder_type.label("kind"), func.count(ModuleCompletion.id).label("n"))
              .outerjoin(ModuleCompletion, and_(ModuleCompletion.user_id == User.id,
                                                ModuleCompletion.revoked_at.is_(None),
                                                ModuleCompletion.module_id.in_(rule.modules)))
              .where(User.municipality_id.in_(ids), User.role == "participant")
              .group_by(User.id, User.municipality_id, User.stakeholder_type)).subquery()
    sector = case((counts.c.kind == rules.GOVERNMENT, "government"),
                  (and_(counts.c.kind.is_not(None), counts.c.kind != ""), "non_government"),
                  else_="none")
    ranked = select(counts.c.uid, counts.c.mid, counts.c.kind, sector.label("sector"),
                    func.row_number().over(partition_by=(counts.c.mid, sector),
                                           order_by=(counts.c.n.desc(), counts.c.uid)).label("best"),
                    func.row_number().over(partition_by=counts.c.mid,
                                           order_by=(counts.c.n, counts.c.uid)).label("worst"),
                    func.count().over(partition_by=counts.c.mid).label("total")).subquery()
    rows = db.execute(select(ranked).where(or_(
        and_(ranked.c.best <= k, ranked.c.sector != "none"), ranked.c.worst <= shown))).all()
    modules: dict[int, set[str]] = {r.uid: set() for r in rows}
    if modules:
        for user_id, module_id in db.execute(
                select(ModuleCompletion.user_id, ModuleCompletion.module_id)
                .where(ModuleCompletion.user_id.in_(list(modules)),
                       ModuleCompletion.revoked_at.is_(None))):
            modules[user_id].add(module_id)
    people: dict[int, list[tuple[int, str | None, set[str]]]] = {}
    totals: dict[int, int] = {}
    for row in rows:
        people.setdefault(row.mid, []).append((row.uid, row.kind, modules[row.uid]))
        totals[row.mid] = row.total
    return people, totals


_raions_kept: dict[tuple[str, str], tuple[int, list[str]]] = {}


def raions(db: Session, oblast: str = "") -> list[str]:
    """Raion names (of one oblast, when named) in Ukrainian alphabetical order; kept per
    dashboard stamp (a hromada's oblast or raion raises it)."""
    current = read_stamp(db)
    keep = current is not None and not raised_here(db)
    if keep:
        kept = _raions_kept.get((current[0], oblast))
        if kept is not None and kept[0] == current[1]:
            return list(kept[1])
    stmt = select(Municipality.raion).where(Municipality.raion != "").distinct()
    if oblast:
        stmt = stmt.where(or_(Municipality.oblast == oblast, Municipality.oblast_en == oblast))
    names = sorted(db.scalars(stmt), key=_name_key)
    if keep:
        if len(_raions_kept) > 64:
            _raions_kept.clear()
        _raions_kept[current[0], oblast] = (current[1], names)
    return list(names)


def sorted_rows(db: Session, stmt: Select) -> list[tuple[Municipality, str]]:
    """(Municipality, status) rows in Ukrainian alphabetical order of oblast, raion, name
    (databases sort by code point; the registry holds at most a few thousand rows)."""
    rows = [(m, state) for m, state, *_rest in db.execute(stmt.order_by(None))]
    rows.sort(key=lambda r: (_name_key(r[0].oblast), _name_key(r[0].raion or ""),
                             _name_key(r[0].name_uk)))
    return rows


# the registry's names come back on every list: their sort keys are worked out once
_name_key = lru_cache(maxsize=16384)(uk_sort_key)


@dataclass(frozen=True)
class Listed:
    """A hromada on the missing list: what the filters read, and its status."""

    id: int
    code: str
    oblast: str
    oblast_en: str
    raion: str
    type: str
    search_text: str
    status: str


_listed: dict[str, tuple[int, list[Listed]]] = {}


def listed_hromadas(db: Session) -> list[Listed]:
    """Every hromada with its status, in Ukrainian order of oblast, raion and name: one query
    over the registry, kept per dashboard stamp as the dashboard's figures are (a change to
    any status raises the stamp), so a page of the missing list does not count them again."""
    current = read_stamp(db)
    keep = current is not None and not raised_here(db)
    if keep:
        kept = _listed.get(current[0])
        if kept is not None and kept[0] == current[1]:
            return kept[1]
    rows = db.execute(select(Municipality.id, Municipality.code, Municipality.name_uk,
                             Municipality.oblast, Municipality.oblast_en, Municipality.raion,
                             Municipality.type, Municipality.search_text,
                             _status_expression())).all()
    rows.sort(key=lambda r: (_name_key(r.oblast), _name_key(r.raion or ""), _name_key(r.name_uk)))
    items = [Listed(r.id, r.code, r.oblast, r.oblast_en or "", r.raion or "", r.type,
                    r.search_text or "", r[-1]) for r in rows]
    if keep:
        if len(_listed) > 32:
            _listed.clear()
        _listed[current[0]] = (current[1], items)
    return items


def filter_listed(items: list[Listed], q: str = "", oblast: str = "", type_: str = "",
                  status: str = "", raion: str = "") -> list[Listed]:
    """municipality_rows' filters, on the kept list."""
    key, code = search_key(q) if q else "", q.strip().upper()
    return [h for h in items
            if (not q or key in h.search_text or h.code == code)
            and (not oblast or oblast in (h.oblast, h.oblast_en))
            and (not raion or h.raion == raion) and (not type_ or h.type == type_)
            and (status not in STATUSES or h.status == status)]


def municipality_detail(db: Session, municipality: Municipality):
    people = sorted(db.scalars(select(User).where(User.municipality_id == municipality.id,
                                                  User.role == "participant")),
                    key=lambda u: uk_sort_key(u.name))
    completions = list(db.scalars(select(ModuleCompletion)
                                  .where(ModuleCompletion.user_id.in_([p.id for p in people]))
                                  .order_by(ModuleCompletion.completed_at)))
    orientation = db.scalar(select(OrientationCompletion)
                            .where(OrientationCompletion.municipality_id == municipality.id))
    return people, completions, orientation


# --- certificates and the API ---------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def issue_certificate(db: Session, kind: str, *, user_id: int | None = None,
                      municipality_id: int | None = None, module_id: str = "",
                      plan_id: str = "") -> Certificate:
    """The certificate for this achievement, issued once (the same code every time)."""
    existing = db.scalar(select(Certificate).where(
        Certificate.kind == kind, Certificate.user_id.is_(user_id) if user_id is None else
        Certificate.user_id == user_id,
        Certificate.municipality_id.is_(None) if municipality_id is None else
        Certificate.municipality_id == municipality_id,
        Certificate.module_id == module_id, Certificate.plan_id == plan_id))
    if existing is not None:
        return existing
    code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    certificate = Certificate(code=code, kind=kind, user_id=user_id, municipality_id=municipality_id,
                              module_id=module_id, plan_id=plan_id)
    db.add(certificate)
    db.flush()
    return certificate


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(db: Session, name: str) -> str:
    token = secrets.token_urlsafe(32)
    db.add(ApiToken(name=name[:100], token_hash=token_digest(token)))
    db.flush()
    return token


def valid_api_token(db: Session, token: str) -> bool:
    if not token:
        return False
    return db.scalar(select(ApiToken.id).where(ApiToken.token_hash == token_digest(token),
                                               ApiToken.revoked_at.is_(None))) is not None


def orientation_of(db: Session, code: str) -> dict[str, Any] | None:
    municipality = db.scalar(select(Municipality).where(Municipality.code == (code or "").upper()))
    if municipality is None:
        return None
    completion = db.scalar(select(OrientationCompletion).where(
        OrientationCompletion.municipality_id == municipality.id,
        OrientationCompletion.revoked_at.is_(None)))
    return {"code": municipality.code, "name_uk": municipality.name_uk,
            "name_en": municipality.name_en, "oblast": municipality.oblast,
            "orientation_completed": completion is not None,
            "completed_at": completion.completed_at.isoformat() if completion else None,
            "rule_version": completion.rule_version if completion else None,
            "plan": completion.plan_id if completion else None}


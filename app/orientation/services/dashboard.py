"""The AUC dashboard: statuses per hromada, figures, and what each still misses."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.exercises.models import ExerciseWork
from app.orientation import rules
from app.orientation.models import ModuleCompletion, OrientationCompletion
from app.orientation.services.recording import completed_modules
from app.orientation.stamp import raised_here, read_stamp
from app.registry.models import Municipality
from app.scheduling.models import Enrolment
from app.text import search_key, uk_sort_key

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



"""A large, realistic dataset for the web benchmark, built fast.

The schema comes from Alembic (as `spilno db upgrade` builds it); the rows go in with
SQLAlchemy Core `insert()` and executemany over plain dicts, in a few transactions. Ids are
given explicitly (the database is fresh), so rows can refer to each other without reading
anything back; on PostgreSQL the sequences are moved past them afterwards.

Shape (defaults):
- all 1,469 hromadas from ../shared/data/hromadas.csv;
- 20,000 participants in 1,000 hromadas (20 each, government and civil society alternating),
  1 admin, 1 observer, 20 trainers;
- 500 cohorts of two hromadas (40 learners), five training sessions each (M1..M5);
- 100,000 attendance rows (every learner, every session) and 50,000 module completions:
  cohorts 0-199 finished all five modules (their 400 hromadas have completed orientation),
  cohorts 200-399 are in progress (one or two modules), cohorts 400-499 only enrolled;
  469 hromadas have nobody enrolled;
- 30,000 exercise works: each participant's individual "situating-starting-point" and the
  ten team exercises (of twelve: the three the plan requires and seven of the others) of
  each of the 1,000 hromadas, each with its first revision.

The benchmark's own accounts (BENCH_USERS participants in different hromadas of in-progress
cohorts, whose works stay drafts) are returned in `Seeded`.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, insert, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parents[1]
HROMADAS_CSV = ROOT.parent / "shared" / "data" / "hromadas.csv"

BENCH_PASSWORD = "bench-password-2026"
# Logins are not what is measured: a cheap hash (as the tests use), computed once for all.
BENCH_HASH_METHOD = "pbkdf2:sha256:1000"
ADMIN_EMAIL = "admin@bench.test"
OBSERVER_EMAIL = "observer@bench.test"
LOGIN_EMAIL = "login@bench.test"
LOGIN_ID = 23

PARTICIPANTS = 20_000
PER_HROMADA = 20
HROMADAS_PER_COHORT = 2
MODULES = ("M1", "M2", "M3", "M4", "M5")
INDIVIDUAL_EXERCISE = "situating-starting-point"
COMPLETED_COHORTS = 200     # cohorts 0..199: all five modules, orientation complete
IN_PROGRESS_COHORTS = 200   # cohorts 200..399: one or two modules
BENCH_USERS = 50
TEAM_EXERCISES_PER_HROMADA = 10
REQUIRED_TEAM_EXERCISES = ("cocreation-roadmap", "problem-tree", "commitment-template")
BATCH = 10_000

FIRST_NAMES = ("Олена", "Тарас", "Мар'яна", "Богдан", "Ірина", "Андрій", "Наталія", "Олександр",
               "Світлана", "Дмитро", "Юлія", "Василь", "Оксана", "Микола", "Галина", "Сергій")
LAST_NAMES = ("Коваленко", "Шевчук", "Ткаченко", "Бондаренко", "Мельник", "Кравчук", "Гнатюк",
              "Лисенко", "Зайченко", "Бойко", "Олійник", "Савченко", "Руденко", "Марченко")
TEXT = ("Громада публікує рішення ради на сайті, але без зручного пошуку; бюджетні звіти "
        "виходять раз на квартал у форматі PDF. Діє громадський бюджет, проводимо публічні "
        "слухання двічі на рік, працює молодіжна рада. ")


@dataclass
class Seeded:
    url: str
    seconds: float
    counts: dict[str, int]
    bench_users: list[str]            # emails of participants used by the load
    bench_works: dict[str, int]       # email -> id of their individual (draft) work
    bench_team_works: dict[str, int]  # email -> id of their hromada's problem tree (draft)
    oblast: str = ""                  # an oblast with many rows, for filtered lists
    steps: dict[str, float] = field(default_factory=dict)


def migrate(url: str) -> None:
    """`spilno db upgrade`: Alembic to head on `url`."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def _load_municipalities(engine: Engine) -> list[tuple[int, str, str]]:
    from app.registry.hromada_csv import parse_hromadas
    from app.registry.models import Municipality
    from app.registry.services import upsert_municipalities

    rows = parse_hromadas(HROMADAS_CSV.read_text(encoding="utf-8"))
    with Session(engine) as db:
        upsert_municipalities(db, rows)
        db.commit()
        return [(m.id, m.code, m.oblast) for m in
                db.query(Municipality).order_by(Municipality.oblast, Municipality.id)]


def _with_defaults(table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill columns the rows leave out from their Python-side defaults (as insert() would),
    so that columns added to the models later do not break the bulk load."""
    missing = {}
    for column in table.columns:
        if rows and column.name not in rows[0] and column.default is not None:
            default = column.default
            if default.is_scalar:
                missing[column.name] = lambda arg=default.arg: arg
            elif default.is_callable:
                missing[column.name] = lambda fn=default.arg: fn(None)
    if not missing:
        return rows
    return [{**row, **{name: make() for name, make in missing.items()}} for row in rows]


def _copy(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY, several times faster than INSERT for hundreds of thousands of rows."""
    from psycopg.types.json import Json

    rows = _with_defaults(table, rows)
    names = list(rows[0])
    json_columns = {c.name for c in table.columns if c.type._type_affinity is JSON}
    cursor = conn.connection.driver_connection.cursor()
    columns = ", ".join(f'"{n}"' for n in names)
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([Json(row[n]) if n in json_columns else row[n] for n in names])


def _insert(conn: Connection, table, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy(conn, table, rows)
        return len(rows)
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start:start + BATCH])
    return len(rows)


def _individual_data(i: int) -> dict[str, Any]:
    levels = ("not_yet", "early_steps", "developing", "established")
    return {
        "transparency_practices": TEXT, "transparency_level": levels[i % 4],
        "participation_practices": TEXT[:120], "participation_level": levels[(i + 1) % 4],
        "accountability_practices": TEXT[:80], "accountability_level": levels[(i + 2) % 4],
        "digital_practices": "Сайт громади, ЦНАП, чат-бот у Telegram.",
        "digital_level": levels[(i + 3) % 4],
        "track_record": TEXT[:150], "existing_plans": ["Стратегія розвитку до 2027 року"],
        "first_priority": "Відкриті дані про відбудову",
    }


def seed(url: str, participants: int = PARTICIPANTS, per_hromada: int = PER_HROMADA) -> Seeded:
    """Migrate a fresh database at `url` and fill it. Returns what the benchmark needs.
    `per_hromada` people in each hromada taking part: 5x the people (and their records) in
    the same 1,000 hromadas is participants=100_000, per_hromada=100."""
    import app.models  # noqa: F401  (every table on Base.metadata)
    from app.auth.models import User
    from app.content.library import build_library
    from app.content.services import content_files, read_files
    from app.db import make_engine
    from app.exercises.models import ExerciseRevision, ExerciseWork
    from app.exercises.services import initial_data
    from app.orientation.models import ModuleCompletion, OrientationCompletion
    from app.registry.models import Municipality  # noqa: F401
    from app.scheduling.models import (
        Attendance,
        Cohort,
        CohortMunicipality,
        Enrolment,
        TrainingSession,
    )
    from app.text import email_key, uk_sort_bytes

    started = time.perf_counter()
    steps: dict[str, float] = {}

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps[name] = now - since
        return now

    mark = time.perf_counter()
    migrate(url)
    mark = step("migrate", mark)
    library = build_library(read_files(content_files(ROOT), ROOT))
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":  # a throwaway database: no need to wait for the disk
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _fast(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA synchronous=OFF")
    municipalities = _load_municipalities(engine)
    mark = step("municipalities", mark)

    password_hash = generate_password_hash(BENCH_PASSWORD, method=BENCH_HASH_METHOD)
    now = datetime.now(UTC)
    hromadas_used = participants // per_hromada
    cohorts_n = hromadas_used // HROMADAS_PER_COHORT
    # hromadas in registry order by oblast, so cohorts group neighbours, as AUC does
    taking_part = municipalities[:hromadas_used]

    def user_row(uid, email, name, role, municipality_id=None, stakeholder=None):
        return {"id": uid, "email": email, "email_key": email_key(email), "name": name,
                "name_sort": uk_sort_bytes(name), "password_hash": password_hash, "role": role, "locale": "uk",
                "timezone": "Europe/Kyiv", "municipality_id": municipality_id,
                "stakeholder_type": stakeholder, "organisation": "", "position": "",
                "active": True, "session_token": secrets.token_urlsafe(32),
                "created_at": now - timedelta(days=200)}

    users = [user_row(1, ADMIN_EMAIL, "Адміністраторка АМУ", "admin"),
             user_row(2, OBSERVER_EMAIL, "Спостерігач АМУ", "observer")]
    trainer_ids = list(range(3, 23))
    users += [user_row(t, f"trainer{t}@bench.test", f"Тренер {t}", "trainer") for t in trainer_ids]
    # the login benchmark's account, with the production hash (scrypt), as a real login costs
    users.append({**user_row(LOGIN_ID, LOGIN_EMAIL, "Вхід Тестовий", "observer"),
                  "password_hash": generate_password_hash(BENCH_PASSWORD, method="scrypt")})
    first_participant = 100
    # participant p (0-based) is in hromada p // per_hromada, cohort p // (per_hromada * 2)
    for p in range(participants):
        municipality_id = taking_part[p // per_hromada][0]
        name = f"{FIRST_NAMES[p % len(FIRST_NAMES)]} {LAST_NAMES[(p // 7) % len(LAST_NAMES)]}"
        users.append(user_row(first_participant + p, f"p{p:05d}@bench.test", name, "participant",
                              municipality_id, "government" if p % 2 == 0 else "civil_society"))

    def cohort_of(p: int) -> int:
        return p // (per_hromada * HROMADAS_PER_COHORT)

    modules = {m.id: m for m in library.modules}
    cohorts, cohort_municipalities, sessions, enrolments = [], [], [], []
    base = now - timedelta(days=400)
    session_id = 0
    session_ids: dict[int, list[int]] = {}
    for c in range(cohorts_n):
        start = base + timedelta(days=c // 2)
        delivered = c < COMPLETED_COHORTS + IN_PROGRESS_COHORTS + 100  # all have happened
        cohorts.append({"id": c + 1, "name": f"Когорта {c + 1}", "plan_id": "tot-two-day",
                        "join_code": f"BENCH{c:05d}", "lead_trainer_id": trainer_ids[c % 20],
                        "capacity": per_hromada * HROMADAS_PER_COHORT,
                        "status": "finished" if c < COMPLETED_COHORTS else "open",
                        "timezone": "Europe/Kyiv", "created_at": start - timedelta(days=30)})
        for h in range(HROMADAS_PER_COHORT):
            cohort_municipalities.append({"cohort_id": c + 1,
                                          "municipality_id": taking_part[c * 2 + h][0]})
        session_ids[c] = []
        for k, module_id in enumerate(MODULES):
            session_id += 1
            session_ids[c].append(session_id)
            begin = start + timedelta(days=k // 2, hours=k * 2)
            sessions.append({
                "id": session_id, "cohort_id": c + 1, "module_id": module_id,
                "content_version": modules[module_id].content_hash if module_id in modules else "",
                "start": begin, "end": begin + timedelta(minutes=90), "timezone": "Europe/Kyiv",
                "venue": "Київ, вул. Січових Стрільців, 37", "online_link": "",
                "status": "delivered" if delivered else "planned", "sequence": 0,
                "checkin_code": f"{session_id:08d}", "late_minutes": 0, "blocks_done": [],
                "report_notes": "", "created_at": start - timedelta(days=30)})
    attendance, completions, works, revisions = [], [], [], []
    statuses = ("present",) * 7 + ("late", "excused", "absent")
    for p in range(participants):
        uid = first_participant + p
        c = cohort_of(p)
        joined = base + timedelta(days=c // 2) - timedelta(days=10)
        enrolments.append({"id": p + 1, "cohort_id": c + 1, "user_id": uid, "role": "learner",
                           "enrolled_at": joined})
        for k, sid in enumerate(session_ids[c]):
            status = "present" if c < COMPLETED_COHORTS else statuses[(p + k) % len(statuses)]
            attendance.append({"id": len(attendance) + 1, "session_id": sid, "user_id": uid,
                               "status": status, "method": "trainer",
                               "marked_by_id": trainer_ids[c % 20],
                               "marked_at": joined + timedelta(days=10, hours=k)})
        if c < COMPLETED_COHORTS:
            done = MODULES
        elif c < COMPLETED_COHORTS + IN_PROGRESS_COHORTS:
            done = MODULES[:2] if p % 4 == 0 else MODULES[:1]
        else:
            done = ()
        for k, module_id in enumerate(done):
            completions.append({
                "id": len(completions) + 1, "user_id": uid, "module_id": module_id,
                "cohort_id": c + 1, "completed_at": joined + timedelta(days=11, hours=k),
                "plan_id": "tot-two-day", "rule_version": 1,
                "evidence": {"attendance": "present", "cohort": c + 1}, "recorded_by_id": None,
                "revoked_at": None, "revoked_by_id": None, "revoke_reason": ""})

    exercises = {e.id: e for e in library.exercises}
    team_exercises = sorted(e.id for e in library.exercises if e.mode == "team")
    templates = {e: initial_data(exercises[e], library, "uk") for e in team_exercises}

    def work_row(exercise_id, cohort_id, owner_id, municipality_id, data, status, by, at):
        return {"id": len(works) + 1, "exercise_id": exercise_id, "cohort_id": cohort_id,
                "owner_id": owner_id, "municipality_id": municipality_id, "data": data,
                "version": 1, "status": status,
                "content_version": exercises[exercise_id].content_hash,
                "created_at": at, "updated_at": at, "updated_by_id": by,
                "submitted_at": at if status != "draft" else None}

    def status_of(c: int) -> str:
        return "accepted" if c < COMPLETED_COHORTS else "draft"

    for p in range(participants):
        c = cohort_of(p)
        at = base + timedelta(days=c // 2, hours=1)
        works.append(work_row(INDIVIDUAL_EXERCISE, c + 1, first_participant + p, None,
                              _individual_data(p), status_of(c), first_participant + p, at))
    team_work: dict[int, dict[str, int]] = {}
    optional = [e for e in team_exercises if e not in REQUIRED_TEAM_EXERCISES]
    for h, (municipality_id, _code, _oblast) in enumerate(taking_part):
        c = h // HROMADAS_PER_COHORT
        first_member = first_participant + h * per_hromada
        at = base + timedelta(days=c // 2, hours=3)
        skipped = {optional[(h + k) % len(optional)]
                   for k in range(max(0, len(team_exercises) - TEAM_EXERCISES_PER_HROMADA))}
        for exercise_id in team_exercises:
            if exercise_id in skipped:  # ten team exercises per hromada, not all twelve
                continue
            works.append(work_row(exercise_id, c + 1, None, municipality_id,
                                  templates[exercise_id], status_of(c), first_member, at))
            team_work.setdefault(h, {})[exercise_id] = works[-1]["id"]
    for work in works:
        revisions.append({"id": work["id"], "work_id": work["id"], "version": 1, "kind": "save",
                          "data": work["data"], "score": None, "saved_by_id": work["updated_by_id"],
                          "saved_at": work["created_at"]})

    orientation = [{"id": h + 1, "municipality_id": taking_part[h][0], "cohort_id": h // 2 + 1,
                    "completed_at": base + timedelta(days=h // 4 + 2), "plan_id": "tot-two-day",
                    "rule_version": 1, "evidence": {"modules": list(MODULES)},
                    "revoked_at": None, "revoked_by_id": None, "revoke_reason": ""}
                   for h in range(min(COMPLETED_COHORTS * HROMADAS_PER_COHORT, len(taking_part)))]
    mark = step("build rows", mark)

    counts: dict[str, int] = {"municipality": len(municipalities)}
    plan = [(User.__table__, users), (Cohort.__table__, cohorts),
            (CohortMunicipality.__table__, cohort_municipalities), (Enrolment.__table__, enrolments),
            (TrainingSession.__table__, sessions), (Attendance.__table__, attendance),
            (ModuleCompletion.__table__, completions), (OrientationCompletion.__table__, orientation),
            (ExerciseWork.__table__, works), (ExerciseRevision.__table__, revisions)]
    with engine.begin() as conn:
        for table, rows in plan:
            counts[table.name] = _insert(conn, table, rows)
    mark = step("insert", mark)
    with engine.begin() as conn:
        from app.orientation.stamp import raise_stamp

        raise_stamp(conn)  # rows went in without the ORM: the dashboard counts them afresh
        if engine.dialect.name == "postgresql":
            for table, _rows in plan:
                if "id" in table.c:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    step("analyze", mark)
    engine.dispose()

    # Benchmark accounts: one participant in each of 50 hromadas of in-progress cohorts.
    first_h = COMPLETED_COHORTS * HROMADAS_PER_COHORT
    chosen = [first_h + i for i in range(BENCH_USERS) if first_h + i < hromadas_used]
    bench_users = [f"p{h * per_hromada:05d}@bench.test" for h in chosen]
    bench_works = {f"p{h * per_hromada:05d}@bench.test": h * per_hromada + 1 for h in chosen}
    bench_team = {f"p{h * per_hromada:05d}@bench.test": team_work[h]["problem-tree"] for h in chosen}
    # the oblast with most hromadas taking part, for the filtered list
    by_oblast: dict[str, int] = {}
    for _id, _code, oblast in taking_part:
        by_oblast[oblast] = by_oblast.get(oblast, 0) + 1
    return Seeded(url=url, seconds=time.perf_counter() - started, counts=counts,
                  bench_users=bench_users, bench_works=bench_works, bench_team_works=bench_team,
                  oblast=max(by_oblast, key=by_oblast.get), steps=steps)


if __name__ == "__main__":
    import sys
    import tempfile

    target = sys.argv[1] if len(sys.argv) > 1 else \
        f"sqlite:///{tempfile.mkdtemp(prefix='spilno-seed-')}/bench.db"
    result = seed(target)
    print(f"{result.url}: {result.seconds:.1f} s", result.counts,
          {k: round(v, 2) for k, v in result.steps.items()})

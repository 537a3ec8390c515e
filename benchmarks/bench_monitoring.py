"""The monitoring benchmark: AUC's portfolio and the API list over 500 member hromadas.

Seeds a fresh SQLite database (and PostgreSQL when BENCH_DATABASE_URL is set) through
Alembic: the 1,469 hromadas, 500 OGP Local members with a submitted plan each, 2,500
commitments and 20,000 tracker updates (8 quarters x 5 commitments x 500 members; a tenth of
the members fall silent for their last two quarters, a tenth report no progress in the last
one). Then, in process (the Flask test client, no network), it times the daily status
refresh of every member, the portfolio page (all, and filtered), its CSV and XLSX exports,
the API list (first page, filtered) and one member's calendar, with the number of SQL
statements each answer runs. Not a timed test: the figures go to benchmarks/results.md.

`python -m benchmarks.bench_monitoring` runs it alone and replaces only its own section of
results.md; `make bench` runs it with the others.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.orm import Session

MEMBERS = 500
COMMITMENTS_PER_PLAN = 5
QUARTERS = 8
REPEAT = 15
OBSERVER = "observer@monitoring.bench"
PASSWORD = "bench-password-2026"
TITLE = "## Monitoring"


@contextmanager
def _sqlite() -> str:
    folder = tempfile.mkdtemp(prefix="spilno-monitoring-bench-")
    try:
        yield f"sqlite:///{folder}/bench.db"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def seed(url: str) -> dict:
    """Members, plans, commitments and tracker updates, inserted with Core executemany."""
    from app.db import make_engine
    from app.monitoring.calendar import add_months, quarter_of
    from app.monitoring.evidence import is_progress
    from app.monitoring.models import TrackerUpdate
    from app.plans.models import ActionPlan, Commitment, OgpMembership, PlanJurisdiction
    from benchmarks.seed_large import _insert, _load_municipalities, migrate

    started = time.perf_counter()
    migrate(url)
    engine = make_engine(url)
    municipalities = _load_municipalities(engine)
    today = datetime.now(UTC).date()
    # each plan began eight quarters before the current one and runs a year more
    start = add_months(_quarter_start(today), -3 * QUARTERS)
    end = add_months(start, 36) - timedelta(days=1)
    quarters = [quarter_of(add_months(start, 3 * i)) for i in range(QUARTERS)]
    now = datetime.now(UTC)
    members = municipalities[:MEMBERS * 2:2]     # every other hromada, all oblasts
    memberships, plans, links, commitments, updates = [], [], [], [], []
    commitment_id = update_id = 0
    for n, (municipality_id, _code, _oblast) in enumerate(members, start=1):
        memberships.append({"id": n, "municipality_id": municipality_id, "joined_on": start,
                            "term_end": add_months(end, 6), "elections_apply": True,
                            "contact_name": f"Контакт {n}",
                            "contact_email": f"poc{n}@monitoring.bench",
                            "monitoring_body": "", "version": 1, "created_at": now,
                            "updated_at": now})
        plans.append({"id": n, "period_start": start, "period_end": end, "status": "submitted",
                      "submitted_on": start, "vision": {}, "monitoring_body": {"en": "", "uk": ""},
                      "monitoring_body_endorsed": True, "forum": "", "council_decision": "",
                      "version": 1, "created_at": now, "updated_at": now})
        links.append({"id": n, "plan_id": n, "membership_id": n, "position": 1})
        silent, stuck = n % 10 == 0, n % 10 == 5
        for number in range(1, COMMITMENTS_PER_PLAN + 1):
            commitment_id += 1
            commitments.append({"id": commitment_id, "plan_id": n, "number": number,
                                "title": {"uk": f"Зобов'язання {number}", "en": f"C{number}"},
                                "start_date": start, "end_date": end, "version": 1,
                                "created_at": now, "updated_at": now})
            levels = ["not_started", "limited", "limited", "substantial", "substantial",
                      "substantial", "complete", "complete"]
            for q, quarter in enumerate(quarters):
                if silent and q >= QUARTERS - 2:
                    # the two last quarters without an update: spread the 40 rows earlier
                    quarter_label, progress = quarters[q - 2], False
                else:
                    quarter_label = quarter
                    progress = is_progress(levels[q - 1] if q else None, levels[q]) and not (
                        stuck and q == QUARTERS - 1)
                update_id += 1
                updates.append({"id": update_id, "municipality_id": municipality_id,
                                "commitment_id": commitment_id, "quarter": quarter_label,
                                "completion": levels[q], "progress": progress,
                                "narrative_uk": "Оновлення за квартал", "narrative_en": "",
                                "created_at": now - timedelta(days=90 * (QUARTERS - q))})
    with engine.begin() as conn:
        for table, rows in ((OgpMembership.__table__, memberships),
                            (ActionPlan.__table__, plans),
                            (PlanJurisdiction.__table__, links),
                            (Commitment.__table__, commitments),
                            (TrackerUpdate.__table__, updates)):
            _insert(conn, table, rows)
        if conn.dialect.name == "postgresql":
            for table in ("ogp_membership", "action_plan", "plan_jurisdiction", "commitment",
                          "tracker_update"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT MAX(id) FROM {table}))"))
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return {"seconds": time.perf_counter() - started, "members": len(memberships),
            "commitments": len(commitments), "updates": len(updates),
            "code": members[0][1]}


def _app(url: str):
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url,
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "SERVER_NAME": None})


def _login(app, client) -> None:
    from app.auth.services import NewUser, create_user

    with app.app_context():
        db = app.extensions["db_sessionmaker"]()
        create_user(db, NewUser(OBSERVER, "Оглядач", "observer"), None, PASSWORD)
        db.commit()
        db.close()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": OBSERVER, "password": PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.status_code


def _timed(app, call, repeat: int = REPEAT) -> tuple[float, float, int]:
    """(median ms, p95 ms, SQL statements of one call)."""
    engine = app.extensions["db_engine"]
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(statements)


def run_database(label: str, url: str) -> list[str]:
    from app.monitoring.services import refresh_status
    from app.orientation.services import create_api_token

    seeded = seed(url)
    app = _app(url)
    client = app.test_client()
    lines = [f"### {label}", "",
             (f"Seeded in {seeded['seconds']:.1f} s: {seeded['members']} member hromadas with a "
              f"submitted plan, {seeded['commitments']:,} commitments, "
              f"{seeded['updates']:,} tracker updates (and the 1,469 hromadas)."), ""]
    with app.app_context():
        db: Session = app.extensions["db_sessionmaker"]()
        began = time.perf_counter()
        result = refresh_status(db, None)
        db.commit()
        refresh_ms = (time.perf_counter() - began) * 1000
        token = create_api_token(db, "bench")
        db.commit()
        risks = dict(db.execute(text("SELECT risk, COUNT(*) FROM member_status GROUP BY risk"))
                     .all())
        db.close()
    lines.append(f"Daily refresh (`spilno ogp refresh`) of {result.members} members: "
                 f"{refresh_ms:,.0f} ms, {result.changed} status changes recorded; risk now "
                 + ", ".join(f"{k} {v}" for k, v in sorted(risks.items())) + ".")
    lines.append("")
    _login(app, client)
    auth = {"Authorization": f"Bearer {token}"}

    def get(path: str, headers: dict | None = None):
        def call():
            answer = client.get(path, headers=headers or {})
            assert answer.status_code == 200, (path, answer.status_code)
        return call

    checks = [
        ("portfolio page (500 members, page 1 of 5)", get("/monitoring/portfolio")),
        ("portfolio, status=inactive", get("/monitoring/portfolio?status=inactive")),
        ("portfolio, one oblast", get("/monitoring/portfolio?oblast=Львівська")),
        ("portfolio export CSV (500 rows)", get("/monitoring/portfolio/export.csv")),
        ("portfolio export XLSX (500 rows)", get("/monitoring/portfolio/export.xlsx")),
        ("API GET /api/hromadas (page 1 of 5)", get("/api/hromadas", auth)),
        ("API GET /api/hromadas?status=active", get("/api/hromadas?status=active", auth)),
        ("API GET /api/hromadas/<code>/calendar",
         get(f"/api/hromadas/{seeded['code']}/calendar", auth)),
    ]
    lines += ["| request | median ms | p95 ms | SQL statements |", "|---|---|---|---|"]
    for name, call in checks:
        median, p95, statements = _timed(app, call)
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {statements} |")
    lines.append("")
    app.extensions["db_engine"].dispose()
    return lines


def run() -> list[str]:
    lines = [(f"In process (Flask test client), median and p95 of {REPEAT} requests after one "
              "warm-up whose SQL statements are counted; the statement count does not grow "
              "with the number of members (tests/web/test_monitoring.py checks it)."), ""]
    with _sqlite() as url:
        lines += run_database("SQLite", url)
    postgres = os.environ.get("BENCH_DATABASE_URL")
    if postgres:
        from benchmarks.bench_web import postgres_database

        with postgres_database(postgres) as url:
            lines += run_database("PostgreSQL", url)
    else:
        lines.append("PostgreSQL: not run (set BENCH_DATABASE_URL).")
    return lines


def write_section(body: list[str]) -> None:
    """Replace (or add) this benchmark's section of results.md, leaving the others."""
    from benchmarks.report import RESULTS

    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    section = "\n".join([TITLE, "", *body, ""])
    pattern = re.compile(r"^## Monitoring\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(existing):
        updated = pattern.sub(lambda _m: section + "\n", existing)
    else:
        updated = existing.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    body = run()
    print("\n".join(body))
    write_section(body)
    print(f"written to {Path(__file__).with_name('results.md')}")

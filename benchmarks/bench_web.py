"""The web benchmark: gunicorn (2 sync workers) over a large seeded database.

For each database (SQLite in a temp dir; PostgreSQL too when BENCH_DATABASE_URL is set):
seed the large dataset (benchmarks/seed_large.py), start gunicorn on a free loopback port,
log in, then for concurrency 10 and 50 run a bounded load on /healthz, the participant's
exercise page, the module page, the AUC dashboard and the autosave route (and /healthz again),
and report requests/s, p50/p95/p99, errors and the ratio to /healthz throughput in the same
run. Then single-request times of the dashboard, filtered lists and the XLSX export, and an
in-process profile (time in SQL, the slowest statement and its plan) of the slow spots.

BENCH_STEP_SECONDS (at most 20) sets the length of one load step: by default 8 s, or 4 s when
PostgreSQL runs too, so that `make bench` stays within about five minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from benchmarks import load, seed_large

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
STEP_SECONDS = min(20.0, float(os.environ.get(
    "BENCH_STEP_SECONDS", "4" if os.environ.get("BENCH_DATABASE_URL") else "8")))
STEP_HARD_LIMIT = 20.0        # seconds: a step never runs longer, slow answers count as errors
MAX_REQUESTS = 40_000         # per step, whatever the time
CONCURRENCIES = (10, 50)
WORKERS = 2

# ratio of /healthz throughput, p95 limit at concurrency 10 (ms) or None
TARGETS = {
    "exercise page": (0.25, 50.0),
    "module page": (0.25, None),
    "dashboard": (0.10, 200.0),
    "autosave": (0.15, 50.0),
}
SINGLE_TARGET_MS = 200.0


# --- databases ------------------------------------------------------------------------------

@contextmanager
def sqlite_database() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="spilno-bench-")
    try:
        yield f"sqlite:///{folder}/bench.db"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A throwaway database next to the one named by BENCH_DATABASE_URL (dropped at the end);
    when it may not create databases, the named one itself, which must then be empty."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"spilno_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created = True
    except Exception:  # noqa: BLE001 - no CREATEDB privilege: use the given, empty database
        created = False
        if inspect(admin).get_table_names():
            admin.dispose()
            raise RuntimeError("BENCH_DATABASE_URL names a database with tables in it and "
                               "the user may not create a throwaway one: give an empty database"
                               ) from None
    try:
        yield base.set(database=name).render_as_string(hide_password=False) if created else url
    finally:
        if created:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- the server ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time used so far by the gunicorn master and its workers (from /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[1] is the parent pid, [11] and [12] user and system time in ticks
            if int(entry.name) == self.pid or int(fields[1]) == self.pid:
                total += int(fields[11]) + int(fields[12])
        return total / tick


@contextmanager
def gunicorn(url: str, log_dir: str) -> Iterator[Server]:
    """gunicorn with 2 sync workers on a free loopback port, stopped on the way out."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SPILNO_SECRET_KEY": "bench",
           "SPILNO_CONFIG": "development", "PYTHONDONTWRITEBYTECODE": "1"}
    log = Path(log_dir) / "gunicorn.log"
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary) if binary.exists() else "gunicorn", "--workers", str(WORKERS),
               "--worker-class", "sync", "--bind", f"{HOST}:{port}", "--timeout", "60",
               "--error-logfile", str(log), "app:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}): "
                                   f"{log.read_text(errors='replace')[-2000:] if log.exists() else ''}")
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 30 s")
            time.sleep(0.2)
        yield Server(port, process.pid)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- logging in -----------------------------------------------------------------------------

@dataclass
class Login:
    email: str
    cookie: str
    csrf: str


def login(port: int, email: str) -> Login:
    import requests

    base = f"http://{HOST}:{port}"
    with requests.Session() as session:
        page = session.get(f"{base}/login", timeout=30).text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        response = session.post(f"{base}/login", data={"email": email,
                                                       "password": seed_large.BENCH_PASSWORD,
                                                       "csrf_token": token},
                                allow_redirects=False, timeout=30)
        if response.status_code != 302:
            raise RuntimeError(f"login as {email} answered {response.status_code}")
        page = session.get(f"{base}/", timeout=30).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return Login(email, cookie, csrf)


def login_all(port: int, emails: list[str]) -> dict[str, Login]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        return {item.email: item for item in pool.map(lambda e: login(port, e), emails)}


# --- the load --------------------------------------------------------------------------------

TREE_CAUSES = ("Звіти про відбудову публікують у PDF-сканах\n"
               "  Немає стандарту відкритих даних\n"
               "    У відділі немає аналітика даних\n"
               "Рішення ухвалюють без обговорення")


def tree_fields(n: int) -> dict[str, str]:
    """A problem tree as the page's script posts it, a little different each time."""
    return {"f-core_problem": f"Мешканці не можуть простежити витрати на відбудову ({n})",
            "f-affected_groups": "Мешканці пошкоджених будинків, ОСББ, місцеві підприємці",
            "f-causes": TREE_CAUSES,
            "f-effects": "Падає довіра до ради\n  Менше людей долучається до бюджету участі",
            "f-evidence": "Опитування 2025 року: 68% не знають, куди звертатися по інформацію",
            "f-open_gov_link": "Відкриті дані про відбудову і звіти перед громадою",
            "f-definition_check": "1"}


@dataclass
class Endpoint:
    name: str
    path: str
    clients: Callable[[int], list[load.Client]]
    allowed: tuple[int, ...] = ()  # non-2xx answers that are counted, not errors


def endpoints(seeded: seed_large.Seeded, logins: dict[str, Login], versions: dict[int, int]):
    users = [logins[e] for e in seeded.bench_users]
    admin = logins[seed_large.ADMIN_EMAIL]

    def each_user(path_of: Callable[[str], str]) -> Callable[[int], list[load.Client]]:
        return lambda n: [load.Fixed(load.Request("GET", path_of(users[i % len(users)].email),
                                                  headers={"Cookie": users[i % len(users)].cookie}))
                          for i in range(n)]

    def autosave(n: int) -> list[load.Client]:
        clients = []
        for i in range(n):  # one work per client: its own version, no 409s between clients
            user = users[i % len(users)]
            work_id = seeded.bench_team_works[user.email]
            clients.append(_VersionKeeper(versions, work_id, user.cookie, user.csrf))
        return clients

    healthz = Endpoint("/healthz", "/healthz",
                       lambda n: [load.Fixed(load.Request("GET", "/healthz")) for _ in range(n)])
    return healthz, [
        Endpoint("exercise page", "GET /works/<id> as its owner (each client a participant of its "
                 "own hromada, their individual work)",
                 each_user(lambda email: f"/works/{seeded.bench_works[email]}")),
        Endpoint("module page", "GET /course/modules/M2 as a participant", each_user(lambda _e: "/course/modules/M2")),
        Endpoint("dashboard", "GET /dashboard as admin",
                 lambda n: [load.Fixed(load.Request("GET", "/dashboard",
                                                    headers={"Cookie": admin.cookie}))
                            for _ in range(n)]),
        Endpoint("autosave", "POST /works/<id>/autosave as the owner, X-CSRFToken header, the "
                 "whole problem tree form; each client its own hromada's problem tree, sending the "
                 "version of its last answer (a 409 is counted apart, not as an error)",
                 autosave, allowed=(409,)),
    ]


class _VersionKeeper(load.Autosave):
    """Autosave that leaves its last version behind for the next step on the same work."""

    def __init__(self, versions: dict[int, int], work_id: int, cookie: str, csrf: str):
        super().__init__(work_id, versions.get(work_id, 1), cookie, csrf, tree_fields)
        self.versions = versions

    def seen(self, status: int, body: bytes) -> None:
        super().seen(status, body)
        self.versions[self.work_id] = self.version


@dataclass
class Measured:
    concurrency: int
    name: str
    result: load.StepResult
    endpoint: Endpoint
    server_cpu: float   # seconds of gunicorn CPU during the step
    client_cpu: float   # seconds of this process's CPU (the load generator)
    other_cores: float = 0.0  # CPU used meanwhile by everything else on the machine, in cores
    base_rps: float = 0.0
    base_cpu_ms: float = 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: what the request costs, whatever else the machine runs."""
        return self.server_cpu / self.result.requests * 1000 if self.result.requests else float("nan")


def machine_busy_seconds() -> float:
    """CPU time spent by every process on the machine so far (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def step(server: Server, endpoint: Endpoint, concurrency: int, name: str = "") -> Measured:
    cpu, mine, busy = server.cpu_seconds(), time.process_time(), machine_busy_seconds()
    result = load.run_step(HOST, server.port, endpoint.clients(concurrency), STEP_SECONDS,
                           MAX_REQUESTS, timeout=max(1.0, STEP_HARD_LIMIT - STEP_SECONDS))
    server_cpu, client_cpu = server.cpu_seconds() - cpu, time.process_time() - mine
    others = machine_busy_seconds() - busy - server_cpu - client_cpu
    return Measured(concurrency, name or endpoint.name, result, endpoint, server_cpu, client_cpu,
                    other_cores=max(0.0, others / result.seconds) if result.seconds else 0.0)


def warm_up(port: int, healthz: Endpoint, others: list[Endpoint]) -> None:
    """Both workers load the course, compile templates and open their pools first."""
    for endpoint in [healthz, *others]:
        load.run_step(HOST, port, endpoint.clients(4), 1.0, 40, timeout=30)


# --- single requests -----------------------------------------------------------------------

def timed(port: int, path: str, cookie: str, repeat: int) -> tuple[float, int, int]:
    """(median ms, status, bytes) of `repeat` sequential requests (fewer past 6 s in all)."""
    samples, status, size = [], 0, 0
    for _ in range(repeat):
        if sum(samples) > 6:
            break
        started = time.perf_counter()
        status, body = _get(port, path, {"Cookie": cookie})
        samples.append(time.perf_counter() - started)
        size = len(body)
    return statistics.median(samples) * 1000, status, size


def single_paths(seeded: seed_large.Seeded) -> list[tuple[str, str, int, float | None]]:
    """(what, path, repeat, target ms)."""
    oblast = quote(seeded.oblast)
    return [
        ("dashboard", "/dashboard", 5, SINGLE_TARGET_MS),
        ("list, all (page 1 of 30)", "/dashboard/municipalities", 5, SINGLE_TARGET_MS),
        ("list, status=in_progress", "/dashboard/municipalities?status=in_progress", 5,
         SINGLE_TARGET_MS),
        (f"list, oblast={seeded.oblast} & type=village",
         f"/dashboard/municipalities?oblast={oblast}&type=village", 5, SINGLE_TARGET_MS),
        ("list, search q=ська", "/dashboard/municipalities?" + urlencode({"q": "ська"}), 5,
         SINGLE_TARGET_MS),
        ("what is missing (page 1)", "/dashboard/missing", 5, SINGLE_TARGET_MS),
        ("export.xlsx (all 1,469 rows)", "/dashboard/export.xlsx", 3, None),
        ("export.csv (all 1,469 rows)", "/dashboard/export.csv", 3, None),
    ]


# --- in-process profile -------------------------------------------------------------------

@dataclass
class Profile:
    what: str
    status: int
    total_ms: float
    sql_ms: float
    statements: int
    top_sql: list[tuple[float, str]]   # (ms, statement), slowest first
    hot: list[tuple[str, float]]       # (function, share of the profiled request)
    plan: str


HOT_SKIP = ("/routes.py", "/access.py", "/templates/")


def _hot_spots(stats, total: float) -> list[tuple[str, float]]:
    """The app's own functions (and template rendering) that take most of a request."""
    found = []
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        if filename.endswith("flask/templating.py") and name == "render_template":
            found.append(("render_template (Jinja)", cumulative / total))
        elif filename.endswith("openpyxl/worksheet/worksheet.py") and name == "max_row":
            found.append(("openpyxl Worksheet.max_row", cumulative / total))
        elif str(ROOT / "app") in filename and not any(k in filename for k in HOT_SKIP):
            short = filename.split(str(ROOT) + "/", 1)[-1]
            found.append((f"{short}:{name}", cumulative / total))
    found.sort(key=lambda f: -f[1])
    return [f for f in found if f[1] >= 0.08][:4]


def profile(url: str, seeded: seed_large.Seeded, versions: dict[int, int]) -> list[Profile]:
    """Each measured route once more in-process, with every SQL statement timed, then once
    under cProfile for where the rest goes."""
    import cProfile
    import pstats

    from sqlalchemy import event, func, select

    from app import create_app
    from app.auth.models import User
    from app.db import get_db
    from app.exercises.models import ExerciseRevision

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "TESTING": False})
    engine = app.extensions["db_engine"]
    statements: list[tuple[float, str, object]] = []
    starts: list[float] = []

    def before(_conn, _cursor, statement, parameters, _context, _many):
        starts.append(time.perf_counter())

    def after(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((time.perf_counter() - starts.pop(), statement, parameters))

    email = seeded.bench_users[0]
    work, team_work = seeded.bench_works[email], seeded.bench_team_works[email]
    with app.app_context():
        db = get_db()
        tokens = {e: db.scalar(select(User.session_token).where(User.email_key == e))
                  for e in (email, seed_large.ADMIN_EMAIL)}
        saved = db.scalar(select(func.count()).select_from(ExerciseRevision)
                          .where(ExerciseRevision.work_id == team_work))
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    routes = [
        ("exercise page", email, "GET", f"/works/{work}", None),
        (f"exercise page of a work with {saved:,} revisions (the autosaved one)", email, "GET",
         f"/works/{team_work}", None),
        ("autosave", email, "POST", f"/works/{team_work}/autosave", "autosave"),
        ("module page", email, "GET", "/course/modules/M2", None),
        ("dashboard", seed_large.ADMIN_EMAIL, "GET", "/dashboard", None),
        ("list, status=in_progress", seed_large.ADMIN_EMAIL, "GET",
         "/dashboard/municipalities?status=in_progress", None),
        ("what is missing", seed_large.ADMIN_EMAIL, "GET", "/dashboard/missing", None),
        ("export.xlsx", seed_large.ADMIN_EMAIL, "GET", "/dashboard/export.xlsx", "slow"),
    ]
    with app.test_request_context():
        from app.content.services import library

        library()  # the course is parsed once per process: not part of any request's time
    results = []
    for what, user, method, path, kind in routes:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = tokens[user]
            session["_fresh"] = True

        def once(n: int, client=client, path=path, method=method, kind=kind):
            data = None
            if kind == "autosave":
                data = {"version": str(versions.get(team_work, 1)), **tree_fields(10_000 + n)}
            response = client.open(path, method=method, data=data,
                                   headers={"Accept": "application/json"} if data else {})
            if kind == "autosave" and response.status_code == 200:
                versions[team_work] = response.get_json()["version"]
            return response.status_code

        runs = []
        for n in range(0 if kind == "slow" else 5):  # the first only warms up, unless it is slow
            statements.clear()
            started = time.perf_counter()
            status = once(n)
            elapsed = time.perf_counter() - started
            if n or elapsed > 1.0:
                runs.append((elapsed, list(statements), status))
            if elapsed > 1.0:  # slow enough: one sample says it
                break
        profiler = cProfile.Profile()
        statements.clear()
        started = time.perf_counter()
        profiler.enable()
        status = once(99)
        profiler.disable()
        if not runs:  # a slow route runs once, under cProfile (its time is a little inflated)
            runs.append((time.perf_counter() - started, list(statements), status))
        # the best run: the machine is shared, and noise only ever adds time
        elapsed, sql, status = min(runs, key=lambda r: r[0])
        stats = pstats.Stats(profiler)
        hot = _hot_spots(stats, stats.total_tt or 1.0)
        ordered = sorted(sql, key=lambda s: -s[0])
        plan = ""
        if ordered and ordered[0][1].lstrip().upper().startswith("SELECT") and ordered[0][0] >= 0.005:
            plan = _explain(engine, ordered[0][1], ordered[0][2])
        results.append(Profile(what, status, elapsed * 1000, sum(s[0] for s in sql) * 1000,
                               len(sql), [(s[0] * 1000, " ".join(s[1].split())) for s in ordered[:2]],
                               hot, plan))
    engine.dispose()
    return results


def _explain(engine, statement: str, parameters) -> str:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, COSTS OFF) "
    try:
        with engine.connect() as conn:
            cursor = conn.connection.cursor()
            cursor.execute(prefix + statement, parameters or ())
            rows = cursor.fetchall()
            cursor.close()
    except Exception as error:  # noqa: BLE001 - the plan is a hint, not a result
        return f"(no plan: {type(error).__name__})"
    if engine.dialect.name == "sqlite":
        return "; ".join(str(r[-1]) for r in rows)
    return "; ".join(str(r[0]).strip() for r in rows)


# --- the run ----------------------------------------------------------------------------------

def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def run_database(label: str, url: str) -> list[str]:
    lines = [f"### {label}", ""]
    print(f"  seeding {label} ...", flush=True)
    seeded = seed_large.seed(url)
    c = seeded.counts
    lines += [
        f"Seeded in {seeded.seconds:.1f} s (target: well under 2 min): "
        f"{c['municipality']:,} municipalities, {c['user_account']:,} accounts "
        f"({c['user_account'] - 22:,} participants), {c['attendance']:,} attendance + "
        f"{c['module_completion']:,} module completions = "
        f"{c['attendance'] + c['module_completion']:,} records, {c['exercise_work']:,} exercise "
        f"works ({c['exercise_revision']:,} revisions), {c['cohort']:,} cohorts, "
        f"{c['training_session']:,} sessions. Steps: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in seeded.steps.items()) + ".", ""]
    versions: dict[int, int] = {}
    log_dir = tempfile.mkdtemp(prefix="spilno-bench-log-")
    rows: list[Measured] = []
    healthz_runs: dict[int, list[float]] = {}
    single: list[tuple[str, str, float, int, int, float | None]] = []
    load_avg = []
    try:
        with gunicorn(url, log_dir) as server:
            port = server.port
            logins = login_all(port, [seed_large.ADMIN_EMAIL, *seeded.bench_users])
            healthz, others = endpoints(seeded, logins, versions)
            warm_up(port, healthz, others)
            for concurrency in CONCURRENCIES:
                print(f"  {label}: concurrency {concurrency} ...", flush=True)
                load_avg.append(os.getloadavg()[0])
                block = [step(server, healthz, concurrency, "/healthz (before)")]
                block += [step(server, e, concurrency) for e in others]
                block.append(step(server, healthz, concurrency, "/healthz (after)"))
                first, last = block[0], block[-1]
                healthz_runs[concurrency] = [first.result.rps, last.result.rps]
                base_rps = (first.result.rps + last.result.rps) / 2
                base_cpu = (first.server_cpu + last.server_cpu) * 1000 / max(
                    1, first.result.requests + last.result.requests)
                for measured in block:
                    measured.base_rps, measured.base_cpu_ms = base_rps, base_cpu
                rows += block
            admin = logins[seed_large.ADMIN_EMAIL]
            for what, path, repeat, target in single_paths(seeded):
                ms, status, size = timed(port, path, admin.cookie, repeat)
                single.append((what, path, ms, status, size, target))
            load_avg.append(os.getloadavg()[0])
            server_log = (Path(log_dir) / "gunicorn.log").read_text(errors="replace")
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
    print(f"  {label}: profiling ...", flush=True)
    profiles = profile(url, seeded, versions)
    return lines + _report(rows, healthz_runs, single, profiles, load_avg, server_log,
                           postgres=url.startswith("postgresql"))


PROFILE_OF = {"exercise page": "exercise page", "module page": "module page",
              "dashboard": "dashboard", "autosave": "autosave"}


def _reason(name: str, measured: Measured, profiles: list[Profile]) -> str:
    """What the in-process profile says about a missed endpoint."""
    p = next((p for p in profiles if p.what == PROFILE_OF.get(name)), None)
    projected = measured.base_cpu_ms / measured.cpu_ms if measured.cpu_ms else 0
    parts = [(f"the server spent {_ms(measured.cpu_ms)} ms CPU per request against "
             f"{_ms(measured.base_cpu_ms)} ms for /healthz (so {projected:.0%} of its throughput "
             "even on an idle machine)")]
    if p is not None:
        parts.append(f"in-process {_ms(p.total_ms)} ms, of which SQL {_ms(p.sql_ms)} ms in "
                     f"{p.statements} statements")
        if p.hot:
            parts.append("hot spots " + ", ".join(f"`{n}` {share:.0%}" for n, share in p.hot[:3]))
        if p.top_sql and p.sql_ms >= 0.3 * p.total_ms:
            parts.append(f"slowest statement {_ms(p.top_sql[0][0])} ms `{_clip(p.top_sql[0][1], 90)}`")
    return "; ".join(parts)


def _report(rows: list[Measured], healthz_runs, single, profiles, load_avg, server_log,
            postgres: bool = False) -> list[str]:
    lines = [(f"Load: {STEP_SECONDS:g} s per step (at most {MAX_REQUESTS:,} requests, hard limit "
             f"{STEP_HARD_LIMIT:g} s), closed loop, one thread and connection per client "
             "(sync workers close each connection, so every request reconnects), loopback only. "
             "Ratio = requests/s of the endpoint / mean /healthz requests/s of the same run "
             "(measured before and after the endpoints). CPU ms/req = CPU time of the gunicorn "
             "master and workers during the step / requests answered (from /proc): it depends much "
             "less on what else the machine runs (it still rises when the cores are shared), and "
             "/healthz CPU ÷ endpoint CPU is the throughput ratio the server would reach with the "
             "cores to itself."), "",
             "Endpoints: " + "; ".join(
                 f"{e.name} = {e.path}" for e in {m.endpoint.name: m.endpoint for m in rows
                                                   if not m.name.startswith("/healthz")}.values())
             + ".", "",
             ("| concurrency | endpoint | requests | req/s | ratio to /healthz | p50 ms | p95 ms "
             "| p99 ms | errors | 409 | server CPU ms/req | CPU ratio | target |"),
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    missed: list[str] = []
    for m in rows:
        result, endpoint, base = m.result, m.endpoint, m.base_rps
        errors = result.errors(endpoint.allowed)
        healthz = m.name.startswith("/healthz")
        verdict = ""
        if m.name in TARGETS:
            ratio_target, p95_target = TARGETS[m.name]
            parts = [f"≥ {ratio_target:.0%} of /healthz"]
            ok = result.rps / base >= ratio_target if base else False
            if p95_target is not None and m.concurrency == 10:
                parts.append(f"p95 < {p95_target:g} ms")
                ok = ok and result.percentile(95) < p95_target
            parts.append("0 errors")
            ok = ok and errors == 0
            verdict = f"{', '.join(parts)}: {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(f"{m.name} at concurrency {m.concurrency}: {result.rps:.0f} req/s = "
                              f"{result.rps / base:.0%} of /healthz, p95 {_ms(result.percentile(95))} ms, "
                              f"{errors} errors" + (f" (first: {result.first_problem})"
                                                    if errors and result.first_problem else "")
                              + ". " + _reason(m.name, m, profiles) + ".")
        elif errors:
            verdict = f"errors! {result.first_problem[:80]}"
        ratio = "—" if healthz or not base else f"{result.rps / base:.0%}"
        cpu_ratio = "—" if healthz or not m.cpu_ms else f"{m.base_cpu_ms / m.cpu_ms:.0%}"
        lines.append(
            f"| {m.concurrency} | {m.name} | {result.requests:,} | {result.rps:.0f} | {ratio} | "
            f"{_ms(result.percentile(50))} | {_ms(result.percentile(95))} | "
            f"{_ms(result.percentile(99))} | {errors} | "
            f"{result.count(409) if endpoint.allowed else '—'} | {_ms(m.cpu_ms)} | {cpu_ratio} | "
            f"{verdict} |")
    lines.append("")
    client = sum(m.client_cpu for m in rows) / max(1, sum(m.result.requests for m in rows)) * 1000
    noisy = [c for c, (a, b) in healthz_runs.items() if min(a, b) and max(a, b) / min(a, b) > 1.25]
    others = [m.other_cores for m in rows]
    notes = [(f"while the load ran, other processes used {statistics.mean(others):.2f} of the "
              f"{os.cpu_count()} cores on average (up to {max(others):.2f} in one step)"
              + (", PostgreSQL's server processes among them" if postgres else "")),
             (f"load average (1 min) at the start of each block and at the end: "
             f"{', '.join(f'{x:.2f}' for x in load_avg)}"),
             f"the load generator itself used {client:.2f} ms CPU per request on the same cores"]
    if postgres:
        notes.append("the CPU columns count gunicorn only: PostgreSQL's own CPU (the dashboard's "
                     "aggregates) is left out of them")
    if noisy:
        notes.append("/healthz moved by more than 25% between the start and the end of the block at "
                     f"concurrency {', '.join(map(str, noisy))}")
    if statistics.mean(others) > (0.6 if postgres else 0.25):
        notes.append("other engineers' tests were running on the machine, so req/s and latencies "
                     "are noisy and lower than on an idle machine; the CPU ms/req columns much less so")
    lines += [f"Note: {'; '.join(notes)}.", ""]

    lines += ["Single requests on the large dataset (sequential, no other load from us, as admin):",
              "", "| what | path | median ms | status | size | target < 200 ms |",
              "|---|---|---|---|---|---|"]
    for what, path, ms, status, size, target in single:
        verdict = "—" if target is None else ("met" if ms < target and status == 200 else "MISSED")
        if verdict == "MISSED" or ms > 1000 or status != 200:
            p = next((p for p in profiles if what.startswith(p.what)), None)
            why = ""
            if p is not None:
                why = (f"; in-process {_ms(p.total_ms)} ms, SQL {_ms(p.sql_ms)} ms in {p.statements} "
                       "statements, hot spots " + ", ".join(f"`{n}` {share:.0%}" for n, share in p.hot[:3]))
            missed.append(f"{what}: {_ms(ms)} ms (status {status})"
                          + (" — no target, but slow" if verdict == "—" else "") + why + ".")
        lines.append(f"| {what} | `{path}` | {_ms(ms)} | {status} | {size / 1024:.0f} KiB | {verdict} |")
    lines.append("")

    lines += [("Where the time goes (in-process, no HTTP; best of up to 4 requests, with every SQL "
              "statement timed; shares of the time from one more request under cProfile; the XLSX "
              "export runs only once, under cProfile):"), "",
              ("| route | status | request ms | SQL ms (statements) | slowest statements | "
              "hot spots (share of the request) |"), "|---|---|---|---|---|---|"]
    for p in profiles:
        top = "<br>".join(f"{_ms(ms)} ms `{_clip(sql, 110)}`" for ms, sql in p.top_sql)
        hot = ", ".join(f"`{name}` {share:.0%}" for name, share in p.hot)
        lines.append(f"| {p.what} | {p.status} | {_ms(p.total_ms)} | {_ms(p.sql_ms)} ({p.statements}) "
                     f"| {top} | {hot} |")
    lines.append("")
    plans = [p for p in profiles if p.plan]
    for p in plans:
        lines.append(f"- plan of the slowest statement of {p.what}: {_clip(p.plan, 600)}")
    if plans:
        lines.append("")
    if missed:
        lines += ["Missed, and why:", ""] + [f"- {m}" for m in missed] + [""]
    errors_logged = [line for line in server_log.splitlines() if "Traceback" in line or "ERROR" in line]
    if errors_logged:
        lines += [f"Server log: {len(errors_logged)} error lines, first: `{errors_logged[0][:200]}`", ""]
    return lines


def run() -> list[str]:
    lines = [(f"gunicorn, {WORKERS} sync workers, on {HOST}; {os.cpu_count()} cores shared by the "
             "server and the load generator (Python threads, http.client)."), ""]
    databases: list[tuple[str, Callable]] = [("SQLite", sqlite_database)]
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if pg_url:
        databases.append(("PostgreSQL", lambda: postgres_database(pg_url)))
    else:
        lines += ["PostgreSQL: not run (set BENCH_DATABASE_URL).", ""]
    started = time.monotonic()
    for label, make in databases:
        try:
            with make() as url:
                lines += run_database(label, url)
        except Exception as error:  # noqa: BLE001 - report it and let the other parts be written
            import traceback

            traceback.print_exc()
            lines += [f"### {label}", "", f"FAILED: {type(error).__name__}: {error}", ""]
    lines.append(f"The web benchmark took {time.monotonic() - started:.0f} s.")
    return lines

"""The web benchmark as multiples of the stack's floor (issue 21).

For each database (SQLite in a temp dir; PostgreSQL when BENCH_DATABASE_URL is set, or the
local server at postgresql+psycopg://postgres@127.0.0.1:5432/postgres when it answers), and
for the data at 1x (20,000 participants, 150,000 attendance and completion records) and 5x
(100,000 participants in the same hromadas):

- seed (benchmarks/seed_large.py), start the app as `make serve` does (gunicorn --preload
  'app.wsgi:app', 2 sync workers) and the floor app (benchmarks/floor.py) beside it;
- drive each page with wrk (closed loop, CONNECTIONS connections, STEP seconds) and count
  the CPU the gunicorn processes and the PostgreSQL backends of the database spent (from /proc)
  per request answered: CPU per request does not depend much on what else the machine runs,
  throughput does;
- report each page as a multiple of the floor's CPU per request measured in the same run,
  the 1x/5x dashboard comparison and the workers' memory (PSS, with and without --preload).

`python -m benchmarks.bench_speed` runs it alone; BENCH_STEP_SECONDS sets the step (6 s). The
floor runs first and last in each run and counts as one; all of it takes about 5 minutes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import seed_large
from benchmarks.bench_web import _stop, free_port, login, postgres_database, sqlite_database

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
STEP = float(os.environ.get("BENCH_STEP_SECONDS", "6"))
CONNECTIONS = 4
WORKERS = 2
SECRET = "bench-secret"
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# goal: a multiple of the floor's CPU per request
GOALS = {"module page": 3, "exercise page": 3, "autosave": 3, "cohort page": 3,
         "dashboard": 5, "what is missing": 5}
TICK = os.sysconf("SC_CLK_TCK")


# --- processes and their CPU ----------------------------------------------------------------

def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


@dataclass
class Server:
    port: int
    pid: int
    process: subprocess.Popen

    def pids(self) -> list[int]:
        return [self.pid, *_children(self.pid)]

    def cpu(self) -> float:
        return sum(_proc_cpu(p) for p in self.pids())

    def memory_mib(self) -> tuple[float, list[float]]:
        """(PSS of master + workers, each worker's PSS) in MiB."""
        workers = _children(self.pid)
        sizes = [_pss_kib(p) / 1024 for p in workers]
        return (_pss_kib(self.pid) / 1024 + sum(sizes), sizes)


@contextmanager
def gunicorn(url: str, target: str, log_dir: str, preload: bool = True) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SPILNO_SECRET_KEY": SECRET,
           "SPILNO_CONFIG": "development", "PYTHONDONTWRITEBYTECODE": "1"}
    log = Path(log_dir) / f"gunicorn-{port}.log"
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), "--workers", str(WORKERS), "--worker-class", "sync",
               "--bind", f"{HOST}:{port}", "--timeout", "120", "--error-logfile", str(log),
               *(["--preload"] if preload else []), target]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {target} exited: "
                                   f"{log.read_text(errors='replace')[-2000:] if log.exists() else ''}")
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {target} did not start within 120 s")
            time.sleep(0.3)
        yield Server(port, process.pid, process)
    finally:
        _stop(process)


class Backends:
    """CPU of the PostgreSQL backends serving one database (pids from pg_stat_activity)."""

    def __init__(self, url: str | None):
        self.engine = None
        if url and url.startswith("postgresql"):
            from sqlalchemy import create_engine
            from sqlalchemy.engine import make_url

            self.database = make_url(url).database
            self.engine = create_engine(make_url(url).set(database="postgres"))

    def pids(self) -> set[int]:
        if self.engine is None:
            return set()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            mine = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            return {p for p in conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :d"), {"d": self.database}
            ).scalars() if p != mine}

    def snapshot(self) -> dict[int, float]:
        return {p: _proc_cpu(p) for p in self.pids()}

    def spent(self, before: dict[int, float]) -> float:
        after = self.snapshot()
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


# --- load with wrk ------------------------------------------------------------------------------

AUTOSAVE_LUA = r"""
local works, n = {}, 0
function setup(thread)
  n = n + 1
  thread:set("work", WORKS[n])
  thread:set("cookie", COOKIES[n])
  thread:set("csrf", CSRFS[n])
end
function init(args)
  version = 1
  sent = 0
end
function request()
  sent = sent + 1
  local body = "version=" .. version .. "&f-core_problem=" .. sent ..
    "+%D0%BC%D0%B5%D1%88%D0%BA%D0%B0%D0%BD%D1%86%D1%96&f-affected_groups=%D0%9E%D0%A1%D0%91%D0%91" ..
    "&f-causes=%D0%9D%D0%B5%D0%BC%D0%B0%D1%94+%D1%81%D1%82%D0%B0%D0%BD%D0%B4%D0%B0%D1%80%D1%82%D1%83" ..
    "&f-effects=x&f-evidence=y&f-open_gov_link=z&f-definition_check=1"
  return wrk.format("POST", "/works/" .. work .. "/autosave",
    {["Cookie"] = cookie, ["X-CSRFToken"] = csrf, ["Accept"] = "application/json",
     ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  local v = string.match(body, '"version"%s*:%s*(%d+)')
  if v then version = tonumber(v) end
end
"""

POST_LUA = r"""
wrk.method = "POST"
wrk.body = BODY
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = COOKIE
"""


@dataclass
class Result:
    name: str
    requests: int = 0
    rps: float = 0.0
    non2xx: int = 0
    errors: int = 0
    app_cpu: float = 0.0
    db_cpu: float = 0.0
    size: int = 0
    note: str = ""

    @property
    def cpu_ms(self) -> float:
        return (self.app_cpu + self.db_cpu) / self.requests * 1000 if self.requests else float("nan")

    @property
    def db_share(self) -> float:
        total = self.app_cpu + self.db_cpu
        return self.db_cpu / total if total else 0.0


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string literal for ASCII


def wrk(server: Server, backends: Backends, name: str, path: str, headers: dict[str, str],
        script: str | None = None, threads: int = 2, connections: int = CONNECTIONS) -> Result:
    args = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{STEP:g}s",
            "--timeout", "30s"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    script_file = None
    if script:
        handle, script_file = tempfile.mkstemp(suffix=".lua")
        with os.fdopen(handle, "w") as out:
            out.write(script)
        args += ["-s", script_file]
    args.append(f"http://{HOST}:{server.port}{path}")
    cpu, db_before = server.cpu(), backends.snapshot()
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=STEP + 60)
    result = Result(name, app_cpu=server.cpu() - cpu, db_cpu=backends.spent(db_before))
    if script_file:
        os.unlink(script_file)
    out = done.stdout
    found = re.search(r"(\d+) requests in", out)
    result.requests = int(found.group(1)) if found else 0
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    result.rps = float(found.group(1)) if found else 0.0
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result.non2xx = int(found.group(1)) if found else 0
    found = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result.errors = sum(int(x) for x in found.groups()) if found else 0
    if done.returncode != 0 or not result.requests:
        result.note = " ".join((done.stderr + " " + out).split())[-300:]
    return result


def fetch(server: Server, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection(HOST, server.port, timeout=120)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- one run --------------------------------------------------------------------------------------

@dataclass
class Run:
    database: str
    scale: int
    seeded: seed_large.Seeded
    results: list[Result] = field(default_factory=list)
    memory: dict[str, tuple[float, list[float]]] = field(default_factory=dict)
    seconds: float = 0.0

    def floor(self) -> Result:
        """The floor measured first and last in the run, together (the machine's other load
        changes over a run; both ends of it weigh the same)."""
        both = [r for r in self.results if r.name in ("floor", "floor (again)")]
        return Result("floor", requests=sum(r.requests for r in both),
                      app_cpu=sum(r.app_cpu for r in both), db_cpu=sum(r.db_cpu for r in both))

    def ratio(self, result: Result) -> float:
        return result.cpu_ms / self.floor().cpu_ms


def _csrf_for(server: Server) -> tuple[str, str]:
    """A session cookie and the CSRF token of the login form that goes with it."""
    import requests

    with requests.Session() as session:
        page = session.get(f"http://{HOST}:{server.port}/login", timeout=60).text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        return "; ".join(f"{c.name}={c.value}" for c in session.cookies), token


def measure(database: str, url: str, scale: int, full: bool) -> Run:
    started = time.perf_counter()
    base = int(os.environ.get("BENCH_PARTICIPANTS", seed_large.PARTICIPANTS))  # smaller: a try
    seeded = seed_large.seed(url, participants=base * scale,
                             per_hromada=seed_large.PER_HROMADA * scale)
    run = Run(database, scale, seeded)
    log_dir = tempfile.mkdtemp(prefix="spilno-speed-")
    backends = Backends(url)
    try:
        with gunicorn(url, "app.wsgi:app", log_dir) as app_server, \
                gunicorn(url, "benchmarks.floor:app", log_dir, preload=True) as floor_server:
            from benchmarks import floor

            floor_cookie = {"Cookie": floor.cookie(SECRET, 100)}  # participant p00000
            users = seeded.bench_users[:CONNECTIONS]
            logins = {e: login(app_server.port, e) for e in
                      [*users, seed_large.ADMIN_EMAIL, "trainer3@bench.test"]}
            admin = {"Cookie": logins[seed_large.ADMIN_EMAIL].cookie}
            trainer = {"Cookie": logins["trainer3@bench.test"].cookie}
            participant = {"Cookie": logins[users[0]].cookie}
            cohort = seed_large.COMPLETED_COHORTS + 1  # in progress, led by trainer3
            pages = [("floor", floor_server, "/floor", floor_cookie),
                     ("dashboard", app_server, "/dashboard", admin),
                     ("what is missing", app_server, "/dashboard/missing", admin)]
            if full:
                work = seeded.bench_works[users[0]]
                pages[1:1] = [("module page", app_server, "/course/modules/M2", participant),
                              ("exercise page", app_server, f"/works/{work}", participant),
                              ("cohort page", app_server, f"/cohorts/{cohort}", trainer)]
            for name, server, path, headers in pages:
                status, body = fetch(server, path, headers)  # warm, and check it answers
                if status != 200:
                    raise RuntimeError(f"{name} {path} answered {status}")
                result = wrk(server, backends, name, path, headers)
                result.size = len(body)
                run.results.append(result)
            if full:
                def table(values: list[str]) -> str:
                    return "({" + ",".join(values) + "})[n]"

                lua = AUTOSAVE_LUA.replace(
                    "WORKS[n]", table([str(seeded.bench_team_works[e]) for e in users])).replace(
                    "COOKIES[n]", table([_lua_string(logins[e].cookie) for e in users])).replace(
                    "CSRFS[n]", table([_lua_string(logins[e].csrf) for e in users]))
                run.results.append(wrk(app_server, backends, "autosave", "/", {}, lua,
                                       threads=len(users), connections=len(users)))
                cookie, token = _csrf_for(app_server)
                from urllib.parse import urlencode

                body = urlencode({"email": seed_large.LOGIN_EMAIL,
                                  "password": seed_large.BENCH_PASSWORD, "csrf_token": token})
                lua = POST_LUA.replace("BODY", _lua_string(body)).replace("COOKIE",
                                                                          _lua_string(cookie))
                run.results.append(wrk(app_server, backends, "login", "/login", {}, lua))
            run.results.append(wrk(floor_server, backends, "floor (again)", "/floor", floor_cookie))
            run.memory["app.wsgi:app --preload"] = app_server.memory_mib()
        if full:  # the memory of the old command, each worker having served the same pages
            with gunicorn(url, "app:create_app()", log_dir, preload=False) as plain:
                for _ in range(6):
                    fetch(plain, "/course/modules/M2", {"Cookie": logins[users[0]].cookie})
                    fetch(plain, "/dashboard", admin)
                run.memory["app:create_app() (no preload)"] = plain.memory_mib()
    finally:
        backends.close()
        shutil.rmtree(log_dir, ignore_errors=True)
    run.seconds = time.perf_counter() - started
    return run


def _databases() -> list[tuple[str, object]]:
    found = [("SQLite", sqlite_database)]
    url = os.environ.get("BENCH_DATABASE_URL") or LOCAL_POSTGRES
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        found.append(("PostgreSQL", lambda: postgres_database(url)))
    except Exception:  # noqa: BLE001 - no server: SQLite only, said in the report
        pass
    return found


# --- commands ------------------------------------------------------------------------------------

def commands() -> list[str]:
    """`spilno deck M2` beside pandoc on the same Markdown, start-up included (hyperfine): once
    with the deck and the course kept from a run before (as a trainer rebuilding decks), and
    cold (kept decks removed before each run: python-pptx imported, the deck laid out)."""
    if not shutil.which("hyperfine") or not shutil.which("pandoc"):
        return ["hyperfine or pandoc missing (apt-get install hyperfine pandoc): not measured."]
    spilno = Path(sys.executable).with_name("spilno")
    out = tempfile.mkdtemp(prefix="spilno-cmd-")
    env = {**os.environ, "XDG_CACHE_HOME": f"{out}/cache"}
    source = next((ROOT / "modules").glob("02-*.md"))
    runs = [("spilno deck M2 -o M2.pptx (kept)", f"{spilno} deck M2 -o {out}/M2.pptx"),
            ("pandoc 02-....md -o M2.pptx", f"pandoc {source} -o {out}/p.pptx"),
            ("spilno content check", f"{spilno} content check"),
            ("spilno --help (the web app)", f"{spilno} --help")]
    warm, cold = Path(out) / "warm.json", Path(out) / "cold.json"
    subprocess.run(["hyperfine", "-N", "-w", "2", "-r", "10", "-i", "--export-json", str(warm),
                    *[c for _n, c in runs]], cwd=out, env=env, capture_output=True, check=False)
    subprocess.run(["hyperfine", "-r", "5", "-i", "--export-json", str(cold), "--prepare",
                    f"rm -f {out}/cache/spilno/deck-*.pptx", runs[0][1]],
                   cwd=out, env=env, capture_output=True, check=False)
    data = json.loads(warm.read_text())["results"] if warm.exists() else []
    names = [n for n, _c in runs]
    if cold.exists():
        data += json.loads(cold.read_text())["results"]
        names.append("spilno deck M2 -o M2.pptx (cold: deck built, course kept)")
    lines = ["| command | wall (mean) | CPU user+sys |", "|---|---|---|"]
    for name, item in zip(names, data, strict=False):
        lines.append(f"| `{name}` | {item['mean'] * 1000:.0f} ms | "
                     f"{(item['user'] + item['system']) * 1000:.0f} ms |")
    shutil.rmtree(out, ignore_errors=True)
    return lines


# --- report ----------------------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.1f}" if x == x else "—"


def report(runs: list[Run]) -> list[str]:
    lines = []
    full = [r for r in runs if r.scale == 1]
    names = ["floor", "module page", "exercise page", "autosave", "cohort page", "dashboard",
             "what is missing", "login"]
    header = "| page | " + " | ".join(f"{r.database} x floor" for r in full) + " | " + \
        " | ".join(f"{r.database} CPU ms/req (app + db)" for r in full) + " | goal |"
    lines += [header, "|" + "---|" * (2 + 2 * len(full))]
    for name in names:
        cells, cpu = [], []
        for run in full:
            result = next((r for r in run.results if r.name == name), None)
            if result is None:
                cells.append("—")
                cpu.append("—")
                continue
            if name == "floor":
                result = run.floor()
            cells.append("1.0" if name == "floor" else _fmt(run.ratio(result)))
            cpu.append(f"{result.cpu_ms:.2f} ({result.db_share:.0%} db)")
        goal = GOALS.get(name)
        verdict = ""
        if goal:
            ratios = [run.ratio(r) for run in full for r in run.results if r.name == name]
            verdict = f"≤ {goal}x: " + ("met" if ratios and max(ratios) <= goal else "MISSED")
        lines.append(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(cpu) + f" | {verdict} |")
    lines += ["", "Dashboard and missing list at 1x and 5x the data (same hromadas, five times the "
              "people and records), each against the floor of its own run:", "",
              "| database | page | 1x x floor | 5x x floor | 5x / 1x (CPU per request) |",
              "|---|---|---|---|---|"]
    for database in dict.fromkeys(r.database for r in runs):
        one = next((r for r in runs if r.database == database and r.scale == 1), None)
        five = next((r for r in runs if r.database == database and r.scale == 5), None)
        if not (one and five):
            continue
        for name in ("dashboard", "what is missing"):
            a = next(r for r in one.results if r.name == name)
            b = next(r for r in five.results if r.name == name)
            lines.append(f"| {database} | {name} | {_fmt(one.ratio(a))} | {_fmt(five.ratio(b))} | "
                         f"{b.cpu_ms / a.cpu_ms:.2f} |")
    lines += ["", f"Raw figures (wrk, {CONNECTIONS} connections, {STEP:g} s a step; requests "
              "answered, req/s, non-2xx, socket errors, page size):", "",
              "| database | data | page | requests | req/s | non-2xx | errors | size | app CPU s | db CPU s |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        for r in run.results:
            lines.append(f"| {run.database} | {run.scale}x | {r.name} | {r.requests:,} | {r.rps:.0f} | "
                         f"{r.non2xx} | {r.errors} | {r.size / 1024:.0f} KiB | {r.app_cpu:.2f} | "
                         f"{r.db_cpu:.2f} |{(' ' + r.note) if r.note else ''}")
    lines += ["", "Worker memory (PSS: shared pages counted once across the processes), after the "
              "same pages were served:", "", "| database | server | master + 2 workers | each worker |",
              "|---|---|---|---|"]
    for run in runs:
        for server, (total, each) in run.memory.items():
            lines.append(f"| {run.database} {run.scale}x | `{server}` | {total:.0f} MiB | "
                         f"{', '.join(f'{w:.0f}' for w in each)} MiB |")
    lines += ["", "Seeding and timing: " + "; ".join(
        f"{r.database} {r.scale}x seeded in {r.seeded.seconds:.0f} s, run {r.seconds:.0f} s "
        f"({r.seeded.counts.get('user_account', 0):,} accounts, "
        f"{r.seeded.counts.get('attendance', 0) + r.seeded.counts.get('module_completion', 0):,} "
        f"attendance + completion records)" for r in runs) + "."]
    return lines


def run() -> list[str]:
    started = time.perf_counter()
    load_before = os.getloadavg()
    runs = []
    databases = _databases()
    for database, context in databases:
        for scale in (1, 5):
            with context() as url:
                print(f"  {database} {scale}x ...", flush=True)
                runs.append(measure(database, url, scale, full=scale == 1))
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
             "`python -m benchmarks.bench_speed` (part of `make bench`): gunicorn --preload "
             "'app.wsgi:app' with 2 sync workers, the floor app (benchmarks/floor.py) beside it, "
             f"wrk with {CONNECTIONS} connections for {STEP:g} s a page. A figure is the CPU per "
             "request of the gunicorn processes plus the PostgreSQL backends of the database "
             "(from /proc), divided by the floor's in the same run (the floor runs first and "
             "last; both count). The dashboard and the "
             "missing list are read while nothing changes, as most views are: their figures and "
             "statuses are kept under the dashboard stamp, and the first view after a change "
             "counts them again (tests/web/test_dashboard_stamp.py).", ""]
    if len(databases) == 1:
        lines += ["PostgreSQL: not reachable (set BENCH_DATABASE_URL): SQLite only.", ""]
    lines += report(runs)
    lines += ["", "Commands (hyperfine, start-up included):", "", *commands(), "",
              f"The machine (2 cores) was shared with other engineers' work while this ran: load "
              f"average {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; "
              "throughput (req/s) suffers from that, CPU per request much less. The whole "
              f"benchmark took {time.perf_counter() - started:.0f} s."]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))

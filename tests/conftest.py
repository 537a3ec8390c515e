"""Fixtures: the app on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
HROMADAS_CSV = ROOT.parent / "shared" / "data" / "hromadas.csv"
PASSWORD = "correct-horse-battery"
TEST_OVERRIDES = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt costs 0.16 s a check
    "SERVER_NAME": None,
    # existing tests let uncertified trainers lead cohorts; tests of the rule turn it on
    "REQUIRE_CERTIFIED_LEADS": False,
    "CONTENT_RECHECK_SECONDS": 0,  # tests that edit content see it at once
    # quiz tests answer by question number and retake at once; the policy's own tests
    # (tests/web/test_quiz_policy.py) turn shuffling and the cool-down on
    "QUIZ_SHUFFLE": False,
    "QUIZ_COOL_DOWN_MINUTES": 0,
}


def _migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


def _worker_database(url: str, worker_id: str) -> str:
    """Each pytest-xdist worker gets a database of its own (created when missing)."""
    if worker_id in ("", "master"):
        return url
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker_id}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url(request) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL")
    worker = getattr(request.config, "workerinput", {}).get("workerid", "master")
    url = _worker_database(url, worker)
    engine = create_engine(url)
    with engine.begin() as conn:  # migrations must build the schema from empty
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _migrate(url)
    return url


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "spilno.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    _truncate_postgres(url)
    return url


@pytest.fixture
def app(database_url):
    from app import create_app

    application = create_app({**TEST_OVERRIDES, "DATABASE_URL": database_url})
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def db(app):
    """A session of the test's own, outside any app context: requests made by the test
    client must get their own context (and their own `g`), as in production."""
    session = app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Client:
    """The test client with the CSRF token every state-changing request needs."""

    def __init__(self, flask_client):
        self.raw = flask_client

    def csrf(self) -> str:
        page = self.raw.get("/").get_data(as_text=True)
        return CSRF_RE.search(page).group(1)

    def get(self, url, **kw):
        return self.raw.get(url, **kw)

    def post(self, url, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self.raw.post(url, data=data, **kw)

    def login(self, email, password=PASSWORD):
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def client(app):
    return Client(app.test_client())


@pytest.fixture
def new_client(app):
    return lambda: Client(app.test_client())


def load_hromadas(db, limit: int | None = None):
    from app.registry.hromada_csv import parse_hromadas
    from app.registry.services import upsert_municipalities

    rows = parse_hromadas(HROMADAS_CSV.read_text(encoding="utf-8"))
    result = upsert_municipalities(db, rows[:limit] if limit else rows)
    db.commit()
    return result


VINNYTSIA = "UA05020030000031457"


@pytest.fixture
def hromadas(db):
    """A slice of the real registry (the first 40 rows: Vinnytsia oblast)."""
    load_hromadas(db, 40)


@pytest.fixture
def make_user(app, db, hromadas):
    from app.auth.services import NewUser, create_user

    def make(role="participant", email=None, municipality=VINNYTSIA,
             stakeholder="government", name="Test User", password=PASSWORD):
        count = make.count = getattr(make, "count", 0) + 1
        with app.app_context():
            user = create_user(db, NewUser(
                email=email or f"{role}{count}@example.org", name=name, role=role,
                municipality_code=municipality if role == "participant" else "",
                stakeholder_type=stakeholder if role == "participant" else ""), None, password)
        db.commit()
        return user

    return make


@pytest.fixture
def make_cohort(db):
    """`make_cohort(lead=..., learners=[...])`: tests/factories.py's gen_cohort on the test's db."""
    from tests.factories import gen_cohort

    return lambda **kw: gen_cohort(db, **kw)


@pytest.fixture(scope="session")
def plain_runner():
    """A CLI runner for commands that touch no database (content, decks, agendas)."""
    from app import create_app

    return create_app({**TEST_OVERRIDES, "DATABASE_URL": "sqlite://"}).test_cli_runner()


def count_queries(app, client, url) -> int:
    """How many SQL statements one GET of `url` runs (it must answer 200)."""
    from sqlalchemy import event

    statements = []
    engine = app.extensions["db_engine"]

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def pytest_collection_modifyitems(items):
    """Tests that render a PDF say so in their name; they carry the `pdf` mark, so that a
    developer can leave the slow ones out locally with `-m "not pdf"` (CI runs them all)."""
    for item in items:
        if "pdf" in item.name.lower():
            item.add_marker(pytest.mark.pdf)


import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import User
from app.registry.models import Municipality
from tests.conftest import HROMADAS_CSV


def test_factory_applies_overrides_and_safe_defaults(app):
    assert app.config["TESTING"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] <= 16 * 1024 * 1024
    assert {"main", "auth", "admin"} <= set(app.blueprints)


def test_production_config_needs_a_secret(monkeypatch):
    monkeypatch.setenv("SPILNO_CONFIG", "production")
    with pytest.raises(RuntimeError, match="SPILNO_SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(monkeypatch):
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SPILNO_CONFIG", "production")
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_unknown_config_name_is_refused(monkeypatch):
    monkeypatch.setenv("SPILNO_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="SPILNO_CONFIG"):
        create_app()


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok"


def test_import_all_hromadas_then_again(runner, db):
    result = runner.invoke(args=["municipalities", "import", str(HROMADAS_CSV)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "imported 1469, updated 0, unchanged 0"
    assert db.scalar(select(func.count()).select_from(Municipality)) == 1469
    again = runner.invoke(args=["municipalities", "import", str(HROMADAS_CSV)])
    assert again.output.strip() == "imported 0, updated 0, unchanged 1469"
    assert db.scalar(select(func.count()).select_from(Municipality)) == 1469


def test_import_updates_changed_rows(runner, db, tmp_path):
    lines = HROMADAS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    first = tmp_path / "first.csv"
    first.write_text("".join(lines[:11]), encoding="utf-8")
    assert runner.invoke(args=["municipalities", "import", str(first)]).output.strip() == \
        "imported 10, updated 0, unchanged 0"
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(lines[:2]) + lines[2].replace(",387439,", ",400000,") + "".join(lines[3:11]),
                       encoding="utf-8")
    result = runner.invoke(args=["municipalities", "import", str(changed)])
    assert result.output.strip() == "imported 0, updated 1, unchanged 9"
    vinnytsia = db.scalar(select(Municipality).where(Municipality.code == "UA05020030000031457"))
    assert vinnytsia.population == 400000


def test_malformed_csv_stops_with_file_line_and_imports_nothing(runner, db, tmp_path):
    lines = HROMADAS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines[:5]) + lines[5].replace("UA05", "XX05") + "".join(lines[6:20]),
                   encoding="utf-8")
    result = runner.invoke(args=["municipalities", "import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:6: code 'XX05" in result.output
    assert db.scalar(select(func.count()).select_from(Municipality)) == 0


def test_users_create_reads_the_password_from_stdin(runner, db, hromadas):
    result = runner.invoke(args=["users", "create", "--email", "Oksana@Example.org", "--role",
                                 "participant", "--municipality", "UA05020030000031457",
                                 "--name", "Оксана Мельник"], input="a-long-password\n")
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email_key == "oksana@example.org"))
    assert user.name == "Оксана Мельник" and user.municipality.code == "UA05020030000031457"
    assert user.password_hash and "a-long-password" not in user.password_hash


@pytest.mark.parametrize("args, stdin, message", [
    (["--email", "a@example.org", "--role", "trainer"], "short\n", "password: Use at least 10"),
    (["--email", "not-an-email", "--role", "trainer"], "a-long-password\n", "email: Enter a valid"),
    (["--email", "p@example.org", "--role", "participant", "--municipality", "UA00000000000000000"],
     "a-long-password\n", "municipality_code: No hromada has this KATOTTG code"),
])
def test_users_create_refuses_bad_input(runner, hromadas, args, stdin, message):
    result = runner.invoke(args=["users", "create", *args], input=stdin)
    assert result.exit_code == 1
    assert message in result.output


def test_users_create_refuses_the_same_email_in_other_case(runner, db):
    assert runner.invoke(args=["users", "create", "--email", "olena@example.org", "--role", "trainer"],
                         input="a-long-password\n").exit_code == 0
    result = runner.invoke(args=["users", "create", "--email", "OLENA@Example.org", "--role",
                                 "trainer"], input="a-long-password\n")
    assert result.exit_code == 1 and "already exists" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 1


def test_seed_demo_is_idempotent(runner, db, app):
    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert "hromadas: imported 1469" in first.output
    assert "admin@spilno.test" in first.output
    users = db.scalar(select(func.count()).select_from(User))
    second = runner.invoke(args=["seed", "--demo"])
    assert "hromadas: imported 0, updated 0, unchanged 1469" in second.output
    assert "demo users: created 0" in second.output
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(User)) == users
    participants = list(db.scalars(select(User).where(User.role == "participant")))
    assert len({p.municipality_id for p in participants}) >= 3
    assert {"government", "civil_society"} <= {p.stakeholder_type for p in participants}
    assert db.scalar(select(func.count()).select_from(User).where(User.role == "trainer")) == 2
    from app.scheduling.models import Attendance, Cohort

    assert db.scalar(select(func.count()).select_from(Cohort)) == 2
    assert db.scalar(select(func.count()).select_from(Attendance)) == 5 * 4  # 4 people, 5 sessions
    assert "demo cohort" not in second.output
    assert "demo action plan" in first.output and "demo action plan" not in second.output


def _demo_counts(db) -> dict[str, int]:
    from app.monitoring.models import Assessment, ImplementationMeeting, MonitoringBodyMember, TrackerUpdate
    from app.plans.models import ActionPlan, Commitment, ConsultationMeeting, Milestone, OgpMembership

    return {model.__name__: db.scalar(select(func.count()).select_from(model))
            for model in (OgpMembership, ActionPlan, Commitment, Milestone, ConsultationMeeting,
                          TrackerUpdate, ImplementationMeeting, MonitoringBodyMember, Assessment)}


def test_seed_demo_gives_vinnytsia_a_submitted_plan_and_its_monitoring(runner, db, client, new_client):
    from app.monitoring.models import Evidence, TrackerUpdate
    from app.plans import rules, services
    from app.seed import DEMO_PASSWORD
    from app.seed_plan import CODE

    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    counts = _demo_counts(db)
    second = runner.invoke(args=["seed", "--demo"])
    assert second.exit_code == 0, second.output
    db.expire_all()
    assert _demo_counts(db) == counts  # a second seed adds nothing

    vinnytsia = db.scalar(select(Municipality).where(Municipality.code == CODE))
    plans = list(db.scalars(services.plans_of(vinnytsia.id)))
    assert len(plans) == 1
    plan = plans[0]
    assert plan.status == "submitted" and len(plan.commitments) == 5
    assert plan.submitted_on < plan.period_start
    membership = plan.jurisdictions[0].membership
    assert membership.term_end is not None and membership.contact_email == "vinnytsia.gov@spilno.test"
    answer = rules.check_plan(services.plan_value(plan))
    assert answer["ok"] is True, [r for r in answer["rules"] if not r["ok"]]
    for c in plan.commitments:
        assert c.title["en"] and c.title["uk"] and c.action["en"] and c.action["uk"]
        assert c.milestones and all(m.output["en"] and m.output["uk"] for m in c.milestones)
    assert plan.vision["E.1"]["en"] and plan.vision["E.1"]["uk"]

    updates = list(db.scalars(select(TrackerUpdate).where(TrackerUpdate.municipality_id == vinnytsia.id)))
    assert updates and all(u.narrative_uk for u in updates)
    assert db.scalar(select(func.count()).select_from(Evidence)) >= 1
    last = max(u.quarter for u in updates)
    assert {u.commitment_id for u in updates if u.quarter == last} < {c.id for c in plan.commitments}

    client.login("vinnytsia.gov@spilno.test", DEMO_PASSWORD)
    page = client.get(f"/monitoring/hromadas/{CODE}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert updates[0].narrative_uk[:40] in html
    assert plan.commitments[0].title["uk"] in html
    assert client.get(f"/plans/{plan.id}").status_code == 200

    staff = new_client()
    staff.login("admin@spilno.test", DEMO_PASSWORD)
    portfolio = staff.get("/monitoring/portfolio")
    assert portfolio.status_code == 200
    assert vinnytsia.name_uk in portfolio.get_data(as_text=True)


def test_db_upgrade_on_an_empty_sqlite_database(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    from sqlalchemy import inspect

    tables = set(inspect(app.extensions["db_engine"]).get_table_names())
    assert {"user_account", "municipality", "audit_event", "alembic_version"} <= tables


def test_the_migrations_match_the_models(database_url):
    """A model change without its Alembic migration fails here, on both databases."""
    from alembic import command
    from alembic.config import Config

    from tests.conftest import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    command.check(cfg)  # raises when autogenerate would produce operations

"""The `spilno` command group: thin wrappers over services."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from app.db import get_db

ROOT = Path(__file__).resolve().parent.parent


def fail(message: str) -> None:
    """One clear line on stderr, exit code 1."""
    click.echo(message, err=True)
    sys.exit(1)


# --- db -----------------------------------------------------------------------------------

@click.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


def alembic_config():
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", current_app.config["DATABASE_URL"].replace("%", "%%"))
    return cfg


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(), revision)
    click.echo(f"database at {revision}")


# --- municipalities -----------------------------------------------------------------------

@click.group("municipalities")
def municipalities_group() -> None:
    """The hromada registry."""


@municipalities_group.command("import")
@click.argument("csv_path", type=click.Path(dir_okay=False))
@with_appcontext
def municipalities_import(csv_path: str) -> None:
    """Upsert hromadas from CSV_PATH by KATOTTG code (all rows or none)."""
    from app.admin.hromada_csv import CsvError, parse_hromadas
    from app.admin.services import upsert_municipalities

    try:
        text = Path(csv_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{csv_path}:1: file not found")
    except UnicodeDecodeError as error:
        fail(f"{csv_path}:1: not UTF-8 text ({error.reason})")
    try:
        rows = parse_hromadas(text)
    except CsvError as error:
        fail(f"{csv_path}:{error.line}: {error.message}")
    db = get_db()
    result = upsert_municipalities(db, rows)
    db.commit()
    click.echo(result.summary())


# --- users --------------------------------------------------------------------------------

@click.group("users")
def users_group() -> None:
    """Accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "trainer", "participant", "observer"]))
@click.option("--municipality", "municipality_code", default="", help="KATOTTG code")
@click.option("--name", default="", help="defaults to the part of the email before @")
@click.option("--stakeholder-type", default="", type=click.Choice(
    ["", "government", "civil_society", "other_non_governmental"]))
@with_appcontext
def users_create(email: str, role: str, municipality_code: str, name: str,
                 stakeholder_type: str) -> None:
    """Create an account; the password is read from standard input."""
    from app.auth.services import NewUser, create_user
    from app.errors import ServiceError

    password = sys.stdin.readline().rstrip("\r\n")
    if role == "participant" and not stakeholder_type:
        stakeholder_type = "government"
    db = get_db()
    try:
        user = create_user(db, NewUser(email=email, name=name or email.split("@")[0], role=role,
                                       municipality_code=municipality_code,
                                       stakeholder_type=stakeholder_type), None, password)
    except ServiceError as error:
        fail(f"{error.field or 'input'}: {error.message}")
    db.commit()
    click.echo(f"created {user.role} {user.email}")


# --- seed ---------------------------------------------------------------------------------

@click.command("seed")
@click.option("--demo", is_flag=True, help="demo accounts and a demo cohort")
@with_appcontext
def seed(demo: bool) -> None:
    """Load the hromada registry and, with --demo, demo data (idempotent)."""
    from app.admin.hromada_csv import CsvError, parse_hromadas
    from app.admin.services import upsert_municipalities
    from app.seed import seed_demo

    db = get_db()
    csv_path = Path(current_app.config["HROMADAS_CSV"])
    if csv_path.exists():
        try:
            rows = parse_hromadas(csv_path.read_text(encoding="utf-8"))
        except CsvError as error:
            fail(f"{csv_path}:{error.line}: {error.message}")
        click.echo(f"hromadas: {upsert_municipalities(db, rows).summary()}")
    else:
        click.echo(f"hromadas: {csv_path} not found, registry not loaded", err=True)
    if demo:
        for line in seed_demo(db):
            click.echo(line)
    db.commit()


# --- content ------------------------------------------------------------------------------

@click.group("content")
def content_group() -> None:
    """The course content: modules, exercises, session plans."""


@content_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="list the content as JSON")
@with_appcontext
def content_check(paths: tuple[str, ...], as_json: bool) -> None:
    """Validate PATHS (default: all shipped content). Errors exit 1."""
    import json

    from app.content.services import display_path, load_library

    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        fail(f"{missing[0]}:1: file not found")
    root = Path(current_app.config["CONTENT_DIR"]).resolve()
    library = load_library(root, [Path(p) for p in paths])
    # issues name files as the user typed them
    given = {display_path(Path(p).resolve(), root): p for p in paths}
    issues = [i for i in library.issues if not paths or i.path in given]
    for issue in issues:
        click.echo(str(issue).replace(issue.path, given.get(issue.path, issue.path), 1), err=True)
    if as_json:
        click.echo(json.dumps(content_summary(library), ensure_ascii=False, indent=2))
    errors = [i for i in issues if i.level == "error"]
    if not as_json:
        click.echo(f"{len(library.modules)} modules, {len(library.exercises)} exercises, "
                   f"{len(library.plans)} session plans: {len(errors)} errors, "
                   f"{len(issues) - len(errors)} warnings")
    if errors:
        sys.exit(1)


def content_summary(library) -> dict:
    return {
        "modules": [{"id": m.id, "title": m.title, "duration_min": m.duration_min, "path": m.path,
                     "exercises": list(m.exercises), "topics": [b.topic for b in m.outline],
                     "content_hash": m.content_hash} for m in library.modules],
        "exercises": [{"id": e.id, "title": e.title, "module": e.module, "step": e.step,
                       "mode": e.mode, "kind": e.kind, "path": e.path} for e in library.exercises],
        "session_plans": [{"id": p.id, "title": p.title, "path": p.path,
                           "days": [{"title": d.title, "offset_days": d.offset_days,
                                     "start": d.start,
                                     "items": [i.module or f"break:{i.minutes}" for i in d.items]}
                                    for d in p.days]} for p in library.plans],
        "errors": [str(i) for i in library.errors],
        "warnings": [str(i) for i in library.warnings],
    }


def register(app: Flask) -> None:
    for command in (db_group, municipalities_group, users_group, seed, content_group):
        app.cli.add_command(command)


def _create_app():
    from app import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, add_version_option=False,
                 help="Spilno: the OGP Local Training-of-Trainers course.")


def main() -> None:
    cli(prog_name="spilno")

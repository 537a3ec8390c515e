"""The `spilno` command group: thin wrappers over services."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from flask import Flask


class LightRun:
    """The context object of a command run without the web app (app/console.py LIGHT)."""


def with_appcontext(f):
    """flask.cli.with_appcontext, with Flask imported only when the command runs under the
    app's group: a light run (deck, agenda, content check) starts without Flask."""
    @functools.wraps(f)
    def run(*args, **kwargs):
        ctx = click.get_current_context()
        if ctx.find_object(LightRun) is not None:
            return f(*args, **kwargs)
        from flask.cli import with_appcontext as flask_with_appcontext

        return ctx.invoke(flask_with_appcontext(f), *args, **kwargs)

    return run


def _config(key: str):
    """A configuration value: the app's inside an app context (the app's group, tests), else
    config.py's (a light run, where only the configuration is needed)."""
    flask = sys.modules.get("flask")
    if flask is not None and flask.has_app_context():
        return flask.current_app.config[key]
    from config import config_class

    return getattr(config_class(), key)


def get_db():
    """The request's database session; imported here so that the commands that need no
    database (deck, agenda, content check) start without SQLAlchemy."""
    from app.db import get_db as session

    return session()


def committing():
    """app.db.committing, imported late for the same reason."""
    from app.db import committing as helper

    return helper()

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
    cfg.set_main_option("sqlalchemy.url", _config("DATABASE_URL").replace("%", "%%"))
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
    from app.registry.hromada_csv import CsvError, parse_hromadas
    from app.registry.services import upsert_municipalities

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
    with committing():
        result = upsert_municipalities(get_db(), rows)
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

    password = sys.stdin.readline().rstrip("\r\n")
    if role == "participant" and not stakeholder_type:
        stakeholder_type = "government"
    db = get_db()
    with committing() as done:
        user = create_user(db, NewUser(email=email, name=name or email.split("@")[0], role=role,
                                       municipality_code=municipality_code,
                                       stakeholder_type=stakeholder_type), None, password)
    if not done.ok:
        fail(f"{done.error.field or 'input'}: {done.error.message}")
    click.echo(f"created {user.role} {user.email}")


# --- seed ---------------------------------------------------------------------------------

@click.command("seed")
@click.option("--demo", is_flag=True, help="demo accounts, cohorts, an action plan and its monitoring")
@with_appcontext
def seed(demo: bool) -> None:
    """Load the hromada registry and, with --demo, demo data (idempotent)."""
    from app.registry.hromada_csv import CsvError, parse_hromadas
    from app.registry.services import upsert_municipalities
    from app.seed import seed_demo

    db = get_db()
    csv_path = Path(_config("HROMADAS_CSV"))
    rows = None
    if csv_path.exists():
        try:
            rows = parse_hromadas(csv_path.read_text(encoding="utf-8"))
        except CsvError as error:
            fail(f"{csv_path}:{error.line}: {error.message}")
    else:
        click.echo(f"hromadas: {csv_path} not found, registry not loaded", err=True)
    with committing() as done:
        if rows is not None:
            click.echo(f"hromadas: {upsert_municipalities(db, rows).summary()}")
        if demo:
            from app.content.services import load_library
            from app.seed import seed_demo_cohorts
            from app.seed_plan import seed_demo_plan

            for line in seed_demo(db):
                click.echo(line)
            for line in seed_demo_cohorts(db, load_library(Path(_config("CONTENT_DIR")))):
                click.echo(line)
            for line in seed_demo_plan(db):
                click.echo(line)
    if not done.ok:
        fail(f"seed: nothing saved ({done.error.field or 'input'}: {done.error.message})")


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

    from app.content.files import cached_library, display_path, load_library

    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        fail(f"{missing[0]}:1: file not found")
    root = Path(_config("CONTENT_DIR")).resolve()
    library = load_library(root, [Path(p) for p in paths]) if paths else cached_library(root)
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


# --- trainer outputs ------------------------------------------------------------------------

def _library():
    from app.content.files import cached_library

    return cached_library(Path(_config("CONTENT_DIR")))


def _module_from(reference: str, library, lang: str = "en"):
    """A module by id (in `lang` where translated), or parsed from a Markdown file."""
    module, note = library.translated("module", reference, lang)
    if module is not None:
        if note:
            click.echo(f"note: no current {lang} version of {module.id}; using English", err=True)
        return module
    path = Path(reference)
    if path.is_file():
        from app.content.parser import parse_module

        module, issues = parse_module(path.read_text(encoding="utf-8"), str(path))
        errors = [i for i in issues if i.level == "error"]
        if errors:
            fail("\n".join(str(i) for i in errors))
        return module
    known = ", ".join(m.id for m in library.modules)
    fail(f"{reference}:1: unknown module (known: {known}) and no such file")


@click.command("deck")
@click.argument("module_ref")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--lang", default="en", type=click.Choice(["en", "uk"]))
@click.option("--template", "template_path", type=click.Path(dir_okay=False), default=None)
@with_appcontext
def deck(module_ref: str, output: str, lang: str, template_path: str | None) -> None:
    """Build the PPTX deck of MODULE_REF (a module id like M2, or a module file)."""
    from app.decks.kept import deck_bytes

    library = _library()
    module = _module_from(module_ref, library, lang)
    template = None
    if template_path:
        try:
            template = Path(template_path).read_bytes()
        except OSError as error:
            fail(f"{template_path}:1: cannot read the template ({error.strerror})")

    def build() -> bytes:
        from app.decks.builder import TemplateError, build_deck, context_for  # python-pptx

        try:
            return build_deck(module, context_for(library, lang), template)
        except TemplateError as error:
            fail(f"{template_path}:1: {error}")

    body = deck_bytes(module, library, lang, template, build)  # kept when built before
    Path(output).write_bytes(body)
    click.echo(f"wrote {output} ({module.id}, {lang})")


@click.command("agenda")
@click.argument("refs", nargs=-1, required=True)
@click.option("--start", required=True, help='"YYYY-MM-DD HH:MM", local time')
@click.option("--tz", "zone", default="Europe/Kyiv")
@click.option("--format", "fmt", required=True, type=click.Choice(["html", "pdf", "ics"]))
@click.option("--version", "version", default="participant",
              type=click.Choice(["participant", "trainer"]))
@click.option("--lang", default="en", type=click.Choice(["en", "uk"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def agenda(refs: tuple[str, ...], start: str, zone: str, fmt: str, version: str, lang: str,
           output: str) -> None:
    """Agenda with clock times for a session plan or one or more modules."""
    from app.decks.agenda_render import render_html, render_pdf
    from app.scheduling.agenda import (
        AgendaError,
        normalise_zone,
        parse_start,
        schedule_modules,
        schedule_plan,
    )
    from app.scheduling.ics import render_ics

    library = _library()
    try:
        zone = normalise_zone(zone)
        begin = parse_start(start)
        plan = library.translated("plan", refs[0], lang)[0] if len(refs) == 1 else None
        if plan is not None:
            modules = {m.id: library.translated("module", m.id, lang)[0] for m in library.modules}
            result = schedule_plan(plan, modules, begin, zone)
        else:
            result = schedule_modules([_module_from(r, library, lang) for r in refs], begin, zone)
    except AgendaError as error:
        fail(f"error: {error}")
    organisation = "Асоціація міст України" if lang == "uk" else "Association of Ukrainian Cities"
    if fmt == "pdf":
        body = render_pdf(result, version=version, lang=lang, organisation=organisation)
    elif fmt == "ics":
        body = render_ics(result, description_lang=lang)
    else:
        body = render_html(result, version=version, lang=lang, organisation=organisation).encode()
    Path(output).write_bytes(body)
    click.echo(f"wrote {output}: {len(result.days)} day(s), finishes "
               f"{result.finish:%Y-%m-%d %H:%M} {zone}")


@click.command("smart-check")
@click.argument("source", default="-")
@click.option("--lang", default="en", type=click.Choice(["en", "uk"]))
def smart_check(source: str, lang: str) -> None:
    """SMART check of a commitment (JSON object) or of several (JSON array): JSON out."""
    import json

    from app.exercises.smart import SmartInputError, check_commitment, check_many
    from app.i18n import catalogue

    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{name}:1: cannot read ({error})")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"{name}:{error.lineno}: invalid JSON: {error.msg}")
    try:
        translations = catalogue(lang)
        result = check_many(payload, lang=lang, translations=translations) \
            if isinstance(payload, list) else \
            check_commitment(payload, lang=lang, translations=translations)
    except SmartInputError as error:
        fail(f"{name}:1: {error}")
    for item in result if isinstance(result, list) else []:
        if "error" in item:  # a bad item of an array is answered in its place, not fatal
            click.echo(f"{name}: item {item['index']}: {item['message']}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


# --- orientation ----------------------------------------------------------------------------

@click.group("orientation")
def orientation_group() -> None:
    """Orientation completion: the AUC course that prepares for OGP Local orientation."""


@orientation_group.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--lang", default="en", type=click.Choice(["en", "uk"]))
@click.option("--status", default="", type=click.Choice(["", "not_enrolled", "enrolled",
                                                         "in_progress", "completed"]))
@click.option("--oblast", default="")
@with_appcontext
def orientation_export(fmt: str, output: str, lang: str, status: str, oblast: str) -> None:
    """Every hromada with its orientation status (CSV with BOM, or XLSX)."""
    from app.orientation.hromada_list import export_rows

    body, _mimetype = export_rows(get_db(), fmt, lang, status=status, oblast=oblast)
    Path(output).write_bytes(body)
    click.echo(f"wrote {output}")


@orientation_group.command("evaluate")
@click.option("--cohort", "cohort_id", type=int, default=None, help="one cohort (default: all)")
@with_appcontext
def orientation_evaluate(cohort_id: int | None) -> None:
    """Record completions that are met but not yet recorded."""
    from sqlalchemy import select

    from app.orientation.services import evaluate_cohort
    from app.scheduling.models import Cohort

    db = get_db()
    library = _library()
    cohorts = [db.get(Cohort, cohort_id)] if cohort_id else list(db.scalars(select(Cohort)))
    if cohorts == [None]:
        fail(f"cohort {cohort_id}:1: no such cohort")
    modules = orientations = 0
    with committing():
        for cohort in cohorts:
            result = evaluate_cohort(db, cohort, library)
            modules += len(result.module_completions)
            orientations += len(result.orientations)
    click.echo(f"recorded {modules} module completions, {orientations} orientation completions")


@click.group("api-tokens")
def api_tokens_group() -> None:
    """Tokens for the read-only orientation API."""


@api_tokens_group.command("create")
@click.option("--name", required=True, help="who uses it, e.g. 'AUC CRM'")
@with_appcontext
def api_token_create(name: str) -> None:
    """Create a token; it is shown once (only its hash is stored)."""
    from app.orientation.services import create_api_token

    with committing():
        token = create_api_token(get_db(), name)
    click.echo(token)


def register(app: Flask) -> None:
    for command in (db_group, municipalities_group, users_group, seed, content_group, deck,
                    agenda, smart_check, orientation_group, api_tokens_group):
        app.cli.add_command(command)
    from app.plans.cli import action_plan_group

    app.cli.add_command(action_plan_group)
    from app.scheduling.live.cli import reminders_group  # issue 17

    app.cli.add_command(reminders_group)
    from app.monitoring.cli import register as register_monitoring

    register_monitoring(app)

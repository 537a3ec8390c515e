"""`spilno ogp ...`: the OGP Local calendar and the daily status refresh."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.group("ogp")
def ogp_group() -> None:
    """OGP Local: the calendar of deadlines and the members' status."""


@ogp_group.command("calendar")
@click.argument("source", default="-")
def ogp_calendar(source: str) -> None:
    """Deadlines, status and inactivity of one member (JSON in, JSON out; no database)."""
    from app.monitoring.calendar import CalendarInputError, calendar_json

    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{name}: cannot read ({error})")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        _fail(f"{name}: invalid JSON at line {error.lineno}: {error.msg}")
    except RecursionError:
        _fail(f"{name}: JSON nested too deeply")
    try:
        result = calendar_json(payload)
    except CalendarInputError as error:
        _fail(f"{name}: {error}")
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@ogp_group.command("refresh")
@click.option("--today", default=None, help="the day to compute for (YYYY-MM-DD; default today)")
@with_appcontext
def ogp_refresh(today: str | None) -> None:
    """Recompute every member's status (run daily); each change is kept in the history."""
    from app.db import committing, get_db
    from app.monitoring.services import refresh_status

    day = _day(today)
    with committing():
        result = refresh_status(get_db(), None, day)
    click.echo(f"{result.members} members, {result.changed} status changes")


def _day(text: str | None):
    from datetime import date

    if text is None:
        from app.monitoring.services import today_kyiv

        return today_kyiv()
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"error: --today {text!r} is not a date YYYY-MM-DD")


def register(app: Flask) -> None:
    app.cli.add_command(ogp_group)

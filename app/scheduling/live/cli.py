"""`spilno reminders send`: safe to run every few minutes from cron or a systemd timer."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from app.db import committing, get_db


@click.group("reminders")
def reminders_group() -> None:
    """Reminders by email (the day before a session, and other registered sources)."""


@reminders_group.command("send")
@click.option("--now", "now_text", default=None,
              help="Pretend it is this UTC time (YYYY-MM-DDTHH:MM), for trying it out.")
@click.option("--dry-run", is_flag=True, help="List what is due; send nothing.")
@with_appcontext
def send_command(now_text: str | None, dry_run: bool) -> None:
    """Send every reminder that is due and was not sent before."""
    from app import mail
    from app.scheduling.live import reminders

    try:
        now = datetime.fromisoformat(now_text).replace(tzinfo=UTC) if now_text \
            else datetime.now(UTC)
    except ValueError:
        click.echo(f"error: --now must look like 2030-03-04T09:00, not {now_text!r}", err=True)
        sys.exit(1)
    if not dry_run and not current_app.config["SMTP_HOST"]:
        click.echo("error: SMTP_HOST is not set: reminders cannot be sent", err=True)
        sys.exit(1)
    db = get_db()
    sent = failed = 0
    for source, reminder in list(reminders.due(db, now)):
        if dry_run:
            click.echo(f"due: {source} {reminder.key} -> {reminder.email}")
            continue
        with committing():  # claimed before sending: a parallel run skips it
            claimed = reminders.claim(db, source, reminder)
        if not claimed:
            continue
        if mail.send(reminder.email, reminder.subject, reminder.body, list(reminder.attachments)):
            sent += 1
        else:
            with committing():
                reminders.release(db, source, reminder)
            failed += 1
    if not dry_run:
        click.echo(f"sent {sent} reminders" + (f", {failed} failed (tried again next run)"
                                                if failed else ""))
    if failed:
        sys.exit(1)

"""`spilno action-plan check FILE` and `spilno action-plan export FILE`: JSON in, no database.

Errors are one line, `FILE: path.to.field: message` (or `FILE:LINE: invalid JSON ...`),
exit 1; a plan that breaks rules is an answer (exit 0, `"ok": false`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from app.plans.rules import Plan, PlanInputError, check_plan, parse_plan


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def read_plan(source: str) -> Plan:
    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{name}:1: cannot read ({error.__class__.__name__}: {error})")
    try:
        payload: Any = json.loads(text)
    except json.JSONDecodeError as error:
        _fail(f"{name}:{error.lineno}: invalid JSON: {error.msg}")
    except RecursionError:
        _fail(f"{name}:1: invalid JSON: nested too deeply")
    try:
        return parse_plan(payload)
    except PlanInputError as error:
        _fail(f"{name}: {error}")
    raise AssertionError  # unreachable: _fail exits


def smart_check(commitment: dict[str, Any], lang: str) -> dict[str, Any]:
    from app.exercises.smart import check_commitment
    from app.i18n import catalogue

    return check_commitment(commitment, lang=lang, translations=catalogue(lang))


@click.group("action-plan")
def action_plan_group() -> None:
    """OGP Local action plans (the contract's JSON): check the rules, export DOCX or PDF."""


@action_plan_group.command("check")
@click.argument("source", default="-")
@click.option("--lang", default="en", type=click.Choice(["en", "uk"]))
def check(source: str, lang: str) -> None:
    """Check an action plan's rules and each commitment's SMART report: JSON out."""
    plan = read_plan(source)
    from app.i18n import catalogue

    result = check_plan(plan, smart=smart_check, lang=lang, gettext=catalogue(lang).gettext)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@action_plan_group.command("export")
@click.argument("source")
@click.option("--format", "fmt", required=True, type=click.Choice(["docx", "pdf"]))
@click.option("--lang", default="en", type=click.Choice(["en", "uk", "both"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def export(source: str, fmt: str, lang: str, output: str) -> None:
    """Write the plan in the handbook's order (vision A-I, commitments fields 1-18)."""
    from app.plans.export import plan_docx, plan_pdf

    plan = read_plan(source)
    body = plan_docx(plan, lang) if fmt == "docx" else plan_pdf(plan, lang)
    try:
        Path(output).write_bytes(body)
    except OSError as error:
        _fail(f"error: cannot write {output} ({error.strerror or error})")
    click.echo(f"wrote {output}: {len(plan.commitments)} commitment(s), {fmt}, {lang}")

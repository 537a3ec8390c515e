"""The `spilno` console entry point: the command group bound to the app factory.

Kept apart from app/cli.py (the commands) so that the factory, which registers the
commands, and the entry point, which builds the factory, never import each other.
"""

from __future__ import annotations

import sys

# Commands that read only files (the course, a JSON file; no database, no pages): they run in a
# plain click group with the configuration alone (config.py), without Flask or the web app.
# A group name maps to the sub-commands that are light (None: all of them).
LIGHT_COMMANDS: dict[str, tuple[str, ...] | None] = {
    "deck": None, "agenda": None, "content": None, "smart-check": None,
    "action-plan": ("check", "export"), "ogp": ("calendar",),
}
HELP = "Spilno: the OGP Local Training-of-Trainers course."


def __getattr__(name: str):
    """`cli`, the app's FlaskGroup, built on first use (a light run never imports Flask)."""
    if name == "cli":
        global cli
        from flask.cli import FlaskGroup

        from app import create_app

        cli = FlaskGroup(create_app=lambda: create_app(), add_version_option=False, help=HELP)
        return cli
    raise AttributeError(name)


def is_light(argv: list[str]) -> bool:
    if len(argv) < 2 or argv[1] not in LIGHT_COMMANDS:
        return False
    subcommands = LIGHT_COMMANDS[argv[1]]
    return subcommands is None or (len(argv) > 2 and argv[2] in subcommands)


def light_group():
    """The light commands in a plain click group; app.cli.with_appcontext sees LightRun and
    runs them as they are, reading the configuration from config.py."""
    import click

    from app import cli as commands

    group = click.Group("spilno", help=HELP, context_settings={"obj": commands.LightRun()})
    name = sys.argv[1]
    if name in ("deck", "agenda", "content", "smart-check"):
        group.add_command({"deck": commands.deck, "agenda": commands.agenda,
                           "content": commands.content_group,
                           "smart-check": commands.smart_check}[name])
    elif name == "action-plan":
        from app.plans.cli import action_plan_group

        group.add_command(action_plan_group)
    elif name == "ogp":
        from app.monitoring.cli import ogp_calendar

        ogp = click.Group("ogp", help="OGP Local: the calendar of deadlines.")
        ogp.add_command(ogp_calendar)
        group.add_command(ogp)
    return group


def main() -> None:
    if is_light(sys.argv):
        light_group()(prog_name="spilno")
        return
    __getattr__("cli")(prog_name="spilno")

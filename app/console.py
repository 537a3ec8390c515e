"""The `spilno` console entry point: the command group bound to the app factory.

Kept apart from app/cli.py (the commands) so that the factory, which registers the
commands, and the entry point, which builds the factory, never import each other.
"""

from __future__ import annotations

import sys

from flask.cli import FlaskGroup

from app import create_app

cli = FlaskGroup(create_app=lambda: create_app(), add_version_option=False,
                 help="Spilno: the OGP Local Training-of-Trainers course.")

# Commands that read only the course's files (no database, no pages): they run on a bare app
# with the configuration alone, without building the web app (blueprints, extensions).
LIGHT_COMMANDS = ("deck", "agenda", "content", "smart-check")


def _light_app():
    from flask import Flask

    from config import config_class

    app = Flask("app")
    app.config.from_object(config_class())
    return app


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in LIGHT_COMMANDS:
        from app import cli as commands

        light = FlaskGroup(create_app=_light_app, add_default_commands=False,
                           add_version_option=False)
        for command in (commands.deck, commands.agenda, commands.content_group,
                        commands.smart_check):
            light.add_command(command)
        light(prog_name="spilno")
        return
    cli(prog_name="spilno")

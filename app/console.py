"""The `spilno` console entry point: the command group bound to the app factory.

Kept apart from app/cli.py (the commands) so that the factory, which registers the
commands, and the entry point, which builds the factory, never import each other.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from app import create_app

cli = FlaskGroup(create_app=lambda: create_app(), add_version_option=False,
                 help="Spilno: the OGP Local Training-of-Trainers course.")


def main() -> None:
    cli(prog_name="spilno")

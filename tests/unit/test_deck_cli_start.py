"""`spilno deck` (and agenda, content check, smart-check) start without building the web app:
no blueprints, no extensions, no SQLAlchemy; errors stay one line with exit code 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]
RUN = """
import sys
sys.argv = ["spilno", *{args!r}]
from app.console import main
try:
    main()
except SystemExit as end:
    code = end.code or 0
else:
    code = 0
heavy = [m for m in ("app.auth.routes", "app.extensions", "sqlalchemy") if m in sys.modules]
print("exit", code, "heavy", ",".join(heavy) or "none")
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN.format(args=list(args))], check=False,
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_deck_command_builds_a_deck_without_the_web_app(tmp_path):
    out = tmp_path / "M1.pptx"
    result = run("deck", "M1", "--lang", "uk", "-o", str(out))
    assert result.stdout.strip().endswith("exit 0 heavy none"), result.stdout + result.stderr
    assert len(Presentation(str(out)).slides) > 10


def test_light_deck_command_reports_an_unknown_module_in_one_line(tmp_path):
    result = run("deck", "M9", "-o", str(tmp_path / "x.pptx"))
    assert "exit 1" in result.stdout
    assert result.stderr.strip().startswith("M9:1: unknown module")
    assert "Traceback" not in result.stderr


def test_other_commands_still_get_the_web_app():
    result = run("--help")
    assert "exit 0" in result.stdout and "orientation" in result.stdout + result.stderr

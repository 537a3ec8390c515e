"""One commit per request, in one place: only app/db.py commits or rolls back."""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
CALL = re.compile(r"\.(commit|rollback)\(\)")


def test_only_the_commit_helper_commits_or_rolls_back():
    offenders = [f"{path.relative_to(APP.parent)}:{number}: {line.strip()}"
                 for path in APP.rglob("*.py") if path.name != "db.py" or path.parent != APP
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if CALL.search(line) and not line.lstrip().startswith("#")]
    assert offenders == [], "use app.db.committing() in routes and commands, savepoints in services"

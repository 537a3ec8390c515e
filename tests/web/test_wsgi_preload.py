"""`gunicorn --preload 'app.wsgi:app'` (make serve, the README): the master builds the course,
the templates and the catalogues before it forks, and opens no database connection that the
workers would then share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
from app.content import services
from app.wsgi import app
engine = app.extensions["db_engine"]
print("course", len(services._cache), "templates", len(app.jinja_env.cache),
      "connections", engine.pool.checkedin() + engine.pool.checkedout())
with app.test_client() as client:
    print("healthz", client.get("/healthz").status_code)
"""


def test_wsgi_module_builds_the_course_and_templates_without_a_connection(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'never.db'}")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0].split()
    assert first[0:2] == ["course", "1"]
    assert int(first[3]) > 50  # every page template compiled once, in the master
    assert first[4:] == ["connections", "0"]
    assert "healthz 200" in done.stdout

"""Commands that need no database start without the web app (issue 21): `spilno deck`,
`content check`, `action-plan check|export` and `ogp calendar` run in a plain click group (no
Flask app, no SQLAlchemy); the course they read is kept between commands and used again only
when every text is the same (compared by content, not by time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.content import files as content_files

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
heavy = [m for m in {heavy!r} if m in sys.modules]
print("exit", code, "heavy", ",".join(heavy) or "none")
"""
WEB_APP = ("app.extensions", "app.auth.routes", "sqlalchemy", "flask_babel")


def run(*args: str, heavy=WEB_APP, stdin: str = "", cache: Path | None = None):
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([sys.executable, "-c", RUN.format(args=list(args), heavy=heavy)],
                          check=False, cwd=ROOT, capture_output=True, text=True, input=stdin,
                          env=env, timeout=300)


def test_deck_starts_without_flask_and_the_parsers_once_the_course_is_kept(tmp_path):
    first = run("deck", "M2", "-o", str(tmp_path / "a.pptx"), cache=tmp_path / "cache")
    assert first.stdout.strip().endswith("exit 0 heavy none"), first.stdout + first.stderr
    # the second run reads the kept course: neither Flask nor the Markdown and YAML parsers
    second = run("deck", "M2", "-o", str(tmp_path / "b.pptx"), cache=tmp_path / "cache",
                 heavy=("flask", "markdown_it", "yaml", *WEB_APP))
    assert second.stdout.strip().endswith("exit 0 heavy none"), second.stdout + second.stderr
    assert second.stderr == "" and "wrote" in second.stdout
    assert (tmp_path / "a.pptx").stat().st_size > 10_000
    assert abs((tmp_path / "a.pptx").stat().st_size - (tmp_path / "b.pptx").stat().st_size) < 100


def test_content_check_in_a_light_run_keeps_its_output_and_exit_code(tmp_path):
    done = run("content", "check", cache=tmp_path / "cache")
    assert "exit 0 heavy none" in done.stdout
    assert " modules, " in done.stdout and "0 errors" in done.stdout


def test_action_plan_check_is_light_and_fails_in_one_line(tmp_path):
    bad = tmp_path / "план.json"
    bad.write_text("{", encoding="utf-8")
    done = run("action-plan", "check", str(bad), heavy=("flask", *WEB_APP))
    assert "exit 1 heavy none" in done.stdout
    assert done.stderr.strip().startswith(str(bad)) and "Traceback" not in done.stderr


def test_ogp_calendar_is_light(tmp_path):
    payload = {"today": "2027-04-05", "term_end": "2030-12-31", "joined": "2026-01-20",
               "plans": [], "tracker": [], "voluntary_inactive": False}
    done = run("ogp", "calendar", stdin=json.dumps(payload))
    assert "heavy none" in done.stdout, done.stdout + done.stderr


def test_commands_with_a_database_still_get_the_web_app():
    done = run("ogp", "--help")  # the group holds refresh too: the app's group answers
    assert "exit 0" in done.stdout and "refresh" in done.stdout
    assert "heavy none" not in done.stdout


def _course(root: Path, title: str) -> None:
    """A course of one shipped exercise, its title replaced."""
    (root / "exercises").mkdir(parents=True, exist_ok=True)
    text = (ROOT / "exercises" / "cocreation-roadmap.md").read_text(encoding="utf-8")
    (root / "exercises" / "cocreation-roadmap.md").write_text(
        text.replace("title: Co-creation roadmap", f"title: {title}", 1), encoding="utf-8")


def test_kept_course_is_rebuilt_when_a_text_changes_even_with_the_same_size_and_time(
        tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "course"
    _course(root, "Alpha")
    first = content_files.cached_library(root)
    assert first == content_files.load_library(root)
    path = root / "exercises" / "cocreation-roadmap.md"
    stat = path.stat()
    _course(root, "Omega")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = content_files.cached_library(root)
    assert again == content_files.load_library(root)
    assert [e.title for e in first.exercises] == ["Alpha"]
    assert [e.title for e in again.exercises] == ["Omega"]
    kept = list((tmp_path / "cache" / "spilno").glob("library-*.pickle"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o077 == 0


def test_a_kept_course_others_could_write_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "course"
    _course(root, "Alpha")
    content_files.cached_library(root)
    (kept,) = (tmp_path / "cache" / "spilno").glob("library-*.pickle")
    kept.chmod(0o666)
    kept.write_bytes(b"not a pickle")
    assert content_files.cached_library(root) == content_files.load_library(root)
    (tmp_path / "cache" / "spilno").chmod(0o777)  # a shared folder: nothing kept or read
    assert content_files._cache_dir() is None


def test_a_deck_built_before_is_copied_without_python_pptx(tmp_path):
    cache = tmp_path / "cache"
    first = run("deck", "M1", "-o", str(tmp_path / "a.pptx"), cache=cache)
    assert "exit 0" in first.stdout
    again = run("deck", "M1", "-o", str(tmp_path / "b.pptx"), cache=cache,
                heavy=("pptx", "lxml", "flask", "markdown_it"))
    assert again.stdout.strip().endswith("exit 0 heavy none"), again.stdout + again.stderr
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()
    # another language is another deck, built (python-pptx imported) and then kept too
    other = run("deck", "M1", "--lang", "uk", "-o", str(tmp_path / "c.pptx"), cache=cache,
                heavy=("pptx",))
    assert "heavy pptx" in other.stdout
    assert (tmp_path / "c.pptx").read_bytes() != (tmp_path / "a.pptx").read_bytes()
    assert len(list((cache / "spilno").glob("deck-*.pptx"))) == 2


def test_a_bad_template_is_reported_and_nothing_is_kept(tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"not a presentation")
    done = run("deck", "M1", "--template", str(bad), "-o", str(tmp_path / "x.pptx"),
               cache=tmp_path / "cache")
    assert "exit 1" in done.stdout and done.stderr.startswith(f"{bad}:1:")
    assert not list((tmp_path / "cache" / "spilno").glob("deck-*.pptx"))

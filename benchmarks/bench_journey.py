"""The trainer's journey from login to invitations sent, in a real browser: clicks and page
loads (a count, not a timing). `python -m benchmarks.bench_journey` updates its section of
benchmarks/results.md; `make bench` runs it with the rest."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

TARGET_CLICKS = 20
BEFORE = 41  # the scripted journey before issue 17 (CSV of KATOTTG codes, five session pages)


def _journey() -> tuple[list[tuple[str, int, int]], int, int]:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from app import create_app
    from app.auth.services import NewUser, create_user
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.test_trainer_journey import Counter, trainer_journey
    from tests.conftest import PASSWORD, TEST_OVERRIDES, _migrate, load_hromadas
    from tests.web.loopback_smtp import start as start_smtp

    folder = Path(tempfile.mkdtemp(prefix="spilno-journey-"))
    try:
        url = f"sqlite:///{folder / 'journey.db'}"
        _migrate(url)
        app = create_app({**TEST_OVERRIDES, "DATABASE_URL": url})
        smtp = start_smtp(app)
        db = app.extensions["db_sessionmaker"]()
        load_hromadas(db, 40)
        with app.app_context():
            create_user(db, NewUser("trainer@example.org", "Ірина Тренерка", "trainer"), None, PASSWORD)
        db.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        counter = Counter()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(locale="uk-UA").new_page()
            trainer_journey(page, f"http://127.0.0.1:{server.server_port}", counter)
            browser.close()
        server.shutdown()
        return counter.steps, counter.clicks, len(smtp.messages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run() -> list[str]:
    steps, clicks, emails = _journey()
    lines = ["Login to invitations sent, in Chromium (tests/browser/test_trainer_journey.py): a "
             "two-day ToT from the plan, one person added by the form (hromada found as you type), "
             "two pasted from a spreadsheet; invitations emailed over loopback SMTP. Clicks count "
             "clicks and choices in lists; typing is not counted.", "",
             "| step | clicks so far | page loads so far |", "|---|---|---|"]
    lines += [f"| {name} | {c} | {loads} |" for name, c, loads in steps]
    verdict = "met" if clicks < TARGET_CLICKS else "not met"
    lines += ["", f"Total: **{clicks} clicks** (target under {TARGET_CLICKS}: {verdict}; "
                  f"{BEFORE} before), {emails} invitations emailed."]
    return lines


def update_results(lines: list[str]) -> None:
    from benchmarks.report import RESULTS

    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    section = "## Trainer journey\n\n" + "\n".join(lines) + "\n"
    if "## Trainer journey" in text:
        head, _sep, rest = text.partition("## Trainer journey")
        following = rest.find("\n## ")
        text = head + section + (rest[following + 1:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    body = run()
    print("\n".join(body))
    if "--no-write" not in sys.argv:
        update_results(body)

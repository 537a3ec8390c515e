"""Browser tests: Playwright drives Debian's /usr/bin/chromium against a live server."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.factories import gen_cohort

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"browser tests need {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live_app(sqlite_template, tmp_path):
    from app import create_app
    from tests.conftest import TEST_OVERRIDES

    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    application = create_app({**TEST_OVERRIDES, "DATABASE_URL": f"sqlite:///{path}"})
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def live_db(live_app):
    session = live_app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def check_accessibility(page) -> None:
    """Smoke check: lang set, one h1, every visible input/select/textarea has a label."""
    assert page.get_attribute("html", "lang") in ("uk", "en")
    assert page.locator("h1").count() == 1
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'input:not([type=hidden]):not([type=submit]), select, textarea')].filter(el => {
          if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
          return !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.closest('label');
        }).map(el => el.name || el.id)""")
    assert unlabelled == [], f"inputs without a label: {unlabelled}"


@pytest.fixture
def team(live_app, live_db):
    """A cohort led by a trainer, with one participant of Vinnytsia's hromada enrolled."""
    from app.auth.services import NewUser, create_user
    from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas

    load_hromadas(live_db, 40)
    with live_app.app_context():
        trainer = create_user(live_db, NewUser("lead@example.org", "Ірина", "trainer"), None, PASSWORD)
        participant = create_user(live_db, NewUser("gov@example.org", "Тарас Шевчук", "participant",
                                                   VINNYTSIA, "government"), None, PASSWORD)
    cohort = gen_cohort(live_db, lead=trainer, learners=[participant], name="Вінниця",
                        join_code="TEAM42")
    return cohort

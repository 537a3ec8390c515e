"""Trainer creates a cohort from the two-day plan, a participant joins with the code, the
trainer marks attendance and shifts the run of show."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.scheduling.models import Attendance, Cohort, TrainingSession
from tests.browser.conftest import check_accessibility
from tests.browser.helpers import log_in, log_out
from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def accounts(live_app, live_db):
    from app.auth.services import NewUser, create_user

    load_hromadas(live_db, 40)
    with live_app.app_context():
        create_user(live_db, NewUser("lead@example.org", "Ірина Бондаренко", "trainer"), None, PASSWORD)
        create_user(live_db, NewUser("gov@example.org", "Тарас Шевчук", "participant", VINNYTSIA,
                                     "government"), None, PASSWORD)
    live_db.commit()


def test_cohort_from_plan_join_attendance_and_run_of_show(browser, live_server, live_db, accounts):
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    base = live_server
    log_in(page, base, "lead@example.org")
    page.goto(f"{base}/cohorts/new")
    check_accessibility(page)
    page.fill("#name", "Вінниччина, весна")
    page.select_option("#plan_id", "tot-two-day")
    first_day = (datetime.now(KYIV) + timedelta(days=20)).date()
    page.fill("#start_date", first_day.isoformat())
    page.fill("#municipality_codes", VINNYTSIA)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cohorts/*")
    check_accessibility(page)
    code = page.inner_text("strong.code").strip()
    assert len(code.replace("-", "")) == 6
    assert page.locator("table").first.locator("tbody tr").count() == 5
    log_out(page, base)

    log_in(page, base, "gov@example.org")
    page.goto(f"{base}/join")
    check_accessibility(page)
    page.fill("#code", code.lower())
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cohorts/*")
    assert "Вінниччина, весна" in page.inner_text("h1")
    log_out(page, base)

    cohort = live_db.scalar(select(Cohort))
    session = live_db.scalar(select(TrainingSession).where(TrainingSession.cohort_id == cohort.id)
                             .order_by(TrainingSession.start))
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    session.start, session.end = now - timedelta(minutes=2), now + timedelta(minutes=58)
    live_db.commit()

    log_in(page, base, "lead@example.org")
    page.goto(f"{base}/sessions/{session.id}")
    check_accessibility(page)
    page.locator("select[id^=status-]").first.select_option("present")
    page.get_by_role("button", name="Зберегти відвідуваність").or_(
        page.get_by_role("button", name="Save attendance")).click()
    page.wait_for_load_state()
    live_db.expire_all()
    assert live_db.scalar(select(Attendance.status)) == "present"

    page.goto(f"{base}/sessions/{session.id}/show")
    check_accessibility(page)
    start = session.start.astimezone(KYIV)
    second_block = page.locator(".show-blocks li").nth(1)
    assert second_block.locator(".start").inner_text() == (start + timedelta(minutes=5)).strftime("%H:%M")
    expect(page.locator(".show-blocks li.current")).to_have_count(1)
    page.fill("#late_minutes", "10")
    page.locator(".show-late button").click()
    page.wait_for_load_state()
    second_block = page.locator(".show-blocks li").nth(1)
    assert second_block.locator(".start").inner_text() == (start + timedelta(minutes=15)).strftime("%H:%M")
    assert page.inner_text("#finish") == (start + timedelta(minutes=70)).strftime("%H:%M")
    assert "10" in page.inner_text(".show-status .late")
    context.close()

"""The three journeys of the quality gates, each page visited checked for accessibility."""

from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import select

from app.auth.models import User
from app.scheduling.models import Enrolment, TrainingSession
from tests.browser.conftest import check_accessibility
from tests.browser.helpers import log_in
from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas
from tests.factories import gen_cohort

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def people(live_app, live_db):
    from app.auth.services import NewUser, create_user

    load_hromadas(live_db)
    with live_app.app_context():
        trainer = create_user(live_db, NewUser("lead@example.org", "Ірина Бондаренко", "trainer"), None, PASSWORD)
        create_user(live_db, NewUser("gov@example.org", "Тарас Шевчук", "participant", VINNYTSIA,
                                     "government"), None, PASSWORD)
        create_user(live_db, NewUser("admin@example.org", "Олена Коваленко", "admin"), None, PASSWORD)
    cohort = gen_cohort(live_db, lead=trainer, name="Весна", join_code="JRN789")
    return cohort


def visit(page, url):
    page.goto(url)
    check_accessibility(page)


def test_participant_journey(browser, live_server, people):
    page = browser.new_context(locale="uk-UA").new_page()
    log_in(page, live_server, "gov@example.org")
    check_accessibility(page)
    visit(page, f"{live_server}/join")
    page.fill("#code", "jrn-789")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"{live_server}/cohorts/{people.id}")
    check_accessibility(page)

    visit(page, f"{live_server}/cohorts/{people.id}/exercises")
    page.locator("tr", has_text="Дерево проблем").locator("button[type=submit]").click()
    page.wait_for_url("**/works/*")
    check_accessibility(page)
    page.fill("#f-core_problem", "Мешканці не бачать, як витрачають кошти на відбудову")
    causes = page.locator(".field-tree").first
    causes.get_by_role("button", name="Додати на перший рівень").click()
    causes.locator(".tree-row textarea").nth(0).fill("Звіти лише у PDF-сканах")
    causes.get_by_role("button", name="Додати на перший рівень").click()
    causes.locator(".tree-row textarea").nth(1).fill("Немає відкритих даних")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    inputs = page.locator(".field-tree").first.locator(".tree-row textarea")
    assert [inputs.nth(i).input_value() for i in range(2)] == ["Звіти лише у PDF-сканах", "Немає відкритих даних"]

    visit(page, f"{live_server}/cohorts/{people.id}/exercises")
    page.locator("tr", has_text="SMART-зобов").locator("button[type=submit]").click()
    page.wait_for_url("**/works/*")
    check_accessibility(page)
    page.fill("#f-title", "Сайт")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    score = page.locator("#checks .check-panel h2").first
    first = int(score.inner_text().split("·")[1].split("/")[0])
    page.fill("#f-title", "Щомісяця оприлюднювати видатки на відбудову у форматі відкритих даних")
    page.fill("#f-lead_agency", "Фінансове управління міської ради")
    page.fill("#f-start_date", "2027-01-01")
    page.fill("#f-end_date", "2027-12-31")
    page.fill("#f-action", "Фінансове управління публікуватиме кожен платіж на порталі відкритих даних.")
    page.fill("#f-expected_results", "12 наборів даних за рік; 500 завантажень.")
    page.locator("fieldset", has_text="Прозорість").locator("input[type=checkbox]").first.check()
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    expect(score).not_to_have_text(f"Перевірка SMART · {first}/100", timeout=15000)
    assert int(score.inner_text().split("·")[1].split("/")[0]) > first


def test_trainer_journey(browser, live_server, live_db, people):
    page = browser.new_context(locale="uk-UA", accept_downloads=True).new_page()
    log_in(page, live_server, "lead@example.org")
    visit(page, f"{live_server}/cohorts/new")
    page.fill("#name", "Дводенний тренінг")
    page.select_option("#plan_id", "tot-two-day")
    page.fill("#start_date", (datetime.now(KYIV) + timedelta(days=30)).date().isoformat())
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cohorts/*")
    check_accessibility(page)
    cohort_id = int(page.url.rsplit("/", 1)[-1])
    session = live_db.scalar(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                             .order_by(TrainingSession.start))
    participant = live_db.scalar(select(User.id).where(User.email_key == "gov@example.org"))
    live_db.add(Enrolment(cohort_id=cohort_id, user_id=participant, role="learner"))
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    session.start, session.end = now - timedelta(minutes=1), now + timedelta(minutes=59)
    live_db.commit()

    visit(page, f"{live_server}/sessions/{session.id}")
    with page.expect_download() as deck_download:
        page.get_by_role("link", name="Презентація (PPTX)").click()
    deck = Presentation(deck_download.value.path())
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01 and len(deck.slides) > 10
    agenda_link = page.get_by_role("link", name="Програма (PDF)")
    # a failing route shows as a failed download only after a 30 s wait: say why at once
    answer = page.request.get(live_server + agenda_link.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf", answer.text()[:300]
    with page.expect_download() as agenda_download:
        agenda_link.click()
    text = "".join(p.extract_text() for p in PdfReader(agenda_download.value.path()).pages)
    assert session.start.astimezone(KYIV).strftime("%H:%M") in text

    page.locator("select[id^=status-]").first.select_option("present")
    page.get_by_role("button", name="Зберегти відвідуваність").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert "Відвідуваність збережено" in page.inner_text("main")

    visit(page, f"{live_server}/sessions/{session.id}/show")
    start = session.start.astimezone(KYIV)
    page.fill("#late_minutes", "10")
    page.locator(".show-late button").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert page.locator(".show-blocks li").nth(1).locator(".start").inner_text() == \
        (start + timedelta(minutes=15)).strftime("%H:%M")


def test_admin_journey(browser, live_server, people):
    page = browser.new_context(locale="uk-UA", accept_downloads=True).new_page()
    log_in(page, live_server, "admin@example.org")
    visit(page, f"{live_server}/dashboard")
    assert page.locator("figure.chart svg").count() == 2
    visit(page, f"{live_server}/dashboard/municipalities")
    page.select_option("#oblast", "Вінницька")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    check_accessibility(page)
    shown = page.locator("table tbody tr").count()
    names = [page.locator("table tbody tr").nth(i).locator("td").first.inner_text() for i in range(shown)]
    total = int(page.get_attribute('p.result-count', 'data-total'))
    with page.expect_download() as download:
        page.locator("main p a[href*='export.xlsx']").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == total and {r[3] for r in rows} == {"Вінницька"}
    assert set(names) <= {r[1] for r in rows}

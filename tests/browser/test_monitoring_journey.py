"""A hromada posts a quarterly update with evidence; AUC's portfolio shows it; a hromada with
two silent quarters shows red. Screenshots at 390x844 and 1366x900 in Ukrainian."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.monitoring.calendar import add_months, quarter_bounds, quarter_of, quarters_between
from app.monitoring.models import Evidence
from app.monitoring.services import today_kyiv
from tests.browser.conftest import RESULTS, check_accessibility
from tests.browser.helpers import log_in, log_out
from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas
from tests.support.monitoring import make_member

SILENT = "UA05020010000053508"   # Агрономічна сільська громада
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def members(live_app, live_db):
    from app.auth.services import NewUser, create_user

    load_hromadas(live_db, 40)
    today = today_kyiv()
    start = quarter_bounds(quarter_of(add_months(today, -6)))[0]
    end = add_months(start, 24) - timedelta(days=1)
    for code in (VINNYTSIA, SILENT):
        make_member(live_db, code, start=start, end=end, submitted=start)
    live_db.commit()
    with live_app.app_context():
        create_user(live_db, NewUser("gov@example.org", "Тарас Шевчук", "participant", VINNYTSIA,
                                     "government"), None, PASSWORD)
        create_user(live_db, NewUser("auc@example.org", "Оксана Коваль", "observer"), None,
                    PASSWORD)
    live_db.commit()
    ended = [q for q in quarters_between(start, today) if q < quarter_of(today)]
    return ended


def shots(page, name):
    RESULTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= width, f"{name} is wider than the {size} window"
        page.screenshot(path=str(RESULTS / f"monitoring-{name}-{size}.png"), full_page=True)


def test_quarterly_update_with_evidence_reaches_the_portfolio(browser, live_server, live_db,
                                                              members, tmp_path):
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    base = live_server
    log_in(page, base, "gov@example.org")
    page.goto(f"{base}/monitoring")
    page.wait_for_url(f"**/monitoring/hromadas/{VINNYTSIA}")
    expect(page.locator("#status-now [data-risk]")).to_have_attribute("data-risk", "red")
    page.click("text=Додати щоквартальне оновлення")
    check_accessibility(page)
    page.select_option("#commitment", index=0)
    page.select_option("#quarter", members[-1])
    page.select_option("#completion", "substantial")
    page.fill("#narrative_uk", "Портал відкритого бюджету запрацював, опубліковано перший звіт")
    page.fill("#narrative_en", "The open budget portal is live; the first report is published")
    page.select_option("#evidence_type", "monitoring_report")
    page.fill("#evidence_url", "https://vmr.gov.ua/budget")
    evidence = tmp_path / "Звіт за квартал.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#evidence_file", str(evidence))
    shots(page, "update-form")
    page.click("form button[type=submit] >> text=Зберегти оновлення")
    page.wait_for_url(f"**/monitoring/hromadas/{VINNYTSIA}")
    expect(page.locator(".alert, .flash, [role=status]").first).to_contain_text(
        "Оновлення збережено")
    expect(page.locator("#status-now [data-risk]")).to_have_attribute("data-risk", "green")
    expect(page.get_by_role("link", name="Звіт за квартал.pdf")).to_be_visible()
    check_accessibility(page)
    shots(page, "hromada")
    assert live_db.scalar(select(Evidence.file_name).where(Evidence.url == "")) == \
        "Звіт за квартал.pdf"
    log_out(page, base)

    log_in(page, base, "auc@example.org")
    page.goto(f"{base}/monitoring/portfolio")
    check_accessibility(page)
    vinnytsia = page.locator(f"tr[data-code='{VINNYTSIA}']")
    silent = page.locator(f"tr[data-code='{SILENT}']")
    expect(vinnytsia.locator("[data-risk]")).to_have_attribute("data-risk", "green")
    expect(vinnytsia).to_contain_text(today_kyiv().strftime("%d.%m.%Y"))
    expect(silent.locator("[data-risk]")).to_have_attribute("data-risk", "red")
    expect(silent).to_contain_text("Неактивний")
    names = page.locator("table.portfolio tbody tr td:first-child").all_inner_texts()
    assert names[0].startswith("Агрономічна") and names[1].startswith("Вінницька")
    shots(page, "portfolio")
    page.select_option("#status", "inactive")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.portfolio tbody tr")).to_have_count(1)
    context.close()


def test_monitoring_body_report_comment_and_public_page(browser, live_server, live_app, live_db,
                                                        members):
    from app.auth.services import NewUser, create_user
    from app.monitoring.models import MonitoringBodyMember
    from app.registry.models import Municipality

    with live_app.app_context():
        body = create_user(live_db, NewUser("body@example.org", "Ірина Мельник", "observer"),
                           None, PASSWORD)
    municipality_id = live_db.scalar(select(Municipality.id)
                                     .where(Municipality.code == VINNYTSIA))
    live_db.add(MonitoringBodyMember(municipality_id=municipality_id, user_id=body.id))
    live_db.commit()
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    base = live_server
    log_in(page, base, "body@example.org")
    page.goto(f"{base}/monitoring/hromadas/{VINNYTSIA}/assessments/inception")
    check_accessibility(page)
    for field in ("spaces", "information", "relevance", "verifiability", "impact"):
        page.fill(f"#{field}", "Форум збирався щомісяця, протоколи опубліковано на сайті ради.")
    shots(page, "assessment")
    page.click("button:has-text('Подати звіт')")
    page.wait_for_url(f"**/monitoring/hromadas/{VINNYTSIA}*")
    link = page.locator("code.comment-url").first.inner_text()
    check_accessibility(page)
    shots(page, "hromada-monitoring-body")
    log_out(page, base)

    guest = context.new_page()
    guest.goto(link)
    check_accessibility(guest)
    guest.fill("#author", "ГО «Відкрите місто»")
    guest.select_option("#stakeholder_type", "civil_society")
    guest.fill("#body", "Погоджуємося; варто додати звіти про бюджет.")
    guest.click("button:has-text('Надіслати коментар')")
    expect(guest.locator("ul")).to_contain_text(["ГО «Відкрите місто»"])
    shots(guest, "comment")

    log_in(page, base, "gov@example.org")
    page.goto(f"{base}/monitoring/hromadas/{VINNYTSIA}")
    page.check("#public")
    page.click("form[action$='/public'] button")
    page.goto(f"{base}/hromadas/{VINNYTSIA}/progress")
    check_accessibility(page)
    expect(page.locator("h1")).to_contain_text("Вінницька")
    shots(page, "public")
    context.close()

from app.auth.services import NewUser, create_user
from tests.browser.conftest import check_accessibility
from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas


def test_participant_logs_in_sees_ukrainian_and_switches_to_english(live_app, live_db, live_server, page):
    load_hromadas(live_db, 40)
    with live_app.app_context():
        create_user(live_db, NewUser("olena@example.org", "Олена Петренко", "participant",
                                     VINNYTSIA, "civil_society"), None, PASSWORD)
    live_db.commit()

    page.goto(f"{live_server}/login")
    check_accessibility(page)
    page.get_by_label("Ел. пошта").fill("olena@example.org")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()

    page.wait_for_url(f"{live_server}/")
    check_accessibility(page)
    assert page.get_attribute("html", "lang") == "uk"
    assert "Вітаємо, Олена Петренко" in page.inner_text("h1")
    assert "Вінницька" in page.inner_text("main")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert "Welcome, Олена Петренко" in page.inner_text("h1")
    check_accessibility(page)

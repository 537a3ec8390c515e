"""A participant with the Ukrainian locale reads a module and an exercise in Ukrainian."""

from tests.browser.conftest import check_accessibility
from tests.browser.helpers import log_in
from tests.conftest import PASSWORD, VINNYTSIA, load_hromadas


def test_participant_reads_the_course_in_ukrainian(live_app, live_db, live_server, page):
    from app.auth.services import NewUser, create_user

    load_hromadas(live_db, 40)
    with live_app.app_context():
        create_user(live_db, NewUser("olena@example.org", "Олена", "participant", VINNYTSIA,
                                     "civil_society", locale="uk"), None, PASSWORD)
    live_db.commit()
    log_in(page, live_server, "olena@example.org")
    page.goto(f"{live_server}/course/modules/M2")
    check_accessibility(page)
    assert page.get_attribute("html", "lang") == "uk"
    assert page.get_attribute("article.module-body", "lang") == "uk"
    body = page.inner_text("article.module-body")
    assert "Фаза 1 — Підготовка" in body and "спільного творення" in body
    assert "Phase 1 - Preparing" not in body
    page.goto(f"{live_server}/course/exercises/problem-tree")
    check_accessibility(page)
    assert page.inner_text("h1") == "Дерево проблем"
    assert "Ключова проблема" in page.inner_text("main")

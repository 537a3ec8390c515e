"""Issue 15 in the browser: the quiz policy as a participant reads it, and the user import's
row cap, in Ukrainian, on a phone and on a laptop (screenshots in test-results/)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import RESULTS, check_accessibility
from tests.browser.helpers import log_in

SIZES = {"phone": (390, 844), "laptop": (1366, 900)}


@pytest.mark.parametrize("size", SIZES)
def test_quiz_policy_is_stated_and_the_cool_down_shown(live_app, live_server, team, page, size):
    live_app.config.update(QUIZ_SHUFFLE=True, QUIZ_COOL_DOWN_MINUTES=10, QUIZ_MAX_ATTEMPTS=3)
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    log_in(page, live_server, "gov@example.org")
    page.goto(f"{live_server}/course/modules/M1/quiz?cohort={team.id}")
    check_accessibility(page)
    policy = page.locator("#quiz-policy").inner_text()
    assert "3" in policy and "10" in policy and "новому порядку" in policy
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"safety-quiz-{size}.png"), full_page=True)
    wrong = _wrong_choices()
    for fieldset in page.locator("fieldset").all():  # a wrong option of each: the attempt fails
        question = fieldset.locator("legend").inner_text().split(". ", 1)[1].strip()
        for label in fieldset.locator("label").all():
            if label.inner_text().strip() in wrong[question]:
                label.locator("input").check()
                break
    page.click("form[action*='/quiz'] button[type=submit]")
    page.wait_for_url("**/quiz-attempts/*")
    assert page.locator("#verdict.alert-warning").count() == 1  # not passed
    assert page.locator("#answers-withheld").is_visible()
    page.screenshot(path=str(RESULTS / f"safety-quiz-attempt-{size}.png"), full_page=True)
    page.goto(f"{live_server}/course/modules/M1/quiz?cohort={team.id}")  # the cool-down shows
    assert page.locator("#quiz-closed").is_visible()
    assert page.locator("form[action*='/quiz'] button[type=submit]").count() == 0
    page.screenshot(path=str(RESULTS / f"safety-quiz-closed-{size}.png"), full_page=True)


def _wrong_choices() -> dict[str, set[str]]:
    """M1's quiz in Ukrainian: each question's text -> the texts of its wrong options (the
    questions and options come in a new order each attempt, so they are found by text)."""
    from app.content.services import load_library
    from tests.conftest import ROOT

    module = load_library(ROOT).translated("module", "M1", "uk")[0]
    return {q.question.strip(): {o.strip() for n, o in enumerate(q.options) if n not in q.answer}
            for q in module.quiz}


def test_user_import_states_the_cap(live_app, live_db, live_server, page):
    from app.auth.services import NewUser, create_user
    from tests.conftest import PASSWORD

    with live_app.app_context():
        create_user(live_db, NewUser("admin@example.org", "Адміністраторка", "admin"), None, PASSWORD)
    live_db.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "admin@example.org")
    page.goto(f"{live_server}/admin/users/import")
    check_accessibility(page)
    assert "500" in page.locator("main").inner_text()
    page.screenshot(path=str(RESULTS / "safety-user-import-phone.png"), full_page=True)

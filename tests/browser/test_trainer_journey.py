"""Issue 17 in a real browser: a first-time trainer goes from nothing to a scheduled two-day
ToT with people, invitations, the materials pack and the projector; a participant resets a
password from the login page; an exercise typed offline survives and is saved.

`trainer_journey` is also the click-count benchmark (benchmarks/bench_journey.py)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import RESULTS, check_accessibility
from tests.browser.helpers import log_in
from tests.conftest import PASSWORD
from tests.web.loopback_smtp import start as start_smtp

PASTED = ("Олена Коваль\tolena@example.org\tВінницька міська громада\tОргани влади\tУчасник\n"
          "Петро Шевчук\tpetro@example.org\tЛиповецька\tГромадянське суспільство\tУчасник\n")


@dataclass
class Counter:
    """Clicks (a click, a choice in a list, a key that acts) and page loads of a journey."""

    clicks: int = 0
    loads: int = 0
    steps: list[tuple[str, int, int]] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("load", lambda _page: setattr(self, "loads", self.loads + 1))

    def click(self, page, selector: str) -> None:
        page.click(selector)
        self.clicks += 1

    def choose(self, page, selector: str, value: str) -> None:
        page.select_option(selector, value)
        self.clicks += 1

    def step(self, name: str) -> None:
        self.steps.append((name, self.clicks, self.loads))


def shot(page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(RESULTS / f"issue17-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def trainer_journey(page, base: str, counter: Counter, screenshots: bool = False) -> int:
    """Login to invitations sent: returns the cohort's id."""
    counter.watch(page)
    page.goto(f"{base}/login")
    page.fill("#email", "trainer@example.org")
    page.fill("#password", PASSWORD)
    counter.click(page, "form.narrow button[type=submit]")
    page.wait_for_url(f"{base}/")
    counter.step("logged in")
    counter.click(page, "a.button[href='/cohorts/new']")
    page.fill("#name", "ToT Вінниччина")
    counter.choose(page, "#plan_id", "tot-two-day")
    page.fill("#start_date", "2030-03-04")
    page.fill("#venue", "Вінниця, вул. Соборна, 59")
    counter.click(page, "main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/cohorts/\d+$"))
    cohort_id = int(page.url.rsplit("/", 1)[1])
    counter.step("cohort with sessions from the two-day plan")
    counter.click(page, f"a[href='/cohorts/{cohort_id}/people']")
    page.wait_for_url(f"**/cohorts/{cohort_id}/people")
    if screenshots:
        shot(page, "people")
    # one person by the form: the hromada found as you type
    page.fill("#name", "Ганна Бондар")
    page.fill("#email", "hanna@example.org")
    page.locator("#hromada").press_sequentially("Жмер", delay=30)
    expect(page.locator("#hromada-list option[value='Жмеринська міська громада (Вінницька)']")) \
        .to_have_count(1)
    page.fill("#hromada", "Жмеринська міська громада (Вінницька)")  # the suggestion picked
    counter.choose(page, "#stakeholder_type", "government")
    counter.click(page, "#person-form button[type=submit]")
    page.wait_for_url(f"**/cohorts/{cohort_id}/people")
    counter.step("one person added by the form, invitation emailed")
    # two more pasted from a spreadsheet
    page.fill("#rows", PASTED)
    counter.click(page, "form[action$='/people/paste'] button[type=submit]")
    page.wait_for_url(f"**/cohorts/{cohort_id}/people")
    expect(page.locator("#in-cohort + ul li")).to_have_count(3)
    counter.step("two pasted rows added, invitations emailed")
    return cohort_id


def _trainer(live_app, live_db):
    from app.auth.services import NewUser, create_user
    from tests.conftest import load_hromadas

    load_hromadas(live_db, 40)
    with live_app.app_context():
        create_user(live_db, NewUser("trainer@example.org", "Ірина Тренерка", "trainer"), None, PASSWORD)
    live_db.commit()


def test_trainer_from_nothing_to_invitations_pack_and_projector(browser, live_app, live_server, live_db):
    smtp = start_smtp(live_app)
    _trainer(live_app, live_db)
    context = browser.new_context(locale="uk-UA", accept_downloads=True)
    page = context.new_page()
    counter = Counter()
    cohort_id = trainer_journey(page, live_server, counter, screenshots=True)
    assert counter.clicks < 20
    assert sorted(m["To"] for m in smtp.messages) == ["hanna@example.org", "olena@example.org",
                                                      "petro@example.org"]
    assert all("/invitation/" in m.get_content() for m in smtp.messages)
    check_accessibility(page)
    shot(page, "people-added")
    # nobody has accepted yet: every link can be copied again
    expect(page.locator("table.pending tbody tr")).to_have_count(3)
    expect(page.locator("table.pending input.copy-source")).to_have_count(3)

    # a wrong row is answered next to it, and nothing of the paste is added
    page.fill("#rows", "Марта Нова\tmarta@example.org\tНевідомська\tОргани влади\n"
                       "Іван Дубль\tolena@example.org\tВінницька\tОргани влади\n")
    page.click("form[action$='/people/paste'] button[type=submit]")
    expect(page.locator(".row-errors li")).to_have_count(2)
    expect(page.locator(".row-errors li").first).to_contain_text("Немає громади з назвою «Невідомська»")
    expect(page.locator("#in-cohort + ul li")).to_have_count(3)
    shot(page, "people-errors")

    # the materials pack
    page.goto(f"{live_server}/cohorts/{cohort_id}")
    shot(page, "cohort")
    with page.expect_download() as download:
        page.click(f"a[href='/cohorts/{cohort_id}/materials.zip']")
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.startswith("Матеріали")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(n.split(" ")[1] for n in names if n.startswith("Презентації/")) == ["M1", "M2", "M3", "M4", "M5"]
    assert {"Програма/Програма.pdf", "Програма/Програма.ics", "Робочі аркуші/Робочі аркуші.pdf"} <= set(names)

    # the projector: pause for an air-raid alert, then resume
    page.click("table a[href^='/sessions/']")
    page.click("a[href$='/projector']")
    page.wait_for_url("**/projector")
    expect(page.locator(".pj-topic")).to_be_visible()
    shot(page, "projector")
    page.select_option("#pause-reason", "alert")
    page.locator("body").press("p")
    page.wait_for_url("**/projector")
    expect(page.locator(".pj-paused")).to_contain_text("Повітряна тривога")
    shot(page, "projector-paused")
    page.locator("body").press("p")
    page.wait_for_url("**/projector?resumed=1")
    expect(page.locator(".pj-paused")).to_have_count(0)
    expect(page.locator(".pj-offer")).to_contain_text("Перенести решту на іншу дату")
    expect(page.locator(".pj-history")).to_contain_text("повітряна тривога")
    page.locator("body").press("+")
    page.wait_for_url("**/projector")
    expect(page.locator(".pj-late")).to_contain_text("+5")
    context.close()


def test_participant_resets_the_password_from_the_login_page(browser, live_app, live_server, team):
    smtp = start_smtp(live_app)
    page = browser.new_context(locale="uk-UA").new_page()
    page.goto(f"{live_server}/login")
    page.click("text=Забули пароль?")
    page.fill("#email", "gov@example.org")
    shot(page, "forgot")
    page.click("form.narrow button[type=submit]")
    expect(page.locator("h1")).to_have_text("Перевірте пошту")
    assert len(smtp.messages) == 1
    link = re.search(r"http://\S+/password/reset/\S+", smtp.messages[0].get_content()).group(0)
    page.goto(link)
    page.fill("#password", "новий-довгий-пароль")
    page.fill("#confirm", "новий-довгий-пароль")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"{live_server}/login")
    log_in(page, live_server, "gov@example.org", "новий-довгий-пароль")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Посилання недійсне")


def _problem_tree(page, base, cohort):
    page.goto(f"{base}/cohorts/{cohort.id}/exercises")
    page.locator("tr", has_text="Дерево проблем").locator("button[type=submit]").click()
    page.wait_for_url("**/works/*")
    return page.url


def test_exercise_typed_offline_survives_and_is_saved_when_back(browser, live_server, live_db, team):
    from app.exercises.models import ExerciseWork

    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    work_url = _problem_tree(page, live_server, team)
    context.set_offline(True)
    page.fill("#f-core_problem", "Бюджет ухвалюють без мешканців")
    expect(page.locator("#offline-note")).to_contain_text("Немає з’єднання", timeout=10000)
    shot(page, "offline")
    page.close()  # the tab closed while offline
    context.set_offline(False)
    page = context.new_page()
    page.goto(work_url)
    expect(page.locator("#f-core_problem")).to_have_value("Бюджет ухвалюють без мешканців")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    expect(page.locator("#f-core_problem")).to_have_value("Бюджет ухвалюють без мешканців")
    live_db.expire_all()
    work = live_db.scalar(select(ExerciseWork).where(ExerciseWork.exercise_id == "problem-tree"))
    assert "Бюджет ухвалюють без мешканців" in str(work.data)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('spilno-draft:')).length") == 0

    # offline on the page, back online: saved without a reload
    context.set_offline(True)
    page.fill("#f-core_problem", "Рішення ухвалюють без мешканців")
    expect(page.locator("#offline-note")).to_contain_text("Немає з’єднання", timeout=10000)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    live_db.expire_all()
    assert "Рішення ухвалюють без мешканців" in str(live_db.get(ExerciseWork, work.id).data)

    # a newer version on the server meanwhile: the draft is offered, not applied (409 path)
    context.set_offline(True)
    page.fill("#f-core_problem", "Моя чернетка")
    expect(page.locator("#offline-note")).to_contain_text("Немає з’єднання", timeout=10000)
    page.close()
    context.set_offline(False)
    record = live_db.get(ExerciseWork, work.id)
    record.data = {**record.data, "core_problem": "Версія колеги"}
    record.version += 1
    live_db.commit()
    page = context.new_page()
    page.goto(work_url)
    expect(page.locator("#f-core_problem")).to_have_value("Версія колеги")
    expect(page.locator("#draft-offer")).to_be_visible()
    shot(page, "draft-offer")
    page.click("#restore-draft")
    expect(page.locator("#f-core_problem")).to_have_value("Моя чернетка")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    context.close()

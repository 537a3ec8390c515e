"""A team turns its training exercises into an action plan: it pulls the exercises into a
commitment, writes the English, sees every rule pass and downloads the DOCX. Screenshots of
the plan and the commitment at phone and desktop sizes, in Ukrainian, go to test-results/."""

from __future__ import annotations

from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from app.exercises.models import ExerciseWork
from app.registry.models import Municipality
from tests.browser.conftest import RESULTS, check_accessibility
from tests.browser.helpers import log_in
from tests.conftest import VINNYTSIA

VISION = {"foreword": "Передмова міського голови та громадської ради",
          "long_term_vision": "Громада, у якій кожне рішення видно мешканцям",
          "achievements": "Відкритий бюджет і онлайн-петиції",
          "challenges": "Мешканці не бачать черги відновлення",
          "medium_term_goals": "Відкрите відновлення громади до 2030 року",
          "plan_contribution": "Зобов'язання роблять відновлення прозорим",
          "policy_alignment": "Узгоджено зі стратегією розвитку громади",
          "lead_institutions": "Виконавчий комітет", "coordination_arrangements": "Робоча група",
          "collaboration_spaces": "Громадська рада та онлайн-платформа",
          "diversity_measures": "Запрошення ветеранів і людей з інвалідністю",
          "participant_groups": "ГО, бізнес, ОСББ", "groups_count": 6, "meetings_count": 3,
          "continued_collaboration": "Щоквартальні зустрічі",
          "monitoring_body": "Вінницький університет", "progress_discussions": "Публічні звіти",
          "agency_checkins": "Щомісячні наради", "public_reporting": "Сайт громади",
          "endorsements": ["ГО «Відкрите місто»"]}
EXERCISES = {
    "problem-tree": {"core_problem": "Мешканці не знають черги ремонтів", "evidence": "212 звернень у 2025 році"},
    "solutions-mapping": {"chosen_solution": "Оприлюднювати чергу щомісяця як відкриті дані"},
    "commitment-support-network": {"network": [{"name": "ГО «Відкрите місто»", "role": "advise",
                                                "need": "Громадський моніторинг черги"}]},
    "cocreation-roadmap": {"plan_start": "2026-06-01", "plan_end": "2030-08-31"},
    "strategic-vision": VISION,
}


def english_for_every_empty_field(page, scope):
    """Type an English text into each English box still empty (the team's translation)."""
    boxes = page.locator(f"{scope} textarea[name$='__en'], {scope} input[name$='__en']")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        name = box.get_attribute("name")
        ukrainian = page.locator(f"[name='{name[:-4]}__uk']").input_value()
        if not box.input_value() and ukrainian:
            box.fill(f"English for {name[:-4]}")


def shoot(page, name):
    RESULTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(RESULTS / f"plan-{name}-{width}x{height}.png"), full_page=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, width)


def test_team_turns_its_exercises_into_a_plan(browser, live_server, live_db, team):
    hromada = live_db.scalar(select(Municipality).where(Municipality.code == VINNYTSIA))
    for exercise_id, data in EXERCISES.items():
        live_db.add(ExerciseWork(exercise_id=exercise_id, cohort_id=team.id, municipality_id=hromada.id,
                                 data=data))
    live_db.commit()

    page = browser.new_context(locale="uk-UA", accept_downloads=True).new_page()
    log_in(page, live_server, "gov@example.org")
    page.goto(f"{live_server}/plans")
    check_accessibility(page)
    page.get_by_role("link", name="Облікова картка громади в OGP Local").click()
    check_accessibility(page)
    page.fill("#term_end", "2030-10-31")
    page.fill("#joined_on", "2026-03-01")
    page.click("form.narrow button[type=submit]")
    expect(page.locator(".alert-warning")).to_contain_text("31/08/2030")

    page.goto(f"{live_server}/plans")
    page.get_by_role("button", name="Розпочати новий план дій").click()
    page.wait_for_url("**/plans/*")
    check_accessibility(page)
    page.get_by_role("button", name="Заповнити порожні пункти з нашої вправи зі стратегічного бачення").click()
    expect(page.locator(".alert-success")).to_contain_text("Узято з вашої вправи")
    page.fill("#period_start", "2026-06-01")
    page.fill("#period_end", "2030-08-31")
    page.fill("[name='monitoring_body__uk']", "Вінницький університет")
    page.fill("[name='monitoring_body__en']", "Vinnytsia University")
    english_for_every_empty_field(page, "#plan-form")
    page.click("#save-plan")
    expect(page.locator(".alert-success")).to_contain_text("План збережено")

    page.click("#new-from-exercises")
    page.wait_for_url("**/commitments/*")
    check_accessibility(page)
    expect(page.locator(".alert-success")).to_contain_text("Заповнено з ваших вправ")
    expect(page.locator("[name='problem__uk']")).to_have_value("Мешканці не знають черги ремонтів")
    expect(page.locator("[name='action__uk']")).to_have_value("Оприлюднювати чергу щомісяця як відкриті дані")
    expect(page.locator("[name='start_date']")).to_have_value("2026-06-01")
    expect(page.locator("[name='other_stakeholders-0-organisation__uk']")).to_have_value("ГО «Відкрите місто»")
    expect(page.locator(".missing-en").first).to_be_visible()
    # the team completes what the exercises did not give, and writes the English
    page.fill("[name='title__uk']", "Оприлюднити чергу ремонтів як відкриті дані")
    page.fill("[name='end_date']", "2027-12-31")
    expect(page.locator("#rules li[data-rule='responsible_agency']")).to_have_attribute("data-ok", "false")
    page.fill("[name='lead_agency-organisation__uk']", "Управління відновлення")
    # the live panel follows the typing (plans.js), before any save
    expect(page.locator("#rules li[data-rule='responsible_agency']")).to_have_attribute("data-ok", "true")
    page.fill("[name='expected_results__uk']", "Менше скарг; мешканці самі бачать чергу")
    page.fill("[name='resources__uk']", "200 000 грн з бюджету 2026 року")
    page.check("input[name='ogp_values'][value='transparency']")
    page.check("input[name='policy_areas'][value='open_data']")
    page.check("input[name='sectors'][value='infrastructure_transport']")
    page.check("input[name='resources_secured'][value='partly']")
    page.fill("[name='milestones-0-output__uk']", "Критерії черги ухвалено")
    page.fill("[name='milestones-0-start_date']", "2026-06-01")
    page.fill("[name='milestones-0-end_date']", "2026-12-31")
    page.fill("[name='milestones-0-responsible']", "Виконавчий комітет")
    page.fill("[name='milestones-1-output__uk']", "Черга щомісяця на сайті")
    page.fill("[name='milestones-1-start_date']", "2027-01-01")
    page.fill("[name='milestones-1-end_date']", "2027-12-31")
    page.fill("[name='milestones-1-responsible']", "Управління відновлення")
    english_for_every_empty_field(page, "#commitment-form")
    page.click("#save-commitment")
    expect(page.locator(".alert-success")).to_contain_text("Зобов'язання 1 збережено")
    rules = page.locator("#rules li[data-rule]")
    assert rules.count() >= 7
    assert page.locator("#rules li[data-ok='false']").count() == 0
    expect(page.locator("#smart h2")).to_contain_text("/100")
    shoot(page, "commitment")

    page.get_by_role("link", name="← План дій").click()
    expect(page.locator("#rules-summary")).to_have_text("Усі правила виконано.")
    assert page.locator("#rules li[data-ok='false']").count() == 0
    assert page.locator(".missing-en").count() == 0
    page.click("#mark-ready")
    expect(page.locator("#plan-status")).to_have_text("готовий до подання")
    shoot(page, "plan")
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_download() as download:
        page.click("#download-docx")
    document = Document(download.value.path())
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Commitment 1: English for title" in headings
    assert [h for h in headings if h.startswith(("1. ", "17. ", "18. "))] == [
        "1. Commitment number", "17. Milestones", "18. Additional information"]
    # the co-creation evidence page: the four minimum requirements from what is recorded
    page.get_by_role("link", name="Зустрічі, відгуки та підтримка").click()
    check_accessibility(page)
    assert page.locator("#requirements li.finding-error").count() == 4
    page.fill("#held_on", "2026-05-10")
    page.fill("#title", "Перша зустріч робочої групи")
    page.check("input[name='participants']")
    page.fill("#guests_non_government", "4")
    page.get_by_role("button", name="Зафіксувати зустріч").click()
    expect(page.locator("#requirements li[data-requirement='multi_stakeholder']")).to_have_class("finding-ok")
    shoot(page, "cocreation")

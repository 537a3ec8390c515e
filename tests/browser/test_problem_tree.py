"""A participant builds a three-level problem tree, with JavaScript and without."""

from tests.browser.conftest import check_accessibility
from tests.browser.helpers import log_in

from playwright.sync_api import expect




def start_problem_tree(page, base, cohort):
    page.goto(f"{base}/cohorts/{cohort.id}/exercises")
    check_accessibility(page)
    page.locator("tr", has_text="Дерево проблем").or_(page.locator("tr", has_text="Problem tree")) \
        .locator("button[type=submit]").click()
    page.wait_for_url("**/works/*")


def test_tree_with_javascript_autosaves_and_survives_a_reload(browser, live_server, team):
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    start_problem_tree(page, live_server, team)
    check_accessibility(page)
    page.fill("#f-core_problem", "Мешканці не довіряють бюджетним рішенням")
    causes = page.locator(".field-tree").first
    causes.get_by_role("button", name="Додати на перший рівень").click()
    causes.locator(".tree-row input").nth(0).fill("Бюджет публікують у PDF-сканах")
    causes.locator(".tree-row").nth(0).get_by_role("button", name="Чому? (додати причину)").click()
    causes.locator(".tree-row input").nth(1).fill("Немає стандарту відкритих даних")
    causes.locator(".tree-row").nth(1).get_by_role("button", name="Чому? (додати причину)").click()
    causes.locator(".tree-row input").nth(2).fill("Відділ не має аналітика")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    assert page.input_value("#f-core_problem") == "Мешканці не довіряють бюджетним рішенням"
    inputs = page.locator(".field-tree").first.locator(".tree-row input")
    assert [inputs.nth(i).input_value() for i in range(3)] == [
        "Бюджет публікують у PDF-сканах", "Немає стандарту відкритих даних", "Відділ не має аналітика"]
    nested = page.locator(".field-tree").first.locator("ul ul ul .tree-row input")
    assert nested.input_value() == "Відділ не має аналітика"  # three levels deep
    diagram = page.locator("#tree-diagram")
    svg = page.request.get(live_server + diagram.get_attribute("src")).text()
    assert "Відділ не має" in svg and "аналітика" in svg
    assert page.locator("#tree-diagram").evaluate("img => img.naturalWidth") > 0
    context.close()


def test_tree_without_javascript_through_the_plain_form(browser, live_server, team):
    context = browser.new_context(locale="uk-UA", java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    start_problem_tree(page, live_server, team)
    page.fill("#f-core_problem", "Непрозорі закупівлі")
    page.fill("#f-causes", "Немає аналізу Prozorro\n  Бракує навичок\n    Немає навчання")
    page.click(".save-bar button[type=submit]")
    page.wait_for_load_state()
    assert "Збережено" in page.inner_text("main")
    page.goto(page.url)
    assert page.input_value("#f-causes") == "Немає аналізу Prozorro\n  Бракує навичок\n    Немає навчання"
    svg = page.request.get(live_server + page.get_attribute("#tree-diagram", "src")).text()
    assert "Немає навчання" in svg
    context.close()

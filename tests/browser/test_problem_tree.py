"""A participant builds a three-level problem tree, with JavaScript and without."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS, check_accessibility
from tests.browser.helpers import log_in


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
    causes.locator(".tree-row textarea").nth(0).fill("Бюджет публікують у PDF-сканах")
    causes.locator(".tree-row").nth(0).get_by_role("button", name="Чому? (додати причину)").click()
    causes.locator(".tree-row textarea").nth(1).fill("Немає стандарту відкритих даних")
    causes.locator(".tree-row").nth(1).get_by_role("button", name="Чому? (додати причину)").click()
    causes.locator(".tree-row textarea").nth(2).fill("Відділ не має аналітика")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    assert page.input_value("#f-core_problem") == "Мешканці не довіряють бюджетним рішенням"
    inputs = page.locator(".field-tree").first.locator(".tree-row textarea")
    assert [inputs.nth(i).input_value() for i in range(3)] == [
        "Бюджет публікують у PDF-сканах", "Немає стандарту відкритих даних", "Відділ не має аналітика"]
    nested = page.locator(".field-tree").first.locator("ul ul ul .tree-row textarea")
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


LONG = ("Звіти про використання коштів на відбудову оприлюднюють лише у PDF-сканах, тож мешканці "
        "не можуть знайти, порівняти чи перевірити видатки своєї громади")


def test_reload_right_after_typing_keeps_every_box(browser, live_server, team):
    """The offline draft records the tree as it is after the last keystroke (it used to keep the
    tree one box behind, and a reload then restored the older tree over the saved one)."""
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    start_problem_tree(page, live_server, team)
    causes = page.locator(".field-tree").first
    for i, text in enumerate(["Перша причина", "Друга причина", "Третя причина"]):
        causes.get_by_role("button", name="Додати на перший рівень").click()
        causes.locator(".tree-row textarea").nth(i).fill(text)
    page.reload()  # before the autosave's delay has passed
    boxes = page.locator(".field-tree").first.locator(".tree-row textarea")
    assert [boxes.nth(i).input_value() for i in range(boxes.count())] == [
        "Перша причина", "Друга причина", "Третя причина"]
    # the save sent as the page was left may land after the reloaded page was served; then the
    # draft is restored from this browser and saved (a resend of the same text is accepted)
    expect(page.locator("#offline-note")).to_be_hidden(timeout=15000)
    causes = page.locator(".field-tree").first
    causes.locator(".tree-row").nth(1).get_by_role("button", name="Видалити").click()
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    boxes = page.locator(".field-tree").first.locator(".tree-row textarea")
    assert [boxes.nth(i).input_value() for i in range(boxes.count())] == ["Перша причина", "Третя причина"]
    context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_boxes_show_whole_sentences(browser, live_server, team, width, height):
    context = browser.new_context(locale="uk-UA", viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    start_problem_tree(page, live_server, team)
    page.fill("#f-core_problem", "Мешканці не бачать, як громада витрачає кошти на відбудову")
    causes = page.locator(".field-tree").first
    causes.get_by_role("button", name="Додати на перший рівень").click()
    causes.locator(".tree-row textarea").nth(0).fill(LONG)
    causes.locator(".tree-row").nth(0).get_by_role("button", name="Чому? (додати причину)").click()
    causes.locator(".tree-row textarea").nth(1).fill("Відділ фінансів не має людини, яка готує відкриті дані")
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    page.reload()
    boxes = page.locator(".field-tree").first.locator(".tree-row textarea")
    assert boxes.nth(0).input_value() == LONG
    for i in range(2):  # nothing scrolled away inside a box, nothing wider than the window
        fit = boxes.nth(i).evaluate("""b => ({hidden: b.scrollHeight - b.clientHeight,
            wide: b.scrollWidth - b.clientWidth, right: b.getBoundingClientRect().right})""")
        assert fit["hidden"] <= 1 and fit["wide"] <= 1 and fit["right"] <= width, fit
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes.nth(0).scroll_into_view_if_needed()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"problem-tree-boxes-{width}.png"), full_page=True)
    context.close()

"""A participant places stakeholders on the power/interest grid by dragging them."""

import time

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility
from tests.browser.helpers import log_in

NAMES = ["Міська рада", "ГО «Прозора громада»", "Місцева газета"]
# where each stakeholder is dropped: (power, interest)
DROPS = [(5, 4), (2, 5), (1, 1)]




def drag(page, source, target) -> None:
    """Press on the token, move in steps (pointer events), release over the cell."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()


def saved_places(db, work_id: int, timeout: float = 15.0) -> None:
    from app.exercises.models import ExerciseWork

    deadline = time.monotonic() + timeout
    while True:
        db.expire_all()
        rows = db.get(ExerciseWork, work_id).data.get("stakeholders") or []
        db.rollback()
        places = [(r.get("power"), r.get("interest")) for r in rows]
        if places == DROPS:
            return
        assert time.monotonic() < deadline, f"saved places {places}, expected {DROPS}"
        time.sleep(0.2)


def test_stakeholders_dragged_onto_the_grid_keep_their_place(browser, live_server, live_db, team):
    context = browser.new_context(locale="uk-UA", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log_in(page, live_server, "gov@example.org")
    page.goto(f"{live_server}/cohorts/{team.id}/exercises")
    page.locator("tr", has_text="Карта зацікавлених сторін").locator("button[type=submit]").click()
    page.wait_for_url("**/works/*")
    work_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    grid = page.locator("#stakeholder-grid")
    expect(grid).to_be_visible()
    check_accessibility(page)

    for row, name in enumerate(NAMES):
        page.fill(f"#f-stakeholders-{row}-name", name)
    page.select_option("#f-stakeholders-1-type", "civil_society")
    tokens = grid.locator(".token")
    expect(tokens).to_have_count(3)  # each new name appears on the grid, waiting to be placed
    expect(page.locator("#save-status")).to_contain_text("Збережено", timeout=15000)
    before = int(page.locator("#version-label").inner_text())

    for row, (power, interest) in enumerate(DROPS):
        token = grid.locator(f'.token[data-row="{row}"]')
        cell = grid.locator(f'rect.cell[data-power="{power}"][data-interest="{interest}"]')
        drag(page, token, cell)
        expect(page.locator(f"#f-stakeholders-{row}-power")).to_have_value(str(power))
        expect(page.locator(f"#f-stakeholders-{row}-interest")).to_have_value(str(interest))

    expect(page.locator("#version-label")).not_to_have_text(str(before), timeout=15000)
    expect(page.locator("#save-status")).to_contain_text("Збережено")
    saved_places(live_db, work_id)  # every drop is stored (a slow run may take two saves)

    page.reload()
    for row, (name, (power, interest)) in enumerate(zip(NAMES, DROPS, strict=True)):
        assert page.input_value(f"#f-stakeholders-{row}-name") == name
        assert page.input_value(f"#f-stakeholders-{row}-power") == str(power)
        assert page.input_value(f"#f-stakeholders-{row}-interest") == str(interest)
        token = page.locator(f'#stakeholder-grid .token[data-row="{row}"]')
        expect(token).to_have_attribute("aria-label", f"{name}: вплив {power}, інтерес {interest}. "
                                                      "Стрілки змінюють вплив і інтерес.")
        # the token sits inside the cell it was dropped on
        box = token.locator("circle").bounding_box()
        cell = page.locator(f'#stakeholder-grid rect.cell[data-power="{power}"][data-interest="{interest}"]')
        area = cell.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert area["x"] <= centre[0] <= area["x"] + area["width"]
        assert area["y"] <= centre[1] <= area["y"] + area["height"]

    # the saved picture shows them in their quadrants
    src = page.get_attribute("#stakeholder-diagram", "src")
    svg = page.request.get(live_server + src).text()
    for name in ("Міська рада", "Місцева газета"):
        assert name in svg
    assert 'class="stakeholder manage-closely" data-power="5" data-interest="4"' in svg
    assert 'class="stakeholder monitor" data-power="1" data-interest="1"' in svg
    assert page.locator("#stakeholder-diagram").evaluate("img => img.naturalWidth") > 0

    # the keyboard does the same job: one step up in power for the newspaper
    token = page.locator('#stakeholder-grid .token[data-row="2"]')
    token.focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#f-stakeholders-2-power")).to_have_value("2")
    expect(page.locator('#stakeholder-grid .token[data-row="2"]')).to_be_focused()
    context.close()

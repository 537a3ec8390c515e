"""The rules and deadlines handout: read on a phone and a laptop, printed on one A4 page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.browser.conftest import RESULTS
from tests.browser.helpers import log_in


def test_handout_reads_on_phone_and_laptop_and_prints_on_one_page(live_app, live_db, live_server,
                                                                   page, team):
    log_in(page, live_server, "gov@example.org")
    RESULTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/course/modules/M1/handouts/1")
        assert page.locator("h2").first.inner_text().startswith("Пам'ятка: правила і строки")
        page.screenshot(path=str(RESULTS / f"handout-rules-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1  # wide tables scroll inside themselves, the page does not
    pdf = page.pdf(format="A4", margin={"top": "10mm", "bottom": "10mm", "left": "10mm",
                                        "right": "10mm"})
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "два квартали поспіль" in " ".join(text.split())
    (RESULTS / "handout-rules.pdf").write_bytes(pdf)
    assert len(reader.pages) == 1  # one page: the site's header, footer and links do not print
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/course/modules/M2")
    page.screenshot(path=str(RESULTS / "module-m2-390.png"), full_page=False)

"""Every page each role can open fits a phone (390x844) and a desktop (1366x900), in Ukrainian
and English: the document is never wider than the window, and no visible form control is
covered by another element (a sticky panel or save bar, a caption, a neighbouring column).

The pages come from the app's URL map, with the paths and ids of the role matrix, so a new page
is visited as soon as it has its role-matrix entry.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from tests.browser.conftest import RESULTS
from tests.web import test_role_matrix as matrix

EMAILS, ROUTES = matrix.EMAILS, matrix.ROUTES
world = matrix.world  # the role matrix's fixture: its users, cohort, works and ids

ROLES = ("participant", "trainer", "observer", "admin")
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
NOT_PAGES = (".pptx", ".pdf", ".csv", ".xlsx", ".ics", ".svg", ".md", ".css", ".json", ".docx",
             ".odt", ".zip", ".txt", ".png")
# the pages whose screenshots a person looks at (saved under test-results/)
SHOTS = {"roadmap", "smart", "stakeholders", "home", "missing", "tree", "dashboard"}

# Scroll down the page in steps of half a window and, at each step, ask which element is drawn at
# the centre of every control lying wholly inside the window's "safe zone" (the window less its
# scroll padding, the part where focusing a field puts it). A control under a sticky panel, a
# save bar or a neighbour is reported. Controls in a frame that scrolls sideways, or taller than
# the zone, are scrolled into view one by one, as focusing them does.
PROBE = """() => {
  const root = document.documentElement;
  const out = {width: root.scrollWidth, view: root.clientWidth, covered: []};
  const style = getComputedStyle(root);
  const top = parseFloat(style.scrollPaddingTop) || 0;
  const bottom = innerHeight - (parseFloat(style.scrollPaddingBottom) || 0);
  const name = el => `${el.tagName.toLowerCase()}#${el.id || el.name || el.textContent.trim().slice(0, 30)}`;
  const visible = el => {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || el.closest('[hidden]')) return false;
    if (el.closest('details:not([open])')) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 4 && r.height >= 4;                 // visually hidden ones are 1px
  };
  const pending = new Set([...document.querySelectorAll(
      'input:not([type=hidden]), select, textarea, button')].filter(visible));
  const check = (el, how) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || x >= innerWidth || y < 0 || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit !== el && !el.contains(hit) && !(el.labels && [...el.labels].includes(hit)))
      out.covered.push(`${name(el)} under ${name(hit)}.${hit.className} (${how})`);
    return true;
  };
  const step = Math.max(120, (bottom - top) / 2);
  for (let y = 0; pending.size; y += step) {
    window.scrollTo(0, y);
    for (const el of [...pending]) {
      const r = el.getBoundingClientRect();
      if (r.top >= top && r.bottom <= bottom && r.left >= 0 && r.right <= innerWidth) {
        check(el, 'scrolled');
        pending.delete(el);
      }
    }
    if (y > root.scrollHeight) break;
  }
  for (const el of pending) {   // sideways in a frame, or taller than the window
    el.scrollIntoView({block: 'nearest', inline: 'center'});
    check(el, 'focused');
  }
  window.scrollTo(0, 0);
  if (out.width > out.view) {   // name the elements that stick out (the deepest ones)
    const wide = [...document.body.querySelectorAll('*')].filter(el => {
      const r = el.getBoundingClientRect();
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
      return r.right > out.view + 1 && r.width > 0 && ![...el.children].some(
        c => c.getBoundingClientRect().right > out.view + 1);
    });
    out.wide = wide.slice(0, 3).map(el => `${el.tagName.toLowerCase()}.${el.className}`);
  }
  return out;
}"""


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """One database (SQLite) is enough for layout."""
    path = tmp_path / "layout.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def server(app, world, client):
    """The role matrix's world, with the SMART and stakeholder exercises opened too."""
    client.login(EMAILS["participant"])
    for exercise in ("commitment-template", "stakeholder-map"):
        location = client.post(f"/cohorts/{world['cohort']}/exercises/{exercise}/open").headers["Location"]
        world[exercise] = int(location.rsplit("/", 1)[-1])
    client.logout()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def pages_for(app, role: str, world: dict) -> list[tuple[str, str]]:
    """(name, path) of every GET page of the URL map that `role` may open."""
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint not in ROUTES:
            continue
        method, path, expected = ROUTES[rule.endpoint]
        url = path.format(**world)
        if method != "GET" or expected[role] != "ok" or url.split("?")[0].endswith(NOT_PAGES):
            continue
        if rule.endpoint in ("main.healthz", "scheduling.run_of_show_state", "auth.invitation"):
            continue  # plain text, JSON, and a page for someone logged out
        pages.append((rule.endpoint, url))
    if role == "participant":
        pages += [("smart", f"/works/{world['commitment-template']}"),
                  ("stakeholders", f"/works/{world['stakeholder-map']}")]
    if role in ("participant", "trainer"):
        pages.append(("roadmap", f"/works/{world['roadmap']}"))
    pages.append(("home", "/"))
    return sorted(set(pages))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_phone_and_desktop(browser, app, world, server, role):
    RESULTS.mkdir(exist_ok=True)
    problems = []
    if True:
        for lang in ("uk", "en"):
            context = browser.new_context(locale="uk-UA", viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(f"{server}/login")
            page.fill("#email", EMAILS[role])
            page.fill("#password", "correct-horse-battery")
            page.click("form.narrow button[type=submit]")
            page.wait_for_url(f"{server}/")
            current = page.get_attribute("html", "lang")
            if current != lang:
                page.click(".lang-switch button")
                page.wait_for_load_state()
            assert page.get_attribute("html", "lang") == lang
            for name, url in pages_for(app, role, world):
                try:
                    response = page.goto(server + url)
                except PlaywrightError as error:
                    if "Download is starting" in str(error):
                        continue  # a file, not a page
                    raise
                if response is None or "text/html" not in response.headers.get("content-type", ""):
                    continue
                name = {"main.home": "home", "orientation.missing": "missing",
                        "exercises.work": "tree", "orientation.dashboard": "dashboard"}.get(name, name)
                for size, (width, height) in SIZES.items():
                    page.set_viewport_size({"width": width, "height": height})
                    if name in SHOTS and lang == "uk":  # before the probe scrolls anything
                        page.screenshot(path=str(RESULTS / f"layout-{name}-{role}-{size}.png"), full_page=True)
                    found = page.evaluate(PROBE)
                    where = f"{role}/{lang}/{size} {url}"
                    if found["width"] > found["view"]:
                        problems.append(f"{where}: page {found['width']} px wide in a {found['view']} px "
                                        f"window ({', '.join(found.get('wide', []))})")
                    problems += [f"{where}: {c}" for c in found["covered"]]
            context.close()
    assert problems == [], "\n".join(problems)

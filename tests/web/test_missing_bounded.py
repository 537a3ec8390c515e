"""The 'what is missing' page pages by hromada and names at most PEOPLE_SHOWN people of each
(those who still miss the most), with the count of all and a link to the hromada's page for
the rest (issue 21): its size and its queries do not grow with people per hromada."""

from __future__ import annotations

import re

from app.orientation.services import PEOPLE_SHOWN
from tests.conftest import VINNYTSIA, count_queries


def test_missing_page_names_a_bounded_number_of_people(app, client, make_user):
    make_user("admin", email="admin@example.org")
    for n in range(PEOPLE_SHOWN + 3):
        make_user("participant", email=f"p{n}@example.org", name=f"Учасник {n:02d}")
    client.login("admin@example.org")
    url = f"/dashboard/missing?q={VINNYTSIA}"
    page = client.get(url, headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert f"({PEOPLE_SHOWN + 3})" in page  # the summary counts every person
    names = re.findall(r"<li>Учасник \d\d", page)
    assert len(names) == PEOPLE_SHOWN
    assert "Ще 3 — на сторінці громади" in page
    before = count_queries(app, client, url)
    for n in range(20):
        make_user("participant", email=f"q{n}@example.org", name=f"Інша {n:02d}")
    after_page = client.get(url, headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert f"({PEOPLE_SHOWN + 23})" in after_page  # the people kept per stamp: new ones count
    assert count_queries(app, client, url) <= before  # (kept since: fewer queries, never more)
    assert len(re.findall(r"<li>(?:Учасник|Інша) \d\d", after_page)) == PEOPLE_SHOWN
    assert abs(len(after_page) - len(page)) < 200  # the same size with 20 more people

"""Issue 15.2, written as the attack: subtract what is shown (the cohort report's totals, the
per-session tables, each session's results page, the PDF) and try to isolate fewer answers
than FEEDBACK_MIN_RESPONSES. It must be impossible everywhere feedback shows."""

from __future__ import annotations

import re
from itertools import combinations

from sqlalchemy import select

from app.scheduling.models import TrainingSession
from tests.web.test_pathway import crafted, move_to_past, text_of  # noqa: F401 - fixture

TABLE_RE = re.compile(r'<table class="feedback-table">(.*?)</table>', re.DOTALL)
ROW_RE = re.compile(r"<tr><th scope=\"row\">[^<]*</th><td class=\"num\">[^<]*</td>((?:<td class=\"num\">\d+</td>){5})</tr>")
COUNT_RE = re.compile(r"<td class=\"num\">(\d+)</td>")
LONE = "Лише я так думаю 9021"


def distributions(html: str) -> list[tuple[int, ...]]:
    """Every feedback table on a page, as the answer counts of its first question (1-5)."""
    out = []
    for table in TABLE_RE.findall(html):
        first = ROW_RE.search(table)
        out.append(tuple(int(c) for c in COUNT_RE.findall(first.group(1))))
    return out


def test_no_subtraction_isolates_a_small_group(app, db, new_client, crafted):  # noqa: F811
    cohort_id, _trainer, people = crafted
    k = app.config["FEEDBACK_MIN_RESPONSES"]
    assert k == 3
    first, second = db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                               .order_by(TrainingSession.start)).all()[:2]
    move_to_past(db, cohort_id, days_ago=1)
    for person, usefulness in zip(people[:3], (5, 4, 4), strict=True):  # three answers to session 1
        own = new_client()
        own.login(person.email)
        assert own.post(f"/sessions/{first.id}/feedback", {
            "usefulness": usefulness, "pace": 3, "trainer": 4, "improve": ""}).status_code == 302
    lone = new_client()  # one answer to session 2: what the attacker wants to read
    lone.login(people[3].email)
    assert lone.post(f"/sessions/{second.id}/feedback", {
        "usefulness": 1, "pace": 1, "trainer": 1, "improve": LONE}).status_code == 302

    trainer = new_client()
    trainer.login("trainer@example.org")
    trainer.post("/locale", {"locale": "en"})
    report = trainer.get(f"/cohorts/{cohort_id}/learning-report").get_data(as_text=True)
    shown = distributions(report)
    for session in (first, second):  # each session's own results page
        page = trainer.get(f"/sessions/{session.id}/feedback/results")
        assert page.status_code == 200
        shown += distributions(page.get_data(as_text=True))
        assert LONE not in page.get_data(as_text=True)
    total = max(shown, key=sum)
    assert sum(total) == 4  # the cohort's four answers are shown together
    parts = [d for d in shown if d != total]
    for n in range(1, len(parts) + 1):
        for chosen in combinations(parts, n):
            rest = tuple(t - sum(c[i] for c in chosen) for i, t in enumerate(total))
            if min(rest) < 0:
                continue
            assert sum(rest) == 0 or sum(rest) >= k, f"{total} minus {chosen} leaves {rest}"
    # the lone comment only ever appears among all four answers, never beside session 1's
    report_sessions = report[report.index("<section id=\"feedback\">"):]
    assert report_sessions.count(LONE) <= 1
    pdf = text_of(trainer.get(f"/cohorts/{cohort_id}/learning-report.pdf").data)
    assert "4 answers" in pdf
    # in the PDF too: session 1 withheld to protect session 2, session 2 too small to show
    assert "withheld" in pdf and "1 answer so far" in pdf
    assert "3 answers so far" in pdf  # session 1's three answers: a count, no table

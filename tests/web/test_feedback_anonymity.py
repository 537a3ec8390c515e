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
    assert sum(total) == 3  # session 1's three answers; the lone one waits for two more
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
    assert "3 answers." in pdf and LONE not in pdf
    # in the PDF too: session 2 is a count only
    assert "1 answer so far" in pdf and "1 newer answer is not shown yet" in pdf


def test_no_two_views_in_time_differ_by_one_answer(app, db, new_client, crafted):  # noqa: F811
    """The attack over time: the trainer opens the results after each answer and subtracts
    the view before. Answers are released FEEDBACK_MIN_RESPONSES at a time, so each change
    of what is shown takes at least that many answers, and a lone newest answer never shows."""
    cohort_id, _trainer, people = crafted
    k = app.config["FEEDBACK_MIN_RESPONSES"]
    first = db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                       .order_by(TrainingSession.start)).first()
    move_to_past(db, cohort_id, days_ago=1)
    trainer = new_client()
    trainer.login("trainer@example.org")
    trainer.post("/locale", {"locale": "en"})
    url = f"/sessions/{first.id}/feedback/results"

    def view() -> tuple[int, ...]:
        tables = distributions(trainer.get(url).get_data(as_text=True))
        return tables[0] if tables else (0, 0, 0, 0, 0)

    views = [view()]
    for n, person in enumerate(people):
        own = new_client()
        own.login(person.email)
        assert own.post(f"/sessions/{first.id}/feedback", {
            "usefulness": n % 5 + 1, "pace": 3, "trainer": 4, "improve": f"{LONE} {n}"}).status_code == 302
        views.append(view())
        page = trainer.get(url).get_data(as_text=True)
        assert f"{LONE} {n}" not in page or n < k  # the newest answer never shows alone
    for before, after in zip(views, views[1:], strict=False):
        changed = sum(after) - sum(before)
        assert changed == 0 or changed >= k, views
    assert sum(views[-1]) == k  # the fourth answer waits for two more

"""Issue 15.6: passing a quiz must prove something. The attack: fail once, read the right
answers off the attempt page, retake the same paper at once."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.content.services import load_library
from app.quizzes.models import QuizAttempt
from app.quizzes.scoring import quiz_version, snapshot
from tests.conftest import ROOT
from tests.web.test_quizzes import LIBRARY, setup  # noqa: F401 - the cohort fixture

M1 = load_library(ROOT).module("M1")
RIGHT = "<strong>right answer</strong>"
FIELDSET_RE = re.compile(r"<legend>\d+\. (.*?)</legend>(.*?)</fieldset>", re.DOTALL)
OPTION_RE = re.compile(r'name="(q-\d+)" value="(\d+)"[^>]*> (.*?)</label>', re.DOTALL)


@pytest.fixture
def policy_on(app):
    app.config.update(QUIZ_SHUFFLE=True, QUIZ_COOL_DOWN_MINUTES=10, QUIZ_MAX_ATTEMPTS=3)


def served(page: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(question, [(field, value, option text)])] in the order the page shows them."""
    return [(html.unescape(q), [(f, v, html.unescape(t.strip())) for f, v, t in OPTION_RE.findall(body)])
            for q, body in FIELDSET_RE.findall(page)]


def answers_for(page: str, right: bool) -> dict:
    """Right (or wrong) answers to the questions as served, found by their texts."""
    by_text = {q.question: q for q in M1.quiz}
    out: dict = {"version": re.search(r'name="version" value="(\w+)"', page).group(1)}
    seed = re.search(r'name="seed" value="(\d+)"', page)
    if seed:
        out["seed"] = seed.group(1)
    for question, options in served(page):
        source = by_text[question]
        correct = {source.options[a] for a in source.answer}
        chosen = [v for f, v, text in options if (text in correct) == right]
        if not right and source.type == "single":
            chosen = chosen[:1]
        out[options[0][0]] = chosen
    return out


def attempt(client, cohort, right: bool):
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="version"' in page, re.findall(r'id="quiz-closed">([^<]*)', page)
    return client.post(url, answers_for(page, right))


def attempts(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(QuizAttempt))


def age_attempts(db, minutes: int) -> None:
    """As if the attempts were made `minutes` earlier."""
    for item in db.scalars(select(QuizAttempt)):
        db.execute(update(QuizAttempt).where(QuizAttempt.id == item.id)
                   .values(submitted_at=item.submitted_at - timedelta(minutes=minutes)))
    db.commit()


def test_the_quiz_page_states_the_policy(client, setup, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    page = client.get(f"/course/modules/M1/quiz?cohort={cohort.id}").get_data(as_text=True)
    assert "You have 3 attempts to pass" in page and "wait 10 minutes" in page
    assert "new order" in page and "once you pass, or after your last attempt" in page
    assert "as often as you like" not in page


def test_each_attempt_gets_its_own_order_and_is_scored_by_it(client, setup, db, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    papers = [served(client.get(url).get_data(as_text=True)) for _ in range(4)]
    assert len({repr(p) for p in papers}) > 1  # a new order of questions or options
    pool = {q.question for q in M1.quiz}  # each attempt draws its questions from the pool
    assert all(len(p) == M1.quiz_draw and {q for q, _o in p} <= pool for p in papers)
    response = attempt(client, cohort, right=True)
    assert response.status_code == 302
    db.expire_all()
    stored = db.scalar(select(QuizAttempt))
    assert (stored.score, stored.passed) == (100, True)


def test_a_failed_attempt_does_not_reveal_the_right_answers(client, setup, db, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    response = attempt(client, cohort, right=False)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not passed" in page and RIGHT not in page
    assert all(html.escape(q.explanation, quote=False) not in page for q in M1.quiz if q.explanation)
    assert "once you pass, or after your last attempt" in page
    # the cohort's trainer reviewing it sees them
    client.logout()
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    assert RIGHT in client.get(response.headers["Location"]).get_data(as_text=True)


def test_no_instant_retake_after_a_failed_attempt(client, setup, db, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    assert attempt(client, cohort, right=False).status_code == 302
    page = client.get(f"/course/modules/M1/quiz?cohort={cohort.id}").get_data(as_text=True)
    assert 'id="quiz-closed"' in page and "Submit answers" not in page
    # a form kept open from before is refused too
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    forged = {"version": quiz_version(snapshot(M1.quiz)), "seed": "12345",
              **{f"q-{i}": ["0"] for i in range(len(M1.quiz))}}
    response = client.post(url, forged)
    assert response.status_code == 429 and "next attempt opens in" in response.get_data(as_text=True)
    assert attempts(db) == 1
    age_attempts(db, 11)
    assert attempt(client, cohort, right=True).status_code == 302
    assert attempts(db) == 2


def test_the_attempts_run_out_and_only_then_the_answers_show(client, setup, db, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    last = None
    for _ in range(3):
        last = attempt(client, cohort, right=False)
        assert last.status_code == 302
        age_attempts(db, 11)
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="quiz-closed"' in page and "used all 3 attempts" in page
    forged = {"version": quiz_version(snapshot(M1.quiz)), "seed": "777",
              **{f"q-{i}": ["0"] for i in range(len(M1.quiz))}}
    response = client.post(url, forged)
    assert response.status_code == 409 and "used all 3 attempts" in response.get_data(as_text=True)
    assert attempts(db) == 3
    review = client.get(last.headers["Location"]).get_data(as_text=True)
    assert RIGHT in review and "Take the quiz again" not in review


def test_a_seed_the_page_never_sends_is_refused(client, setup, db, policy_on):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    page = client.get(url).get_data(as_text=True)
    data = answers_for(page, right=True)
    for seed in ("9" * 5000, "-1", "١٢", ""):
        data["seed"] = seed
        assert client.post(url, data).status_code == 409
    assert attempts(db) == 0


def test_parallel_submits_never_pass_the_attempt_limit(app, client, setup, db, policy_on):  # noqa: F811
    """The last attempt submitted from eight tabs at once: one is recorded, the others are
    refused (the count and the new attempt are one step, app.db.serialize)."""
    import threading

    from app.auth.models import User
    from app.quizzes import services

    cohort, people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    for _ in range(2):
        assert attempt(client, cohort, right=False).status_code == 302
        age_attempts(db, 11)
    assert attempts(db) == 2
    recorded, refused, errors = [], [], []
    start = threading.Barrier(8)

    def submit_last(n):
        try:
            with app.test_request_context():
                session = app.extensions["db_sessionmaker"]()
                try:
                    paper = services.start(LIBRARY, "M1", "en", seed=n + 1)
                    start.wait()
                    services.submit(session, session.get(User, people["gov"].id), paper, {})
                    session.commit()
                    recorded.append(n)
                except services.QuizClosed as closed:
                    session.rollback()
                    refused.append(closed.standing.left)
                finally:
                    session.close()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=submit_last, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(recorded) == 1 and refused == [0] * 7
    assert attempts(db) == 3
    # and the page says so, with the answers kept, when a submit loses the race
    page = client.get(f"/course/modules/M1/quiz?cohort={cohort.id}").get_data(as_text=True)
    assert "id=\"quiz-closed\"" in page


def test_a_submit_that_loses_the_race_keeps_its_answers_and_says_why(  # noqa: F811
        client, setup, db, policy_on, monkeypatch):  # noqa: F811
    """The route's own check read the attempts before another tab's last attempt landed: the
    service's check refuses, and the page answers 409 with the choices still ticked."""
    from app.quizzes import policy, services

    cohort, _people = setup
    client.login("gov@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    for _ in range(3):
        assert attempt(client, cohort, right=False).status_code == 302
        age_attempts(db, 11)
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    page = client.get(url).get_data(as_text=True)
    assert "id=\"quiz-closed\"" in page
    real = services.standing

    def stale(db_, user_id, module_id, now=None, exclude=None):
        if exclude is None:  # the route's early read, made before the other tab committed
            return policy.Standing(2, False, 1, 0)
        return real(db_, user_id, module_id, now, exclude)

    monkeypatch.setattr(services, "standing", stale)
    page = client.get(url).get_data(as_text=True)
    posted = answers_for(page, right=True)
    response = client.post(url, posted)
    text = response.get_data(as_text=True)
    assert response.status_code == 409 and "used all 3 attempts" in text
    assert attempts(db) == 3
    ticked = re.findall(r'name="(q-\d+)" value="(\d+)" checked', text)
    assert ticked and all(value in posted[field] for field, value in ticked)

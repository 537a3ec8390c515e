"""Module quizzes through the test client: taking a quiz, attempts, who sees what."""

import re
import shutil

import pytest
from markupsafe import escape
from sqlalchemy import event, func, select

from app.content.services import load_library
from app.quizzes import services
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Cohort, Enrolment
from tests.conftest import ROOT
from tests.factories import gen_cohort

LIBRARY = load_library(ROOT)
M1 = LIBRARY.module("M1")
UK_M1 = LIBRARY.translated("module", "M1", "uk")[0]
def h(text: str) -> str:
    """As the page shows it (HTML-escaped)."""
    return str(escape(text))


VERSION_RE = re.compile(r'name="version" value="([0-9a-f]+)"')


def right_answers(module=M1) -> dict:
    return {f"q-{i}": [str(a) for a in q.answer] for i, q in enumerate(module.quiz)}


def wrong_answers(module=M1) -> dict:
    """Every question answered with a wrong option (or a partial set)."""
    out = {}
    for i, q in enumerate(module.quiz):
        if q.type == "multiple":
            out[f"q-{i}"] = [str(q.answer[0])] if len(q.answer) > 1 else \
                [str(next(o for o in range(len(q.options)) if o not in q.answer))]
        else:
            out[f"q-{i}"] = [str(next(o for o in range(len(q.options)) if o not in q.answer))]
    return out


@pytest.fixture
def setup(make_user, db):
    trainer = make_user("trainer", email="lead@example.org", name="Ірина Бондаренко")
    people = {
        "trainer": trainer,
        "gov": make_user("participant", email="gov@example.org", name="Тарас Шевчук"),
        "cso": make_user("participant", email="cso@example.org", name="Мар'яна Ткаченко",
                         stakeholder="civil_society"),
        "outsider_trainer": make_user("trainer", email="t2@example.org"),
        "observer": make_user("observer", email="obs@example.org"),
    }
    cohort = gen_cohort(db, lead=trainer, learners=[people["gov"], people["cso"]])
    return cohort, people


def english(client):
    client.post("/locale", {"locale": "en", "next": "/"})


def take(client, cohort, answers, module_id="M1"):
    """Open the quiz, then post the answers with the version served; the attempt's id."""
    url = f"/course/modules/{module_id}/quiz?cohort={cohort.id}"
    page = client.get(url)
    assert page.status_code == 200
    version = VERSION_RE.search(page.get_data(as_text=True)).group(1)
    response = client.post(url, {"version": version, **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def count_attempts(db, user_id=None) -> int:
    stmt = select(func.count()).select_from(QuizAttempt)
    if user_id is not None:
        stmt = stmt.where(QuizAttempt.user_id == user_id)
    return db.scalar(stmt)


def test_quiz_page_is_a_plain_labelled_form(client, setup):
    cohort, _people = setup
    client.login("gov@example.org")
    english(client)
    page = client.get(f"/course/modules/M1/quiz?cohort={cohort.id}").get_data(as_text=True)
    assert page.count("<h1>") == 1 and page.count("<fieldset") == len(M1.quiz)
    assert h(M1.quiz[0].question) in page and h(M1.quiz[1].question) in page
    assert 'type="checkbox" name="q-0" value="0"' in page  # multiple choice
    assert 'type="radio" name="q-1" value="2"' in page  # single choice
    assert page.count('<label class="check"><input') == sum(len(q.options) for q in M1.quiz)
    assert "style=" not in page and "<script>" not in page
    assert 'name="csrf_token"' in page and "/course/modules/M1/quiz?cohort=" in page
    assert client.get("/course/modules/M99/quiz").status_code == 404


def test_all_right_answers_score_100_and_pass(client, setup, db, app):
    cohort, people = setup
    client.login("gov@example.org")
    english(client)
    attempt_id = take(client, cohort, right_answers())
    attempt = db.get(QuizAttempt, attempt_id)
    assert (attempt.score, attempt.passed, attempt.pass_mark) == (100, True, 60)
    assert attempt.user_id == people["gov"].id and attempt.cohort_id == cohort.id
    assert attempt.module_id == "M1" and len(attempt.questions) == len(M1.quiz)
    page = client.get(f"/quiz-attempts/{attempt_id}").get_data(as_text=True)
    assert "100%" in page and "Passed" in page
    assert h(M1.quiz[1].explanation) in page and "right answer" in page and "your answer" in page
    assert page.count("<h1>") == 1
    with app.app_context():
        assert services.passed(db, people["gov"].id, "M1")
        assert not services.passed(db, people["cso"].id, "M1")


def test_wrong_answers_fail_and_every_attempt_is_kept(client, setup, db, app):
    cohort, people = setup
    client.login("gov@example.org")
    english(client)
    first = take(client, cohort, wrong_answers())
    attempt = db.get(QuizAttempt, first)
    assert attempt.score < 60 and attempt.passed is False
    page = client.get(f"/quiz-attempts/{first}").get_data(as_text=True)
    assert "Not passed" in page and f"{attempt.score}%" in page and "Incorrect" in page
    with app.app_context():
        assert not services.passed(db, people["gov"].id, "M1")
    partial = right_answers()
    partial["q-0"] = partial["q-0"][:1]  # a partial selection is wrong: one question of the pool
    second = take(client, cohort, partial)
    assert db.get(QuizAttempt, second).score == 100 * (len(M1.quiz) - 1) // len(M1.quiz)
    third = take(client, cohort, right_answers())
    assert len({first, second, third}) == 3 and count_attempts(db, people["gov"].id) == 3
    with app.app_context():
        best = services.best_scores(db, [people["gov"].id, people["cso"].id], ["M1", "M2"])
        assert best == {(people["gov"].id, "M1"): 100}
        assert services.passed(db, people["gov"].id, "M1")
        assert services.best_scores(db, [], ["M1"]) == {}
    quiz_page = client.get("/course/modules/M1/quiz").get_data(as_text=True)
    assert "3 attempts so far" in quiz_page and f"/quiz-attempts/{first}" in quiz_page


def test_unanswered_questions_are_asked_again_and_nothing_is_recorded(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    english(client)
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    version = VERSION_RE.search(client.get(url).get_data(as_text=True)).group(1)
    answers = right_answers()
    del answers["q-3"]
    response = client.post(url, {"version": version, **answers})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Answer every question" in page and 'id="q-3-error"' in page
    assert 'name="q-1" value="2" checked' in page  # the answers given are kept
    assert client.post(url, {"version": "0" * 12, **right_answers()}).status_code == 409
    assert count_attempts(db) == 0


def test_results_page_for_the_cohorts_trainers_only(client, new_client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    english(client)
    take(client, cohort, right_answers())
    take(client, cohort, wrong_answers())
    url = f"/cohorts/{cohort.id}/quiz-results"
    assert client.get(url).status_code == 403  # a participant
    trainer = new_client()
    trainer.login("lead@example.org")
    english(trainer)
    response = trainer.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Тарас Шевчук" in page and h("Мар'яна Ткаченко") in page
    assert "100% · passed" in page and "2 attempts" in page and "not taken" in page
    assert page.count("<h1>") == 1
    outsider = new_client()
    outsider.login("t2@example.org")
    assert outsider.get(url).status_code == 404
    observer = new_client()
    observer.login("obs@example.org")
    assert observer.get(url).status_code == 200
    assert new_client().get(url).status_code == 302  # anonymous: log in first


def test_an_attempt_is_hidden_from_other_people(client, new_client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    attempt_id = take(client, cohort, right_answers())
    url = f"/quiz-attempts/{attempt_id}"
    teammate = new_client()
    teammate.login("cso@example.org")
    assert teammate.get(url).status_code == 404
    outsider = new_client()
    outsider.login("t2@example.org")
    assert outsider.get(url).status_code == 404
    trainer = new_client()
    trainer.login("lead@example.org")
    assert trainer.get(url).status_code == 200
    observer = new_client()
    observer.login("obs@example.org")
    assert observer.get(url).status_code == 200
    assert client.get("/quiz-attempts/999999").status_code == 404


def test_quiz_for_a_cohort_the_user_cannot_see_is_refused(client, setup, db):
    cohort, people = setup
    other = gen_cohort(db, lead=people["outsider_trainer"], name="Інша")
    client.login("gov@example.org")
    assert client.get(f"/course/modules/M1/quiz?cohort={other.id}").status_code == 404
    # without ?cohort the attempt counts for the user's own cohort
    page = client.get("/course/modules/M1/quiz").get_data(as_text=True)
    version = VERSION_RE.search(page).group(1)
    response = client.post("/course/modules/M1/quiz", {"version": version, **right_answers()})
    attempt = db.get(QuizAttempt, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert attempt.cohort_id == cohort.id


def test_a_changed_question_leaves_old_attempts_scores(client, setup, db, app, tmp_path):
    content = tmp_path / "content"
    for folder in ("modules", "exercises", "session_plans"):
        shutil.copytree(ROOT / folder, content / folder)
    app.config["CONTENT_DIR"] = str(content)
    cohort, _people = setup
    client.login("gov@example.org")
    english(client)
    old_id = take(client, cohort, right_answers())
    url = f"/course/modules/M1/quiz?cohort={cohort.id}"
    old_version = VERSION_RE.search(client.get(url).get_data(as_text=True)).group(1)

    path = content / "modules" / "01-basic-concepts.md"
    text = path.read_text(encoding="utf-8")
    question = "How many phases does the OGP Local co-creation cycle have?"
    assert question in text
    edited = text.replace(question, "How many phases does the cycle have, in this edition?", 1)
    edited = edited.replace('options: ["Three", "Four", "Five", "Eighteen"]\n    answer: [2]',
                            'options: ["Three", "Four", "Five", "Eighteen"]\n    answer: [1]', 1)
    assert edited.count("answer: [1]") > text.count("answer: [1]")
    path.write_text(edited, encoding="utf-8")

    page = client.get(url).get_data(as_text=True)
    assert "in this edition?" in page
    new_version = VERSION_RE.search(page).group(1)
    assert new_version != old_version
    # a form served before the change is not scored against the new questions
    stale = client.post(url, {"version": old_version, **right_answers()})
    assert stale.status_code == 409 and "questions changed" in stale.get_data(as_text=True)

    new_id = take(client, cohort, right_answers())  # the old right answers: all but one now
    db.expire_all()
    old, new = db.get(QuizAttempt, old_id), db.get(QuizAttempt, new_id)
    assert (old.score, old.passed) == (100, True)
    all_but_one = 100 * (len(M1.quiz) - 1) // len(M1.quiz)
    assert (new.score, new.quiz_version) == (all_but_one, new_version) and old.quiz_version == old_version
    old_page = client.get(f"/quiz-attempts/{old_id}").get_data(as_text=True)
    assert "100%" in old_page and h(question) in old_page and "in this edition?" not in old_page
    assert old_page.count("Incorrect") == 0
    with app.app_context():
        assert services.best_scores(db, [old.user_id], ["M1"]) == {(old.user_id, "M1"): 100}


def test_ukrainian_quiz_shows_ukrainian_questions(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")  # the default language is Ukrainian
    page = client.get(f"/course/modules/M1/quiz?cohort={cohort.id}").get_data(as_text=True)
    assert h(UK_M1.quiz[0].question) in page and h(M1.quiz[0].question) not in page
    assert h(UK_M1.quiz[1].options[2]) in page
    attempt_id = take(client, cohort, right_answers(UK_M1))  # the same answer indices
    attempt = db.get(QuizAttempt, attempt_id)
    assert attempt.score == 100 and attempt.lang == "uk"
    result = client.get(f"/quiz-attempts/{attempt_id}").get_data(as_text=True)
    assert h(UK_M1.quiz[0].question) in result and h(UK_M1.quiz[0].explanation) in result


def test_cohort_results_use_a_constant_number_of_queries(app, db, make_user, setup):
    cohort, _people = setup

    def queries_for_results() -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.get_bind(), "before_cursor_execute", listener)
        try:
            db.expire_all()
            rows = services.cohort_results(db, db.get(Cohort, cohort.id), ["M1", "M2", "M3"])
            [(r.user.name, [m.best for m in r.modules]) for r in rows]
        finally:
            event.remove(db.get_bind(), "before_cursor_execute", listener)
        return len(statements), rows

    with app.app_context():
        small, rows = queries_for_results()
        assert len(rows) == 2
        for n in range(5):
            user = make_user("participant", email=f"extra{n}@example.org")
            db.add(Enrolment(cohort_id=cohort.id, user_id=user.id, role="learner"))
            db.add(QuizAttempt(user_id=user.id, module_id="M2", cohort_id=cohort.id,
                               quiz_version="x", questions=[], answers={}, score=20 * n,
                               passed=20 * n >= 60, pass_mark=60))
        db.commit()
        large, rows = queries_for_results()
        assert large == small and len(rows) == 7
        cells = {r.user.email: r.modules[1] for r in rows if r.user.email.startswith("extra")}
        assert cells["extra4@example.org"] == services.ModuleResult("M2", 1, 80, True)
        assert cells["extra0@example.org"] == services.ModuleResult("M2", 1, 0, False)
        assert rows[0].modules[0] == services.ModuleResult("M1")

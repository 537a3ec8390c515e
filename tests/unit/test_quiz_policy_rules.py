"""The quiz policy and the shuffled paper (pure)."""

from datetime import UTC, datetime, timedelta

from app.quizzes.policy import Rules, standing
from app.quizzes.scoring import score, shuffled

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
RULES = Rules(max_attempts=3, cool_down_minutes=10)
QUESTIONS = [{"question": f"Q{i}", "type": "single", "options": ["a", "b", "c", "d"],
              "answer": [i % 4], "explanation": ""} for i in range(6)]


def test_first_attempt_is_open_and_hides_answers():
    s = standing(RULES, [], NOW)
    assert s.can_attempt and not s.reveals_answers and s.left == 3


def test_a_failed_attempt_starts_the_cool_down():
    s = standing(RULES, [(NOW - timedelta(minutes=4), False)], NOW)
    assert not s.can_attempt and s.wait_seconds == 360 and s.wait_minutes == 6 and s.left == 2
    assert standing(RULES, [(NOW - timedelta(minutes=10), False)], NOW).can_attempt


def test_the_last_attempt_closes_the_quiz_and_reveals():
    tried = [(NOW - timedelta(hours=h), False) for h in (3, 2, 1)]
    s = standing(RULES, tried, NOW)
    assert s.left == 0 and not s.can_attempt and s.reveals_answers


def test_passing_reveals_and_practice_stays_open():
    s = standing(RULES, [(NOW - timedelta(minutes=1), True)], NOW)
    assert s.passed and s.can_attempt and s.reveals_answers


def test_no_limit_and_no_cool_down():
    s = standing(Rules(0, 0), [(NOW, False)] * 9, NOW)
    assert s.can_attempt and s.left is None and not s.reveals_answers


def test_shuffle_is_seeded_and_keeps_the_answers_with_their_options():
    a, b = shuffled(QUESTIONS, 1), shuffled(QUESTIONS, 2)
    assert a == shuffled(QUESTIONS, 1) and a != b
    for paper in (a, b):
        for q in paper:
            original = next(o for o in QUESTIONS if o["question"] == q["question"])
            assert [q["options"][i] for i in q["answer"]] == [original["options"][i] for i in original["answer"]]
        right = {i: q["answer"] for i, q in enumerate(paper)}
        assert score(paper, right, 60).score == 100

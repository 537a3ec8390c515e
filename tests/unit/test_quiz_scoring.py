"""Quiz scoring: pure, against a frozen snapshot of the questions."""

import copy
import json

import pytest

from app.content.course import QuizQuestion
from app.quizzes.scoring import (
    normalise_answers,
    parse_form,
    quiz_version,
    score,
    snapshot,
    unanswered,
)

QUIZ = (
    QuizQuestion("Which values?", "multiple", ("Transparency", "Participation", "Accountability",
                                               "Centralisation"), (0, 1, 2), "The three core values."),
    QuizQuestion("How many phases?", "single", ("Three", "Four", "Five"), (2,), "Five phases."),
    QuizQuestion("How many commitments?", "single", ("Three", "Five"), (1,), "Up to five."),
    QuizQuestion("Who co-creates?", "multiple", ("Council", "Civil society", "Nobody"), (0, 1), ""),
)


@pytest.fixture
def questions():
    return snapshot(QUIZ)


def test_snapshot_is_a_json_copy_with_a_stable_short_version(questions):
    assert json.loads(json.dumps(questions)) == questions
    assert questions[1] == {"question": "How many phases?", "type": "single",
                            "options": ["Three", "Four", "Five"], "answer": [2],
                            "explanation": "Five phases."}
    version = quiz_version(questions)
    assert len(version) == 12 and version == quiz_version(snapshot(QUIZ))
    assert snapshot(questions) == questions  # dicts are accepted too
    changed = copy.deepcopy(questions)
    changed[1]["options"][0] = "Two"
    assert quiz_version(changed) != version


def test_all_right_scores_100_and_passes(questions):
    result = score(questions, {0: [2, 1, 0], 1: [2], 2: [1], 3: [0, 1]}, 60)
    assert (result.score, result.correct, result.total, result.passed) == (100, 4, 4, True)
    assert all(q.correct for q in result.questions)
    assert result.questions[0].chosen == (0, 1, 2) and result.questions[0].answer == (0, 1, 2)


def test_single_choice_needs_the_one_right_option(questions):
    assert score(questions, {1: [1]}, 60).questions[1].correct is False
    assert score(questions, {1: [2]}, 60).questions[1].correct is True
    assert score(questions, {1: [2, 1]}, 60).questions[1].correct is False  # a tampered form


def test_multiple_choice_needs_the_exact_set(questions):
    assert score(questions, {0: [0, 1, 2]}, 60).questions[0].correct is True
    assert score(questions, {0: [0, 1]}, 60).questions[0].correct is False  # partial is wrong
    assert score(questions, {0: [0, 1, 2, 3]}, 60).questions[0].correct is False  # one too many
    assert score(questions, {0: []}, 60).questions[0].correct is False


def test_unanswered_questions_are_wrong_and_listed(questions):
    result = score(questions, {}, 60)
    assert (result.score, result.passed) == (0, False)
    assert unanswered(questions, {1: [2], 3: []}) == [0, 2, 3]


def test_pass_mark_boundary(questions):
    three_right = {0: [0, 1, 2], 1: [2], 2: [1], 3: [0]}  # 3 of 4 = 75
    assert score(questions, three_right, 75).passed is True
    assert score(questions, three_right, 76).passed is False
    assert score(questions, three_right, 75).score == 75
    two_of_three = snapshot(QUIZ[:3])
    result = score(two_of_three, {0: [0, 1, 2], 1: [2]}, 67)
    assert result.score == 66 and result.passed is False  # rounded down, never up
    assert score(two_of_three, {0: [0, 1, 2], 1: [2]}, 66).passed is True
    assert score([], {}, 0).passed is False  # an empty quiz passes nobody


def test_answers_from_json_or_a_form(questions):
    assert normalise_answers({"0": ["2", "0", "x"], "x": [1], 1: 2}) == {0: [0, 2], 1: [2]}
    form = {"q-0": ["0", "1", "2", "9"], "q-1": ["2"], "q-2": ["nope"], "other": ["1"]}
    assert parse_form(form, questions) == {0: [0, 1, 2], 1: [2]}


def test_a_changed_question_keeps_the_old_attempts_score(questions):
    """An attempt stores its snapshot and answers: scoring them again gives the same result,
    however the content changes later."""
    answers = {0: [0, 1, 2], 1: [2], 2: [1], 3: [0, 1]}
    stored = {"questions": json.loads(json.dumps(questions)), "version": quiz_version(questions),
              "answers": {str(k): v for k, v in answers.items()},
              "score": score(questions, answers, 60).score}
    assert stored["score"] == 100
    edited = list(QUIZ)
    edited[1] = QuizQuestion("How many phases?", "single", ("Three", "Four", "Five"), (1,), "Changed.")
    current = snapshot(edited)
    assert quiz_version(current) != stored["version"]
    assert score(current, answers, 60).score == 75  # today's questions would score it lower
    again = score(stored["questions"], stored["answers"], 60)
    assert again.score == stored["score"] == 100 and again.passed

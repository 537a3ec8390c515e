"""Trainer certification as rules: each clause, revocation, and a rule change that leaves the
certifications already recorded as they are. Also the other pure rules of the pathway:
observation scoring, the lead rule, learning gain, feedback aggregates, the six-month window."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from app.pathway import rules
from app.pathway.rules import (
    CertificationRule,
    ObservationFact,
    Recorded,
    Refusal,
    TraineeFacts,
    certification_status,
    decide,
)

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = rules.parse_rubric(yaml.safe_load(
    (ROOT / "session_plans" / "rubrics" / "observation.yaml").read_text(encoding="utf-8")))
TEST = rules.parse_test(yaml.safe_load(
    (ROOT / "session_plans" / "rubrics" / "prepost-test.yaml").read_text(encoding="utf-8")))

RULE = CertificationRule(version=1, plan_id="tot-two-day", modules=("M1", "M2"),
                         quiz_modules=("M1", "M2"), quiz_pass_mark=60,
                         observation_pass_mark=Fraction(3), min_observations=1)
GOOD = ObservationFact(observation_id=7, total=18, count=6)      # average 3.0
WEAK = ObservationFact(observation_id=8, total=17, count=6)      # average 2.83
ALL_MET = TraineeFacts(user_id=1, completed_modules=frozenset({"M1", "M2"}),
                       quiz_best={"M1": 60, "M2": 100}, observations=(WEAK, GOOD))


def test_every_clause_met_certifies_with_evidence():
    status = certification_status(RULE, ALL_MET)
    assert status.met and status.missing == ()
    assert status.evidence["rule_version"] == 1
    assert status.evidence["modules"] == ["M1", "M2"]
    assert status.evidence["quizzes"] == {"M1": 60, "M2": 100}
    assert status.evidence["observations"] == [{"id": 7, "average": "3.00"}]
    assert decide(RULE, ALL_MET, None) == "record"


def test_a_module_not_completed_is_named():
    facts = TraineeFacts(1, frozenset({"M1"}), {"M1": 90, "M2": 90}, (GOOD,))
    assert certification_status(RULE, facts).missing == ("module:M2",)
    assert decide(RULE, facts, None) == "wait"


def test_a_quiz_below_the_pass_mark_or_not_taken_is_named():
    below = TraineeFacts(1, frozenset({"M1", "M2"}), {"M1": 59, "M2": 90}, (GOOD,))
    assert certification_status(RULE, below).missing == ("quiz:M1",)
    untaken = TraineeFacts(1, frozenset({"M1", "M2"}), {"M1": 90}, (GOOD,))
    assert certification_status(RULE, untaken).missing == ("quiz:M2",)


def test_a_module_without_a_quiz_needs_no_quiz():
    rule = CertificationRule(1, "p", ("M1", "M5"), ("M1",), 60, Fraction(3))
    facts = TraineeFacts(1, frozenset({"M1", "M5"}), {"M1": 80}, (GOOD,))
    assert certification_status(rule, facts).met


def test_an_observation_at_the_pass_mark_counts_and_one_below_does_not():
    no_observation = TraineeFacts(1, frozenset({"M1", "M2"}), {"M1": 90, "M2": 90})
    assert certification_status(RULE, no_observation).missing == ("observation",)
    only_weak = TraineeFacts(1, frozenset({"M1", "M2"}), {"M1": 90, "M2": 90}, (WEAK,))
    assert certification_status(RULE, only_weak).missing == ("observation",)
    exactly = TraineeFacts(1, frozenset({"M1", "M2"}), {"M1": 90, "M2": 90}, (GOOD,))
    assert certification_status(RULE, exactly).met


def test_min_observations_asks_for_that_many_passing_ones():
    rule = CertificationRule(1, "p", ("M1",), (), 60, Fraction(3), min_observations=2)
    one = TraineeFacts(1, frozenset({"M1"}), {}, (GOOD, WEAK))
    two = TraineeFacts(1, frozenset({"M1"}), {}, (GOOD, ObservationFact(9, 24, 6)))
    assert certification_status(rule, one).missing == ("observation",)
    assert certification_status(rule, two).met


def test_everything_missing_is_listed_in_order():
    status = certification_status(RULE, TraineeFacts(1))
    assert status.missing == ("module:M1", "module:M2", "quiz:M1", "quiz:M2", "observation")


def test_a_recorded_certification_is_kept_whatever_the_facts():
    assert decide(RULE, TraineeFacts(1), Recorded(rule_version=1)) == "keep"
    assert decide(RULE, ALL_MET, Recorded(rule_version=1)) == "keep"


def test_a_rule_change_does_not_rewrite_past_certifications():
    stricter = CertificationRule(version=2, plan_id="tot-two-day", modules=("M1", "M2", "M3"),
                                 quiz_modules=("M1", "M2", "M3"), quiz_pass_mark=80,
                                 observation_pass_mark=Fraction(7, 2), min_observations=2)
    past = Recorded(rule_version=1)
    assert not certification_status(stricter, ALL_MET).met
    assert decide(stricter, ALL_MET, past) == "keep"
    assert rules.is_certified(past)  # still certified under the version it was recorded with
    # a trainee not yet certified is judged by the new rule
    assert decide(stricter, ALL_MET, None) == "wait"
    assert certification_status(stricter, ALL_MET).evidence["rule_version"] == 2


def test_revocation_needs_an_admin_and_a_reason():
    live = Recorded(1)
    with pytest.raises(Refusal) as refused:
        rules.revocation_reason("trainer", "cheated", live)
    assert refused.value.code == "admin_only"
    for reason in ("", "   ", "x" * 1001):
        with pytest.raises(Refusal) as refused:
            rules.revocation_reason("admin", reason, live)
        assert refused.value.code == "reason" and refused.value.field == "reason"
    assert rules.revocation_reason("admin", "  observation   was not genuine ", live) == \
        "observation was not genuine"


def test_a_revoked_certification_no_longer_counts_and_is_not_recorded_again():
    revoked = Recorded(1, revoked=True)
    assert not rules.is_certified(revoked)
    assert decide(RULE, ALL_MET, revoked) == "keep"
    with pytest.raises(Refusal) as refused:
        rules.revocation_reason("admin", "again", revoked)
    assert refused.value.code == "already"
    with pytest.raises(Refusal) as refused:
        rules.revocation_reason("admin", "nothing there", None)
    assert refused.value.code == "nothing"


def test_who_may_lead_a_cohort():
    assert rules.may_lead("admin", certified=False)
    assert rules.may_lead("trainer", certified=True)
    assert not rules.may_lead("trainer", certified=False)
    assert rules.may_lead("trainer", certified=False, is_tot=True)
    assert not rules.is_certified(None)


# --- the content files and observation scoring -----------------------------------------------------

def test_the_rubric_file_has_the_criteria_and_a_pass_mark_on_the_scale():
    ids = [c.id for c in RUBRIC.criteria]
    assert {"timing", "key_messages", "participation", "exercise", "questions"} <= set(ids)
    assert all(c.label_uk and c.guide and c.guide_uk for c in RUBRIC.criteria)
    assert (RUBRIC.scale_min, RUBRIC.scale_max) == (1, 4)
    assert RUBRIC.scale_min <= RUBRIC.pass_mark <= RUBRIC.scale_max
    assert RUBRIC.scale_label(4, "uk") and RUBRIC.scale_label(4, "en") == "Excellent"


def test_observation_scores_pass_on_the_average():
    ids = [c.id for c in RUBRIC.criteria]
    at_mark = {i: int(RUBRIC.pass_mark) for i in ids}
    result = rules.score_observation(RUBRIC, at_mark)
    assert result.passed and result.average == RUBRIC.pass_mark and result.count == len(ids)
    below = dict(at_mark, **{ids[0]: int(RUBRIC.pass_mark) - 1})
    assert not rules.score_observation(RUBRIC, below).passed
    mixed = dict(below, **{ids[1]: int(RUBRIC.pass_mark) + 1})  # a 4 makes up for a 2
    assert rules.score_observation(RUBRIC, mixed).passed


@pytest.mark.parametrize("bad", [None, "", "x", 0, 5, True])
def test_every_criterion_must_be_scored_on_the_scale(bad):
    scores = {c.id: 3 for c in RUBRIC.criteria}
    scores["timing"] = bad
    with pytest.raises(Refusal) as refused:
        rules.score_observation(RUBRIC, scores)
    assert refused.value.field == "timing"


def test_a_broken_rubric_is_refused_with_the_reason():
    with pytest.raises(rules.ContentError, match="pass_mark"):
        rules.parse_rubric({"id": "r", "title": "t", "pass_mark": 9, "criteria": [
            {"id": "a", "label": "A"}]})
    with pytest.raises(rules.ContentError, match="unique"):
        rules.parse_rubric({"id": "r", "title": "t", "pass_mark": 3, "criteria": [
            {"id": "a", "label": "A"}, {"id": "a", "label": "B"}]})


# --- pre/post test and learning gain ------------------------------------------------------------------

def test_the_test_file_is_the_same_in_both_languages():
    en, uk = rules.paper(TEST, "en"), rules.paper(TEST, "uk")
    assert len(en) == len(uk) >= 5
    assert [q["answer"] for q in en] == [q["answer"] for q in uk]
    assert [len(q["options"]) for q in en] == [len(q["options"]) for q in uk]
    assert en[0]["question"] != uk[0]["question"]


def test_learning_gain_per_participant_and_for_the_cohort():
    summary = rules.learning_gain([1, 2, 3, 4], pre={1: 25, 2: 50, 3: 75}, post={1: 75, 2: 50, 4: 100})
    assert [(g.user_id, g.gain) for g in summary.people] == [(1, 50), (2, 0), (3, None), (4, None)]
    assert summary.paired == 2 and summary.pre_only == 1 and summary.post_only == 1
    assert summary.average_pre == Fraction(75, 2) and summary.average_post == Fraction(125, 2)
    assert summary.average_gain == 25
    assert rules.signed(summary.average_gain) == "+25.0" and rules.signed(-3) == "-3.0"
    assert rules.learning_gain([1], {}, {}).average_gain is None


def test_test_windows():
    start = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
    end = start + timedelta(days=1, hours=6)
    assert rules.prepost_open("pre", start, end, start - timedelta(days=3))
    assert rules.prepost_open("pre", start, end, start + timedelta(minutes=29))
    assert not rules.prepost_open("pre", start, end, start + timedelta(minutes=31))
    assert not rules.prepost_open("post", start, end, start)
    assert rules.prepost_open("post", start, end, end - timedelta(minutes=30))
    assert rules.prepost_open("pre", None, None, start) and not rules.prepost_open("post", None, None, start)


def test_numbers_are_rounded_half_up():
    assert rules.fmt(Fraction(1, 8), 2) == "0.13" and rules.fmt(Fraction(5, 2), 0) == "3"
    assert rules.fmt(Fraction(200, 3)) == "66.7" and rules.fmt(None) == "—"
    assert rules.pct(Fraction(160, 2)) == "80.0%" and rules.pct(None) == "—"


# --- feedback ---------------------------------------------------------------------------------------

def test_feedback_aggregates_and_the_minimum_group():
    rows = [{"usefulness": 5, "pace": 3, "trainer": 4, "improve": "more examples"},
            {"usefulness": 4, "pace": 4, "trainer": 5, "improve": ""},
            {"usefulness": 2, "pace": 5, "trainer": 3, "improve": "A shorter lunch"}]
    summary = rules.aggregate_feedback(rows, 3)
    assert summary.shown and summary.responses == 3
    assert summary.scale("usefulness").mean == Fraction(11, 3)
    assert summary.scale("usefulness").counts == (0, 1, 0, 1, 1)
    assert summary.comments == ("A shorter lunch", "more examples")  # alphabetical, not as given
    few = rules.aggregate_feedback(rows[:2], 3)
    assert not few.shown and few.responses == 2 and few.comments == ()
    assert few.scale("pace").mean is None and few.scale("pace").counts == ()


def test_feedback_values_are_checked():
    assert rules.validate_feedback({"usefulness": "5", "pace": 1, "trainer": 3, "improve": " x "}) == \
        {"usefulness": 5, "pace": 1, "trainer": 3, "improve": "x"}
    for bad in ({"usefulness": 6, "pace": 1, "trainer": 1}, {"pace": 1, "trainer": 1},
                {"usefulness": 3, "pace": 0, "trainer": 1}):
        with pytest.raises(Refusal):
            rules.validate_feedback(bad)
    with pytest.raises(Refusal) as refused:
        rules.validate_feedback({"usefulness": 3, "pace": 3, "trainer": 3, "improve": "x" * 2001})
    assert refused.value.field == "improve"


def test_feedback_window():
    start = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
    end = start + timedelta(hours=2)
    assert not rules.feedback_open(start, end, "planned", start - timedelta(minutes=1))
    assert rules.feedback_open(start, end, "delivered", end + timedelta(days=30))
    assert not rules.feedback_open(start, end, "delivered", end + timedelta(days=31))
    assert not rules.feedback_open(start, end, "cancelled", end)


def test_six_months_of_no_delivery():
    now = datetime(2030, 8, 31, 12, 0, tzinfo=UTC)
    assert rules.months_before(now, 6) == datetime(2030, 2, 28, 12, 0, tzinfo=UTC)
    assert rules.delivering(datetime(2030, 3, 1, tzinfo=UTC), now)
    assert not rules.delivering(datetime(2030, 2, 1, tzinfo=UTC), now)
    assert not rules.delivering(None, now)

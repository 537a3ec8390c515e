from app.orientation.rules import (
    ParticipantFacts,
    Rule,
    module_status,
    municipality_status,
    participant_status,
    rule_from_plan,
)

RULE = Rule(plan_id="tot-two-day", version=1, modules=("M1", "M2"),
            required_exercises={"M2": ("problem-tree",)}, quiz_pass_mark=60)
ALL_DONE = ParticipantFacts(1, "government", {"M1": "present", "M2": "late"},
                            frozenset({"problem-tree"}), {"M1": 80, "M2": 60})


def test_a_module_is_complete_when_every_clause_holds():
    status = participant_status(RULE, ALL_DONE)
    assert all(s.complete for s in status.values())
    assert status["M2"].evidence == {"attendance": "late", "exercises": ["problem-tree"], "quiz": 60,
                                     "rule_version": 1}


def test_absent_or_excused_does_not_count():
    for attended in ("absent", "excused", None):
        facts = ParticipantFacts(1, "government", {"M1": attended}, frozenset(), {"M1": 100})
        assert module_status(RULE, facts, "M1").missing == ("attendance",)


def test_missing_exercise_and_failed_quiz_are_named():
    facts = ParticipantFacts(1, "government", {"M2": "present"}, frozenset(), {"M2": 59})
    assert module_status(RULE, facts, "M2").missing == ("exercise:problem-tree", "quiz")


def test_quiz_not_required_when_pass_mark_is_zero():
    rule = Rule(plan_id="p", version=1, modules=("M1",), quiz_pass_mark=0)
    facts = ParticipantFacts(1, "government", {"M1": "present"})
    assert module_status(rule, facts, "M1").complete


def test_self_paced_plans_waive_attendance():
    rule = Rule(plan_id="p", version=1, modules=("M1",), self_paced=True)
    assert module_status(rule, ParticipantFacts(1, "government"), "M1").complete


def test_municipality_needs_government_and_non_government():
    both = [(1, "government", {"M1", "M2"}), (2, "civil_society", {"M1", "M2"})]
    assert municipality_status(RULE, both).complete
    only_government = [(1, "government", {"M1", "M2"}), (3, "government", {"M1", "M2"})]
    status = municipality_status(RULE, only_government)
    assert not status.complete and status.missing == ("non_government:1",)
    unfinished = [(1, "government", {"M1", "M2"}), (2, "other_non_governmental", {"M1"})]
    assert municipality_status(RULE, unfinished).missing == ("non_government:1",)
    other = [(1, "government", {"M1", "M2"}), (2, "other_non_governmental", {"M1", "M2"})]
    assert municipality_status(RULE, other).complete


def test_rule_from_the_plan_completion_block():
    rule = rule_from_plan("tot-two-day", ("M1", "M2", "M3"), {
        "rule_version": 2, "attendance": ["present"], "modules": ["M1", "M2"],
        "required_exercises": {"M2": ["problem-tree"]}, "quiz_pass_mark": 70,
        "orientation": {"government_min": 2, "non_government_min": 1}})
    assert rule.version == 2 and rule.modules == ("M1", "M2") and rule.attendance == ("present",)
    assert rule.required_exercises == {"M2": ("problem-tree",)} and rule.quiz_pass_mark == 70
    assert rule.government_min == 2
    assert rule_from_plan("p", ("M1",), {}).modules == ("M1",)

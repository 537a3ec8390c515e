"""Issue 15.2: no group smaller than the minimum can be worked out by subtraction (pure)."""

from itertools import combinations, product

from app.pathway.rules import feedback_by_group, shown_groups


def answer(u, p=3, t=4, improve=""):
    return {"usefulness": u, "pace": p, "trainer": t, "improve": improve}


def test_the_attack_one_small_session_next_to_a_big_one():
    per, total = feedback_by_group({"s1": [answer(5)] * 4, "s2": [answer(1, improve="тільки я")]}, 3)
    assert total.shown  # 5 answers
    # shown before: total minus s1 gave s2's single answer; now s1 is withheld too
    assert not per["s1"].shown and per["s1"].protecting and not per["s2"].shown
    assert "тільки я" in total.comments  # among 5 answers, none can be told apart


def test_small_groups_that_add_up_to_the_minimum_need_no_more_suppression():
    assert shown_groups({"a": 5, "b": 1, "c": 2}, 3) == {"a"}


def test_every_combination_leaves_no_small_difference():
    """Over all cohorts of up to 4 sessions with 0-6 answers each: what is withheld adds up
    to 0 or to the minimum or more, so no subtraction of shown figures reveals fewer."""
    k = 3
    for sizes in product(range(7), repeat=4):
        counts = dict(enumerate(sizes))
        shown = shown_groups(counts, k)
        assert all(counts[g] >= k for g in shown)
        total = sum(sizes)
        if total < k:
            continue  # the total itself is withheld
        # any combination of shown figures (total and shown groups) subtracted
        for n in range(len(shown) + 1):
            for subset in combinations(sorted(shown), n):
                rest = total - sum(counts[g] for g in subset)
                assert rest == 0 or rest >= k, (sizes, subset)

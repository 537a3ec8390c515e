"""The action plan's rules (app/plans/rules.py): each rule id, joint plans of 2-4 hromadas
with differing terms, field-named input errors, and the `spilno action-plan check` JSON."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.plans import rules
from app.plans.rules import PlanInputError, check_plan, parse_plan, plan_json

ROOT = Path(__file__).resolve().parents[2]

VISION = {
    "A": "2026-06-01", "B": {"B.1": "2030-10-31", "B.2": "2030-08-31"},
    "C": {"en": "Foreword by the mayor and the residents' council.", "uk": "Передмова."},
    "E": {f"E.{n}": {"en": f"Vision answer {n}", "uk": f"Відповідь {n}"} for n in range(1, 7)},
    "F": {**{f"F.{n}": {"en": f"Engagement {n}", "uk": f"Залучення {n}"} for n in (1, 2, 3, 4, 5, 8)},
          "F.6": 7, "F.7": 4},
    "G": {f"G.{n}": {"en": f"Monitoring {n}", "uk": f"Моніторинг {n}"} for n in range(1, 5)},
    "H": {"en": "Vinnytsia Civic Hub; Open City NGO", "uk": "Громадський хаб; ГО «Відкрите місто»"},
}


def commitment(number=1, start="2026-09-01", end="2027-12-31", **extra):
    data = {
        "number": number,
        "title": {"en": "Publish the repair queue as open data", "uk": "Оприлюднити чергу ремонтів"},
        "start_date": start, "end_date": end,
        "lead_agency": {"organisation": {"en": "Reconstruction department", "uk": "Управління відновлення"},
                        "branch": "Executive", "contact": "Олена Коваль", "title": "Head",
                        "email": "olena@example.org", "role": {"en": "Leads", "uk": "Керує"}},
        "other_stakeholders": [{"organisation": "Open City NGO", "role": "Monitors"}],
        "problem": {"en": "Residents do not know when their building is repaired.", "uk": "Мешканці не знають."},
        "status_quo": {"en": "212 requests in 2025.", "uk": "212 звернень."},
        "action": {"en": "Adopt criteria and publish the queue monthly.", "uk": "Ухвалити критерії."},
        "expected_results": {"en": "Fewer complaints.", "uk": "Менше скарг."},
        "long_term_goal": {"en": "An open reconstruction.", "uk": "Відкрите відновлення."},
        "policy_areas": ["Open Data", "Public Procurement"],
        "sectors": ["Infrastructure & Transport"],
        "ogp_values": ["transparency", "technology_accountability"],
        "resources": {"en": "UAH 200,000 from the 2026 budget.", "uk": "200 000 грн."},
        "resources_secured": "partly",
        "milestones": [
            {"output": {"en": "Criteria adopted", "uk": "Критерії ухвалено"}, "start_date": start,
             "end_date": "2026-12-31", "responsible": "Executive committee", "contact": "Олена Коваль"},
            {"output": {"en": "Queue published", "uk": "Чергу оприлюднено"}, "start_date": "2027-01-01",
             "end_date": end, "responsible": "Reconstruction department"},
        ],
    }
    data.update(extra)
    return data


def plan(jurisdictions=None, commitments=None, **extra):
    data = {
        "jurisdictions": jurisdictions or [{"name": "Вінницька", "code": "UA05020030000031457",
                                            "term_end": "2030-10-31"}],
        "period": {"start": "2026-06-01", "end": "2030-08-31"},
        "vision": copy.deepcopy(VISION),
        "monitoring_body": {"name": {"en": "Vinnytsia University", "uk": "Вінницький університет"},
                            "endorsed_by_non_government": True},
        "commitments": commitments if commitments is not None else [commitment(1), commitment(2)],
    }
    data.update(extra)
    return data


def results(data, rule):
    return [r for r in check_plan(parse_plan(data))["rules"] if r["rule"] == rule]


def only(data, rule):
    found = results(data, rule)
    assert len(found) == 1, found
    return found[0]


def test_a_good_plan_passes_every_rule_and_names_each_rule_id():
    answer = check_plan(parse_plan(plan()))
    assert answer["ok"] is True, [r for r in answer["rules"] if not r["ok"]]
    assert {r["rule"] for r in answer["rules"]} == set(rules.RULE_IDS)


# --- commitment_count -------------------------------------------------------------------

@pytest.mark.parametrize("hromadas, limit", [(1, 5), (2, 10), (3, 12), (4, 12)])
def test_commitment_count_limit_depends_on_the_number_of_jurisdictions(hromadas, limit):
    codes = [{"name": f"Громада {i}", "code": f"UA0{i}", "term_end": "2030-10-31"} for i in range(hromadas)]
    at_limit = plan(codes, [commitment(n) for n in range(1, limit + 1)])
    assert only(at_limit, "commitment_count")["ok"] is True
    over = plan(codes, [commitment(n) for n in range(1, limit + 2)])
    rule = only(over, "commitment_count")
    assert rule["ok"] is False and str(limit) in rule["message"]


def test_a_completed_and_assessed_commitment_can_be_replaced():
    done = commitment(1, completed="2027-12-31", assessed="2028-01-20")
    data = plan(commitments=[done] + [commitment(n) for n in range(2, 7)])   # six, one assessed
    assert only(data, "commitment_count")["ok"] is True
    not_assessed = commitment(1, completed="2027-12-31")
    data = plan(commitments=[not_assessed] + [commitment(n) for n in range(2, 7)])
    assert only(data, "commitment_count")["ok"] is False


def test_a_plan_without_commitments_fails_the_count():
    assert only(plan(commitments=[]), "commitment_count")["ok"] is False


# --- plan_ends_before_term --------------------------------------------------------------

def test_plan_must_end_two_months_before_the_term():
    ok = only(plan(), "plan_ends_before_term")
    assert ok["ok"] is True and "31/08/2030" in ok["message"]
    late = plan(period={"start": "2026-06-01", "end": "2030-09-01"})
    rule = only(late, "plan_ends_before_term")
    assert rule["ok"] is False and "31/08/2030" in rule["message"]


def test_month_end_arithmetic_for_term_ending_on_the_31st():
    # two months before 31/12/2030 is 31/10/2030
    data = plan([{"name": "X", "code": "UA1", "term_end": "2030-12-31"}],
                period={"start": "2026-06-01", "end": "2030-10-31"})
    assert only(data, "plan_ends_before_term")["ok"] is True


def test_without_elections_the_period_is_one_to_four_years():
    no_term = [{"name": "X", "code": "UA1", "term_end": None}]
    assert only(plan(no_term, period={"start": "2026-06-01", "end": "2028-05-31"}),
                "plan_ends_before_term")["ok"] is True
    assert only(plan(no_term, period={"start": "2026-06-01", "end": "2031-06-01"}),
                "plan_ends_before_term")["ok"] is False


@pytest.mark.parametrize("count", [2, 3, 4])
def test_joint_plan_follows_the_longest_term_and_each_hromada_its_own(count):
    terms = ["2028-10-31", "2030-10-31", "2029-03-31", "2031-01-31"][:count]
    jurisdictions = [{"name": f"Громада {i}", "code": f"UA{i}", "term_end": t}
                     for i, t in enumerate(terms)]
    longest = max(terms)
    period_end = rules.latest_end(date.fromisoformat(longest)).isoformat()
    # hromada 0's term ends 31/10/2028: its commitment must end by 31/08/2028
    own_ok = commitment(1, start="2026-09-01", end="2028-08-31", jurisdiction="UA0")
    own_late = commitment(2, start="2026-09-01", end="2028-09-30", jurisdiction="UA0")
    other = commitment(3, start="2027-01-01", end="2030-08-31", jurisdiction="UA1")
    data = plan(jurisdictions, [own_ok, own_late, other],
                period={"start": "2026-06-01", "end": period_end})
    found = results(data, "plan_ends_before_term")
    plan_wide = [r for r in found if r["commitment"] is None]
    assert [r["ok"] for r in plan_wide] == [True]
    by_number = {r["commitment"]: r for r in found if r["commitment"] is not None}
    assert by_number[1]["ok"] is True
    assert by_number[2]["ok"] is False and "31/08/2028" in by_number[2]["message"]
    assert by_number[3]["ok"] is True
    # a period longer than the longest term minus two months breaks the plan-wide rule
    data["period"]["end"] = longest
    assert [r["ok"] for r in results(data, "plan_ends_before_term") if r["commitment"] is None] == [False]


def test_a_joint_commitment_ends_before_the_shortest_term():
    jurisdictions = [{"name": "A", "code": "UA1", "term_end": "2028-10-31"},
                     {"name": "B", "code": "UA2", "term_end": "2030-10-31"}]
    data = plan(jurisdictions, [commitment(1, end="2029-06-30", jurisdiction="joint")],
                period={"start": "2026-06-01", "end": "2030-08-31"})
    rule = next(r for r in results(data, "plan_ends_before_term") if r["commitment"] == 1)
    assert rule["ok"] is False and "A" in rule["message"]


# --- per-commitment rules ---------------------------------------------------------------

def test_commitment_min_one_year():
    assert only(plan(commitments=[commitment(1, "2026-09-01", "2027-08-31")]),
                "commitment_min_one_year")["ok"] is True
    short = only(plan(commitments=[commitment(1, "2026-09-01", "2027-08-30")]), "commitment_min_one_year")
    assert short["ok"] is False and short["commitment"] == 1
    undated = commitment(1, None, None)
    undated["milestones"] = []
    assert only(plan(commitments=[undated]), "commitment_min_one_year")["ok"] is False


def test_commitment_within_period():
    early = commitment(1, "2026-05-01", "2027-12-31")
    early["milestones"][0]["start_date"] = "2026-05-01"
    rule = only(plan(commitments=[early]), "commitment_within_period")
    assert rule["ok"] is False and "01/06/2026" in rule["message"]


def test_milestones_within_dates():
    late = commitment(1)
    late["milestones"][1]["end_date"] = "2028-01-15"
    rule = only(plan(commitments=[late]), "milestones_within_dates")
    assert rule["ok"] is False and "2" in rule["message"]
    assert only(plan(commitments=[commitment(1, milestones=[])]), "milestones_within_dates")["ok"] is False


def test_responsible_agency_as_a_row_or_a_string():
    assert only(plan(commitments=[commitment(1, lead_agency="Управління освіти")]),
                "responsible_agency")["ok"] is True
    assert only(plan(commitments=[commitment(1, lead_agency={"contact": "Олена"})]),
                "responsible_agency")["ok"] is False
    assert only(plan(commitments=[commitment(1, lead_agency=None)]), "responsible_agency")["ok"] is False


def test_ogp_value_accepts_the_six_values_and_the_old_keys():
    assert only(plan(commitments=[commitment(1, ogp_values=[])]), "ogp_value")["ok"] is False
    for value in ("technology_participation", "Technology/innovation for transparency",
                  "Public Participation and Inclusion", "technology", "Прозорість"):
        assert only(plan(commitments=[commitment(1, ogp_values=[value])]), "ogp_value")["ok"] is True


def test_at_most_two_policy_areas_and_sectors():
    three = ["Open Data", "Tax", "Lobbying"]
    assert only(plan(commitments=[commitment(1, policy_areas=three)]), "policy_areas_at_most_two")["ok"] is False
    sectors = ["Education", "Justice", "Legislature"]
    assert only(plan(commitments=[commitment(1, sectors=sectors)]), "sectors_at_most_two")["ok"] is False
    assert only(plan(commitments=[commitment(1, sectors=["Освіта"])]), "sectors_at_most_two")["ok"] is True


def test_english_text_names_the_fields_without_english():
    data = plan()
    data["commitments"][1]["problem"] = {"uk": "Лише українською"}
    data["vision"]["E"]["E.3"] = "Виклики лише українською"
    rule = only(data, "english_text")
    assert rule["ok"] is False
    assert "commitments[1].problem" in rule["message"] and "vision.E.3" in rule["message"]
    assert rules.missing_english(parse_plan(data)) == ["vision.E.3", "commitments[1].problem"]


def test_written_rows_and_optional_sections_need_english_too():
    data = plan()
    data["vision"]["D"] = "Лист міського голови"
    data["commitments"][0]["other_stakeholders"] = [{"organisation": "ГО «Відкрите місто»",
                                                     "role": {"en": "Monitors", "uk": "Моніторить"}}]
    data["commitments"][0]["lead_agency"]["role"] = {"uk": "Керує"}
    assert rules.missing_english(parse_plan(data)) == [
        "vision.D", "commitments[0].lead_agency.role", "commitments[0].other_stakeholders[0].organisation"]


def test_vision_complete():
    data = plan()
    del data["vision"]["G"]["G.4"]
    data["vision"]["F"]["F.7"] = None
    rule = only(data, "vision_complete")
    assert rule["ok"] is False and "G.4" in rule["message"] and "F.7" in rule["message"]


# --- input errors -----------------------------------------------------------------------

@pytest.mark.parametrize("change, path", [
    (lambda d: d["commitments"][1].update(start_date="31.13.2026"), "commitments[1].start_date"),
    (lambda d: d["commitments"][0].update(policy_areas=["Space travel"]), "commitments[0].policy_areas[0]"),
    (lambda d: d["commitments"][0].update(ogp_values="transparency"), "commitments[0].ogp_values"),
    (lambda d: d["commitments"][0].update(title=42), "commitments[0].title"),
    (lambda d: d["commitments"][0].update(resources_secured="maybe"), "commitments[0].resources_secured"),
    (lambda d: d["commitments"][0]["milestones"][0].update(end_date=20270101),
     "commitments[0].milestones[0].end_date"),
    (lambda d: d["commitments"][0].update(jurisdiction="UA999"), None),  # single plan: ignored
    (lambda d: d.update(jurisdictions=[]), "jurisdictions"),
    (lambda d: d["vision"].update(Z="?"), "vision.Z"),
    (lambda d: d["monitoring_body"].update(endorsed_by_non_government="yes"),
     "monitoring_body.endorsed_by_non_government"),
])
def test_wrong_types_and_unknown_values_name_the_field(change, path):
    data = plan()
    change(data)
    if path is None:
        parse_plan(data)
        return
    with pytest.raises(PlanInputError) as caught:
        parse_plan(data)
    assert caught.value.path == path


def test_unknown_jurisdiction_in_a_joint_plan_is_refused():
    data = plan([{"name": "A", "code": "UA1", "term_end": "2030-10-31"},
                 {"name": "B", "code": "UA2", "term_end": "2030-10-31"}],
                [commitment(1, jurisdiction="UA3")])
    with pytest.raises(PlanInputError) as caught:
        parse_plan(data)
    assert caught.value.path == "commitments[0].jurisdiction"


def test_plan_json_reads_back_unchanged():
    parsed = parse_plan(plan())
    again = parse_plan(json.loads(json.dumps(plan_json(parsed))))
    assert again == parsed


def test_dates_as_the_template_writes_them():
    assert rules.dmy(date(2027, 3, 5)) == "05/03/2027"
    assert rules.parse_date("05/03/2027", "x") == date(2027, 3, 5)


# --- co-creation evidence and the change window -----------------------------------------

def test_cocreation_requirements_come_from_recorded_evidence():
    today = date(2028, 1, 15)
    nothing = rules.cocreation_requirements(rules.Evidence(), today)
    assert [r.key for r in nothing] == ["forum", "regularity", "multi_stakeholder", "endorsement"]
    assert not any(r.met for r in nothing)
    evidence = rules.Evidence(
        forum="Open City council", plan_endorsements=2, submitted=date(2026, 9, 1),
        meetings=[rules.Meeting(date(2026, 7, 1), "co_creation", government=4, non_government=6),
                  rules.Meeting(date(2026, 12, 1), "implementation", 3, 2),
                  rules.Meeting(date(2027, 5, 1), "implementation", 3, 2)])
    assert all(r.met for r in rules.cocreation_requirements(evidence, today))
    evidence.meetings.pop()   # one implementation meeting in the first year: not regular
    regularity = rules.cocreation_requirements(evidence, today)[1]
    assert regularity.met is False and "01/09/2026" in regularity.message()


def test_change_window_is_six_months():
    assert rules.change_window_end(date(2026, 8, 31)) == date(2027, 2, 28)


# --- the command line --------------------------------------------------------------------

def run_cli(*args, stdin=None):
    """`spilno action-plan ...`: the command group itself, which needs no app and no database."""
    from click.testing import CliRunner

    from app.plans.cli import action_plan_group

    result = CliRunner().invoke(action_plan_group, list(args), input=stdin)
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def test_check_command_json_round_trip(tmp_path):
    data = plan()
    data["commitments"][0]["sectors"] = ["Education", "Justice", "Legislature"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("check", str(path))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    expected = check_plan(parse_plan(data), smart=lambda c, lang: __import__(
        "app.exercises.smart", fromlist=["check_commitment"]).check_commitment(c, lang=lang))
    assert answer == json.loads(json.dumps(expected, ensure_ascii=False))
    assert answer["ok"] is False
    assert [r["commitment"] for r in answer["rules"] if not r["ok"]] == [1]
    assert len(answer["commitments"]) == 2 and "criteria" in answer["commitments"][0]


def test_check_command_errors_name_file_and_field(tmp_path):
    bad = tmp_path / "bad.json"
    data = plan()
    data["commitments"][2:] = [commitment(3, start="someday")]
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("check", str(bad))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{bad}: commitments[2].start_date: 'someday' is not a date (YYYY-MM-DD)"
    broken = tmp_path / "broken.json"
    broken.write_text('{"jurisdictions": [\n', encoding="utf-8")
    done = run_cli("check", str(broken))
    assert done.returncode == 1 and done.stderr.startswith(f"{broken}:2: invalid JSON")
    assert "Traceback" not in done.stderr

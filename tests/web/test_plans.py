"""The action plan pages: drafts pulled from the team's exercises, the live rule panel,
missing English, the stale save (409), roles, the change log, evidence, exports and the API."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from app.exercises.models import ExerciseWork
from app.plans.models import ActionPlan, Commitment, CommitmentChange, OgpMembership
from app.plans.rules import parse_plan
from app.scheduling.models import Enrolment
from tests.conftest import VINNYTSIA

OTHER = "UA05020010000053508"
EN_UK = {"en": "Text in English", "uk": "Текст українською"}


def bilingual(name, en="Text in English", uk="Текст українською"):
    return {f"{name}__en": en, f"{name}__uk": uk}


def vision_form(version, **extra):
    data = {"version": version, "period_start": "2026-06-01", "period_end": "2030-08-31",
            "F.6": "5", "F.7": "3", "forum": "Відкрита рада громади",
            "monitoring_body_endorsed": "y", **bilingual("monitoring_body", "Vinnytsia University",
                                                         "Вінницький університет")}
    for key in ["C", *[f"E.{n}" for n in range(1, 7)], *[f"F.{n}" for n in (1, 2, 3, 4, 5, 8)],
                *[f"G.{n}" for n in range(1, 5)], "H"]:
        data.update(bilingual(key, f"Vision {key} in English", f"Бачення {key}"))
    data.update(extra)
    return data


def commitment_form(version, **extra):
    data = {"version": version, "start_date": "2026-09-01", "end_date": "2027-12-31",
            **bilingual("title", "Publish the repair queue as open data", "Оприлюднити чергу ремонтів"),
            **bilingual("lead_agency-organisation", "Reconstruction department", "Управління відновлення"),
            "lead_agency-branch": "Executive", "lead_agency-contact": "Олена Коваль",
            "lead_agency-email": "olena@example.org",
            "policy_areas": ["open_data", "public_procurement"], "sectors": ["infrastructure_transport"],
            "ogp_values": ["transparency", "technology_accountability"], "resources_secured": "partly",
            **bilingual("milestones-0-output", "Criteria adopted", "Критерії ухвалено"),
            "milestones-0-start_date": "2026-09-01", "milestones-0-end_date": "2026-12-31",
            "milestones-0-responsible": "Executive committee",
            **bilingual("milestones-1-output", "Queue published monthly", "Чергу оприлюднено"),
            "milestones-1-start_date": "2027-01-01", "milestones-1-end_date": "2027-12-31",
            "milestones-1-responsible": "Reconstruction department"}
    for name in ("problem", "status_quo", "action", "expected_results", "long_term_goal", "resources"):
        data.update(bilingual(name, f"{name} in English", f"{name} українською"))
    data.update(extra)
    return data


EXERCISES = {
    "problem-tree": {"core_problem": "Мешканці не знають черги ремонтів",
                     "affected_groups": "Власники пошкоджених квартир",
                     "causes": [{"text": "Критерії не оприлюднено", "children": []}],
                     "evidence": "212 звернень у 2025 році"},
    "solutions-mapping": {"chosen_solution": "Оприлюднювати чергу щомісяця як відкриті дані"},
    "commitment-support-network": {"network": [
        {"name": "ГО «Відкрите місто»", "role": "advise", "need": "Моніторинг черги",
         "contact_status": "agreed"},
        {"name": "Забудовник", "role": "other", "need": "-", "contact_status": "declined"}]},
    "cocreation-roadmap": {"plan_start": "2026-06-01", "plan_end": "2030-08-31"},
    "strategic-vision": {"medium_term_goals": "Відкрите відновлення громади",
                         "long_term_vision": "Громада, де кожне рішення видно", "groups_count": 6},
}


@pytest.fixture
def team(app, db, make_user, client):
    people = {
        "participant": make_user("participant", email="plan-p@example.org"),
        "civil": make_user("participant", email="plan-cs@example.org", stakeholder="civil_society",
                           name="Оксана Громадська"),
        "outsider": make_user("participant", email="plan-o@example.org", municipality=OTHER),
        "trainer": make_user("trainer", email="plan-t@example.org"),
        "other_trainer": make_user("trainer", email="plan-t2@example.org"),
        "observer": make_user("observer", email="plan-obs@example.org"),
        "admin": make_user("admin", email="plan-a@example.org"),
    }
    client.login("plan-t@example.org")
    response = client.post("/cohorts/new", {
        "name": "План дій", "plan_id": "tot-two-day", "start_date": "2030-03-04",
        "timezone": "Europe/Kyiv", "capacity": 40, "municipality_codes": VINNYTSIA})
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    for key in ("participant", "civil"):
        db.add(Enrolment(cohort_id=cohort_id, user_id=people[key].id, role="learner"))
    db.commit()
    client.logout()
    client.login("plan-p@example.org")
    works = {exercise_id: int(client.post(f"/cohorts/{cohort_id}/exercises/{exercise_id}/open")
                              .headers["Location"].rsplit("/", 1)[-1]) for exercise_id in EXERCISES}
    for exercise_id, work_id in works.items():
        db.get(ExerciseWork, work_id).data = EXERCISES[exercise_id]
    db.commit()
    client.logout()
    people["cohort"] = cohort_id
    return people


def new_plan(client):
    response = client.post(f"/hromadas/{VINNYTSIA}/plans")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def new_commitment(client, plan_id, pull="1"):
    response = client.post(f"/plans/{plan_id}/commitments", {"pull": pull})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def rules_panel(html):
    panel = html[html.index('id="rules"'):]
    return dict(re.findall(r'data-rule="(\w+)" data-ok="(\w+)"', panel[:panel.index("</section>")]))


def test_a_team_builds_a_plan_from_its_exercises_until_every_rule_passes(client, db, team):
    client.login("plan-p@example.org")
    response = client.post(f"/hromadas/{VINNYTSIA}/ogp", {"term_end": "2030-10-31", "joined_on": "2026-03-01",
                                                          "elections_apply": "y", "contact_name": "Олена",
                                                          "contact_email": "olena@example.org",
                                                          "monitoring_body": "Вінницький університет"})
    assert response.status_code == 302
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id)
    page = client.get(f"/plans/{plan_id}/commitments/{commitment_id}").get_data(as_text=True)
    assert "Drafted from your exercises" in page or "Заповнено з ваших вправ" in page
    stored = db.get(Commitment, commitment_id)
    db.refresh(stored)
    assert stored.problem["uk"].startswith("Мешканці не знають черги ремонтів")
    assert "Критерії не оприлюднено" in stored.problem["uk"]
    assert stored.status_quo["uk"] == "212 звернень у 2025 році"
    assert stored.action["uk"] == "Оприлюднювати чергу щомісяця як відкриті дані"
    assert [row["organisation"]["uk"] for row in stored.other_stakeholders] == ["ГО «Відкрите місто»"]
    assert (stored.start_date, stored.end_date) == (date(2026, 6, 1), date(2030, 8, 31))
    assert stored.long_term_goal["uk"] == "Відкрите відновлення громади"
    plan = db.get(ActionPlan, plan_id)
    assert (plan.period_start, plan.period_end) == (date(2026, 6, 1), date(2030, 8, 31))
    # English is missing: shown beside the fields and in the panel; "ready" is refused
    assert "English missing" in page or "Немає англійської" in page
    panel = rules_panel(client.get(f"/plans/{plan_id}").get_data(as_text=True))
    assert panel["english_text"] == "false" and panel["vision_complete"] == "false"
    refused = client.post(f"/plans/{plan_id}/status", {"status": "ready"})
    assert refused.status_code == 400
    db.refresh(plan)
    assert plan.status == "draft"
    # the team writes the vision and the commitment in both languages
    assert client.post(f"/plans/{plan_id}", vision_form(plan.version)).status_code == 302
    db.refresh(stored)
    assert client.post(f"/plans/{plan_id}/commitments/{commitment_id}",
                       commitment_form(stored.version)).status_code == 302
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    panel = rules_panel(html)
    assert panel and set(panel.values()) == {"true"}, panel
    assert client.post(f"/plans/{plan_id}/status", {"status": "ready"}).status_code == 302
    db.refresh(plan)
    assert plan.status == "ready"
    # a save that leaves English missing puts the plan back to draft
    db.refresh(stored)
    without = commitment_form(stored.version, **bilingual("action", "", "Лише українською"))
    assert client.post(f"/plans/{plan_id}/commitments/{commitment_id}", without).status_code == 302
    db.refresh(plan)
    assert plan.status == "draft"
    download = client.get(f"/plans/{plan_id}/export.docx?lang=both")
    assert download.status_code == 200
    document = Document(io.BytesIO(download.data))
    assert "7. Problem / Проблема" in [p.text for p in document.paragraphs]


def test_a_stale_save_is_refused_and_keeps_the_text(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id, pull="0")
    version = db.get(Commitment, commitment_id).version
    assert client.post(f"/plans/{plan_id}/commitments/{commitment_id}",
                       commitment_form(version)).status_code == 302
    stale = client.post(f"/plans/{plan_id}/commitments/{commitment_id}",
                        commitment_form(version, **bilingual("action", "My newer action", "Моя новіша дія")))
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "My newer action" in html and "Моя новіша дія" in html and 'id="stale"' in html
    db.expire_all()
    assert db.get(Commitment, commitment_id).action["en"] == "action in English"
    plan = db.get(ActionPlan, plan_id)
    stale_plan = client.post(f"/plans/{plan_id}", vision_form(plan.version - 1 if plan.version > 1 else 99,
                                                              **bilingual("C", "My foreword", "Моя передмова")))
    assert stale_plan.status_code == 409 and "My foreword" in stale_plan.get_data(as_text=True)


def test_bad_input_is_answered_next_to_the_field(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id, pull="0")
    version = db.get(Commitment, commitment_id).version
    response = client.post(f"/plans/{plan_id}/commitments/{commitment_id}", commitment_form(
        version, **{"milestones-1-end_date": "2027-13-45", "sectors": ["infrastructure_transport", "moon"]}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Use a date like 2026-05-31." in html or "2026-05-31" in html
    assert html.count('class="error"') >= 2
    assert "Queue published monthly" in html    # nothing typed is lost
    plan = db.get(ActionPlan, plan_id)
    bad = client.post(f"/plans/{plan_id}", vision_form(plan.version, period_end="2026-01-01"))
    assert bad.status_code == 400


def test_a_plan_that_breaks_rules_is_shown_not_refused(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id, pull="0")
    version = db.get(Commitment, commitment_id).version
    short = commitment_form(version, end_date="2027-03-31", sectors=["education", "justice", "legislature"])
    short["milestones-1-end_date"] = "2027-03-31"
    assert client.post(f"/plans/{plan_id}/commitments/{commitment_id}", short).status_code == 302
    panel = rules_panel(client.get(f"/plans/{plan_id}/commitments/{commitment_id}").get_data(as_text=True))
    assert panel["commitment_min_one_year"] == "false" and panel["sectors_at_most_two"] == "false"
    assert panel["responsible_agency"] == "true"


def test_the_count_limit_refuses_a_sixth_open_commitment(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    ids = [new_commitment(client, plan_id, pull="0") for _ in range(5)]
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert 'id="commitment-limit"' in page and 'id="new-from-exercises"' not in page  # said, not offered
    refused = client.post(f"/plans/{plan_id}/commitments", {"pull": "0"}, follow_redirects=True)
    assert "limit of open commitments" in refused.get_data(as_text=True) or \
        "граничну кількість" in refused.get_data(as_text=True)
    assert len(db.scalars(select(Commitment).where(Commitment.plan_id == plan_id)).all()) == 5
    done = db.get(Commitment, ids[0])
    done.completed_on, done.assessed_on = date(2027, 1, 1), date(2027, 2, 1)
    db.commit()
    assert 'id="new-from-exercises"' in client.get(f"/plans/{plan_id}").get_data(as_text=True)
    new_commitment(client, plan_id, pull="0")   # a completed and assessed one can be replaced


def test_roles(client, db, team, new_client):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id, pull="0")
    client.logout()
    for email, read, comment in (("plan-t@example.org", 200, 302), ("plan-obs@example.org", 200, 403),
                                 ("plan-a@example.org", 200, 403), ("plan-t2@example.org", 404, 404),
                                 ("plan-o@example.org", 404, 404)):
        other = new_client()
        other.login(email)
        assert other.get(f"/plans/{plan_id}").status_code == read, email
        assert other.get(f"/plans/{plan_id}/commitments/{commitment_id}").status_code == read, email
        assert other.post(f"/plans/{plan_id}/comments", {"body": "Уточніть дати"}).status_code == comment, email
        saved = other.post(f"/plans/{plan_id}/commitments/{commitment_id}", commitment_form(1))
        assert saved.status_code in (403, 404), email
    page = client.get(f"/plans/{plan_id}")
    assert page.headers["Cache-Control"] == "no-store"


def test_changes_to_a_submitted_plan_are_recorded(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    plan = db.get(ActionPlan, plan_id)
    client.post(f"/plans/{plan_id}", vision_form(plan.version))
    commitment_id = new_commitment(client, plan_id, pull="0")
    saved = client.post(f"/plans/{plan_id}/commitments/{commitment_id}",
                        commitment_form(db.get(Commitment, commitment_id).version))
    assert saved.status_code == 302
    assert client.post(f"/plans/{plan_id}/status", {"status": "ready"}).status_code == 302
    assert client.post(f"/plans/{plan_id}/status", {"status": "submitted"}).status_code == 302
    db.expire_all()
    version = db.get(Commitment, commitment_id).version
    later = commitment_form(version, end_date="2028-03-31")
    refused = client.post(f"/plans/{plan_id}/commitments/{commitment_id}", later)
    assert refused.status_code == 400
    later.update(reason="Підрядник затримав роботи", approved_by="ГО «Відкрите місто»")
    assert client.post(f"/plans/{plan_id}/commitments/{commitment_id}", later).status_code == 302
    change = db.scalar(select(CommitmentChange).where(CommitmentChange.commitment_id == commitment_id))
    assert change.fields == ["end_date"] and change.approved_by == "ГО «Відкрите місто»"
    assert change.within_window is True
    html = client.get(f"/plans/{plan_id}/commitments/{commitment_id}").get_data(as_text=True)
    assert "Підрядник затримав роботи" in html


def test_cocreation_requirements_from_recorded_evidence(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    html = client.get(f"/plans/{plan_id}/cocreation").get_data(as_text=True)
    assert html.count('class="finding-error" data-requirement') == 4
    plan = db.get(ActionPlan, plan_id)
    client.post(f"/plans/{plan_id}", vision_form(plan.version))
    response = client.post(f"/plans/{plan_id}/meetings", {
        "held_on": "2026-05-10", "phase": "co_creation", "title": "Перша зустріч",
        "participants": [str(team["participant"].id), str(team["civil"].id)], "guests_non_government": "3"})
    assert response.status_code == 302
    client.post(f"/plans/{plan_id}/endorsements", {"scope": "plan", "organisation": "ГО «Відкрите місто»"})
    client.post(f"/plans/{plan_id}/feedback", {"source": "Мешканці", "received": "Додайте дати",
                                               "answer": "Додали"})
    html = client.get(f"/plans/{plan_id}/cocreation").get_data(as_text=True)
    met = re.findall(r'class="finding-ok" data-requirement="(\w+)"', html)
    assert met == ["forum", "regularity", "multi_stakeholder", "endorsement"]
    assert "<td>1</td><td>4</td>" in html   # 1 government, 1 civil society + 3 guests


def test_joint_plan_and_the_api(client, db, team, app):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    assert client.post(f"/plans/{plan_id}/jurisdictions", {"code": OTHER}).status_code == 302
    plan = db.get(ActionPlan, plan_id)
    db.refresh(plan)
    assert len(plan.jurisdictions) == 2
    assert db.scalar(select(OgpMembership).where(OgpMembership.municipality_id == team["outsider"].municipality_id))
    ids = [new_commitment(client, plan_id, pull="0") for _ in range(6)]
    assert len(ids) == 6     # a joint plan of two may have ten
    api = app.test_client()
    assert api.get(f"/api/plans/{VINNYTSIA}").status_code == 401
    with app.app_context():
        from app.orientation.services import create_api_token

        token = create_api_token(db, "test")
        db.commit()
    answer = api.get(f"/api/plans/{VINNYTSIA}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    parsed = parse_plan(answer.get_json())
    assert len(parsed.jurisdictions) == 2 and len(parsed.commitments) == 6
    assert api.get("/api/plans/UA00000000000000000", headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_the_commitment_exercise_starts_a_commitment(client, db, team):
    """The exercise page offers "Add to our action plan"; the draft fills the commitment and
    the other exercises fill what it leaves empty."""
    client.login("plan-p@example.org")
    location = client.post(f"/cohorts/{team['cohort']}/exercises/commitment-template/open").headers["Location"]
    work = db.get(ExerciseWork, int(location.rsplit("/", 1)[-1]))
    work.data = {"title": "Publish the repair queue", "lead_agency": "Управління відновлення",
                 "ogp_values": [0, 3], "resources_secured": "yes",
                 "milestones": [{"output": "Criteria adopted", "start_date": "2026-09-01",
                                 "end_date": "2026-12-31", "responsible": "Executive committee"}]}
    db.commit()
    page = client.get(location).get_data(as_text=True)
    assert f'action="/works/{work.id}/to-plan"' in page
    response = client.post(f"/works/{work.id}/to-plan")
    assert response.status_code == 302
    commitment = db.scalar(select(Commitment).where(Commitment.source_work_id == work.id))
    assert commitment.title == {"en": "Publish the repair queue", "uk": ""}
    assert commitment.lead_agency["organisation"]["uk"] == "Управління відновлення"
    assert commitment.ogp_values == ["transparency", "technology"]
    assert commitment.milestones[0].output["en"] == "Criteria adopted"
    assert commitment.action["uk"] == "Оприлюднювати чергу щомісяця як відкриті дані"  # solutions mapping
    client.logout()
    client.login("plan-t@example.org")
    assert f'action="/works/{work.id}/to-plan"' not in client.get(location).get_data(as_text=True)
    assert client.post(f"/works/{work.id}/to-plan").status_code == 403


def test_the_live_panel_checks_the_text_as_typed_without_saving(client, db, team):
    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    commitment_id = new_commitment(client, plan_id, pull="0")
    version = db.get(Commitment, commitment_id).version
    typed = commitment_form(version, end_date="2027-03-31", **{"milestones-1-end_date": "2027-03-31"})
    typed.pop("title__en")
    response = client.post(f"/plans/{plan_id}/commitments/{commitment_id}/check", typed)
    assert response.status_code == 200
    panel = dict(re.findall(r'data-rule="(\w+)" data-ok="(\w+)"', response.get_data(as_text=True)))
    assert panel["commitment_min_one_year"] == "false" and panel["responsible_agency"] == "true"
    assert "title" in response.get_data(as_text=True)   # English missing: the title
    db.expire_all()
    assert db.get(Commitment, commitment_id).version == version   # nothing saved
    assert db.get(Commitment, commitment_id).end_date is None


def test_without_elections_the_period_rule_asks_for_one_to_four_years(client, db, team):
    client.login("plan-p@example.org")
    client.post(f"/hromadas/{VINNYTSIA}/ogp", {"term_end": "2027-10-31"})   # elections box unticked
    plan_id = new_plan(client)
    plan = db.get(ActionPlan, plan_id)
    client.post(f"/plans/{plan_id}", vision_form(plan.version))   # 2026-06-01 to 2030-08-31
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert rules_panel(html)["plan_ends_before_term"] == "false"   # more than four years
    assert "виборів немає" in html or "no elections" in html       # not the term end of 2027
    membership = db.scalar(select(OgpMembership))
    db.refresh(membership)
    assert membership.elections_apply is False

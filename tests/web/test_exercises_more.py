"""Every form exercise through the plain form (no JavaScript): open, save, see, submit,
validation messages next to the field, the Markdown export; the stakeholder map and the
prioritisation matrix pictures; the municipal workbook (page and PDF)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from markupsafe import escape

from app.exercises.models import ExerciseWork
from tests.conftest import VINNYTSIA
from tests.web.test_exercises import AGRONOMICHNA, autosave, form_save, open_work, setup  # noqa: F401

NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture
def team(setup):  # noqa: F811  (the cohort of tests/web/test_exercises.py)
    return setup


def mark(n: int) -> str:
    """A word that appears nowhere else, so finding it proves the saved value is shown."""
    return f"Мітка{n:03d}"


# exercise id -> (form fields without the "f-" prefix, markers that must be shown)
FILLED: dict[str, dict[str, object]] = {
    "situating-starting-point": {
        "transparency_practices": f"{mark(101)} рішення ради на сайті", "transparency_level": "developing",
        "participation_practices": f"{mark(102)} громадський бюджет", "participation_level": "early_steps",
        "accountability_practices": f"{mark(103)} звіт голови", "accountability_level": "not_yet",
        "digital_practices": f"{mark(104)} портал відкритих даних", "digital_level": "established",
        "track_record": f"{mark(105)} спільна програма з ГО", "existing_plans": f"{mark(106)}\nСтратегія 2030",
    },
    "participatory-space-mapping": {
        "spaces-0-name": mark(201), "spaces-0-participants": "депутати, ГО", "spaces-0-frequency": "щомісяця",
        "spaces-0-members": "both", "spaces-0-decision_power": "advises",
        "chosen_forum": f"{mark(202)} громадська рада", "req_forum": "met", "req_regularity": "missing",
        "req_regularity_action": f"{mark(203)} графік засідань", "req_multistakeholder": "met",
        "req_endorsement": "met",
    },
    "stakeholder-map": {
        "stakeholders-0-name": mark(301), "stakeholders-0-organisation": "Міська рада",
        "stakeholders-0-type": "government", "stakeholders-0-power": "5", "stakeholders-0-interest": "4",
        "stakeholders-1-name": mark(302), "stakeholders-1-type": "civil_society",
        "stakeholders-1-power": "2", "stakeholders-1-interest": "5",
        "stakeholders-2-name": mark(303), "stakeholders-2-type": "media",
        "stakeholders-2-power": "1", "stakeholders-2-interest": "1",
        "missing_voices": f"{mark(304)} ВПО", "first_contacts": "Голова",
    },
    "prioritization-matrix": {
        "criteria-0-name": "Вплив", "criteria-0-weight": "3",
        "criteria-1-name": "Здійсненність", "criteria-1-weight": "2",
        "criteria-2-name": "Терміновість", "criteria-2-weight": "2",
        "criteria-3-name": "Політична воля", "criteria-3-weight": "1",
        "problems-0-problem": mark(401), "problems-0-impact": "4", "problems-0-feasibility": "2",
        "problems-0-urgency": "3", "problems-0-political_will": "1",
        "problems-1-problem": mark(402), "problems-1-impact": "5", "problems-1-feasibility": "4",
        "problems-1-urgency": "5", "problems-1-political_will": "4",
        "shortlist": f"{mark(403)} черга ремонтів",
    },
    "solutions-mapping": {
        "problem": f"{mark(501)} непрозора черга ремонтів",
        "solutions-0-solution": mark(502), "solutions-0-where_used": "Львів", "solutions-0-source": "OGP",
        "solutions-0-ogp_value": "transparency", "solutions-0-fit": "good", "solutions-0-fit_reason": "схожий",
        "chosen_solution": f"{mark(503)} відкрита черга",
    },
    "commitment-support-network": {
        "commitment": f"{mark(601)} відкрита черга ремонтів",
        "network-0-name": mark(602), "network-0-role": "approve", "network-0-need": "рішення",
        "network-0-contact_status": "contacted", "network-0-contact_owner": "Тарас",
        "next_steps": f"{mark(603)} зустріч у травні",
    },
    "strategic-vision": {
        "plan_start": "2026-01-01", "term_end": "2030-10-31", "plan_end": "2027-12-31",
        "foreword": f"{mark(701)} спільне слово", "long_term_vision": f"{mark(702)} відкрита громада",
        "achievements": "Прозорро", "challenges": "довіра", "medium_term_goals": "відкриті дані",
        "plan_contribution": "кроки", "lead_institutions": f"{mark(703)} виконком",
        "collaboration_spaces": "громадська рада", "diversity_measures": "ВПО", "participant_groups": "ГО",
        "continued_collaboration": "засідання", "monitoring_body": f"{mark(704)} університет",
        "endorsements": f"{mark(705)}\nГО Світло",
    },
    "launch-communication": {
        "core_message": f"{mark(801)} громада відкриває дані",
        "activities-0-activity": mark(802), "activities-0-audience": "мешканці", "activities-0-channel": "сайт",
        "activities-0-date": "2026-09-01", "activities-0-owner": "пресслужба",
        "activities-0-message": "приходьте", "offline_reach": f"{mark(803)} старости сіл",
    },
    "swot-progress": {
        "strengths": f"{mark(901)}\nактивна пресслужба", "weaknesses": f"{mark(902)}\nмало людей",
        "opportunities": "Тиждень відкритого уряду", "threats": "дезінформація",
        "key_messages": f"{mark(903)} ремонти видно", "channels": "сайт щокварталу",
    },
    "learning-plan": {
        "monitoring_body": f"{mark(1001)} університет",
        "learning_questions-0-question": mark(1002), "learning_questions-0-sources": "опитування",
        "learning_questions-0-methods": "аналіз", "learning_questions-0-who": "ГО", "learning_questions-0-when": "щороку",
        "sharing": f"{mark(1003)} звіт на форумі",
    },
}

# the three other exercises, so that a workbook can hold the whole cycle
OTHERS: dict[str, dict[str, object]] = {
    "problem-tree": {"core_problem": f"{mark(1101)} черга ремонтів незрозуміла",
                     "affected_groups": "мешканці", "causes": f"{mark(1102)}\n  немає даних",
                     "effects": "скарги", "evidence": "звернення"},
    "cocreation-roadmap": {"plan_start": "2026-01-01", "plan_end": "2027-12-31",
                           "dependencies": f"{mark(1201)} сесії ради",
                           "steps-0-step_id": "1.1", "steps-0-title": mark(1202),
                           "steps-0-start_date": "2026-01-10", "steps-0-end_date": "2026-02-10",
                           "steps-0-status": "in_progress"},
    "commitment-template": {"title": f"{mark(1301)} відкрита черга", "problem": f"{mark(1302)} люди не знають",
                            "start_date": "2026-03-01", "end_date": "2027-06-30"},
}

MARKERS = {eid: [m for v in fields.values() for m in re.findall(r"Мітка\d{3}", str(v))]
           for eid, fields in {**FILLED, **OTHERS}.items()}

# exercise id -> (fields, the field whose message is shown, the message)
INVALID: dict[str, tuple[dict[str, object], str, str]] = {
    "situating-starting-point": ({"transparency_level": "excellent"}, "transparency_level",
                                 "Оберіть один із варіантів."),
    "participatory-space-mapping": ({"spaces-0-name": "Рада", "spaces-0-members": "everyone"}, "spaces",
                                    "Оберіть один із варіантів."),
    "stakeholder-map": ({"stakeholders-0-name": "Рада", "stakeholders-0-power": "багато"}, "stakeholders",
                        "Введіть число."),
    "prioritization-matrix": ({"problems-0-problem": "Ремонти", "problems-0-impact": "високо"}, "problems",
                              "Введіть число."),
    "solutions-mapping": ({"problem": "я" * 501}, "problem", "Максимальна кількість символів: 500 (зараз: 501)."),
    "commitment-support-network": ({"commitment": "я" * 501}, "commitment",
                                   "Максимальна кількість символів: 500 (зараз: 501)."),
    "strategic-vision": ({"plan_end": "31.12.2027", "foreword": "ok"}, "plan_end",
                         "Введіть дату у форматі 2026-05-31."),
    "launch-communication": ({"activities-0-activity": "Подія", "activities-0-date": "завтра"}, "activities",
                             "Введіть дату у форматі 2026-05-31."),
    "swot-progress": ({"strengths": "с" * 501 + "\nкоротко"}, "strengths",
                      "Максимальна кількість символів: 500 (зараз: 501)."),
    "learning-plan": ({"monitoring_body": "Рада\x1b[31m"}, "monitoring_body", "Містить символи, які не можна зберегти."),
}


def uk_title(exercise_id: str) -> str:
    from pathlib import Path

    from app.content.services import load_library

    return load_library(Path(__file__).resolve().parents[2]).translated("exercise", exercise_id, "uk")[0].title


def page_text(response) -> str:
    return response.get_data(as_text=True)


def error_next_to(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="f-{re.escape(field_id)}-error"[^>]*>([^<]*)</p>', page)
    assert match, f"no error paragraph for {field_id}"
    return match.group(1)


@pytest.mark.parametrize("exercise_id", list(FILLED))
def test_the_whole_flow_through_the_plain_form(client, team, db, exercise_id):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, exercise_id)
    page = page_text(client.get(f"/works/{work_id}"))
    assert page.count("<h1") == 1 and 'id="work-form"' in page
    # submitting before the required fields are filled is refused with a message
    refused = page_text(client.post(f"/works/{work_id}/submit", follow_redirects=True))
    assert "Перед поданням заповніть" in refused
    response = form_save(client, work_id, 1, **FILLED[exercise_id])
    assert response.status_code == 302, error_messages(response)
    page = page_text(client.get(f"/works/{work_id}"))
    assert "Збережено (версія 2)." in page
    for marker in MARKERS[exercise_id]:
        assert marker in page, marker
    assert page.count("<h1") == 1
    response = client.post(f"/works/{work_id}/submit", follow_redirects=True)
    assert "Подано тренерам." in page_text(response)
    db.expire_all()
    work = db.get(ExerciseWork, work_id)
    assert work.status == "submitted" and work.version == 2
    assert form_save(client, work_id, 2, **FILLED[exercise_id]).status_code == 403


def error_messages(response) -> str:
    return " | ".join(re.findall(r'<p class="error"[^>]*>([^<]+)</p>', page_text(response)))


@pytest.mark.parametrize("exercise_id", list(INVALID))
def test_invalid_values_are_refused_with_the_message_next_to_the_field(client, team, db, exercise_id):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, exercise_id)
    fields, field_id, message = INVALID[exercise_id]
    response = form_save(client, work_id, 1, **fields)
    assert response.status_code == 422
    page = page_text(response)
    assert error_next_to(page, field_id) == str(escape(message))
    assert 'class="field field-' in page and "has-error" in page
    db.expire_all()
    assert db.get(ExerciseWork, work_id).version == 1  # nothing saved
    # the autosave route refuses the same values with the same message for the field
    refused = autosave(client, work_id, 1, **fields)
    assert refused.status_code == 422 and refused.json["errors"][field_id] == message


@pytest.mark.parametrize("exercise_id", list(FILLED))
def test_markdown_export_contains_the_saved_content(client, team, db, exercise_id):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, exercise_id)
    assert form_save(client, work_id, 1, **FILLED[exercise_id]).status_code == 302
    response = client.get(f"/works/{work_id}/export.md")
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert text.startswith(f"# {uk_title(exercise_id)}\n")
    for marker in MARKERS[exercise_id]:
        assert marker in text, marker


def test_strategic_vision_flags_a_plan_ending_less_than_two_months_before_the_term(client, team, db):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "strategic-vision")
    fields = {**FILLED["strategic-vision"], "plan_start": "2026-01-01", "plan_end": "2027-12-31",
              "term_end": "2028-01-31"}
    assert form_save(client, work_id, 1, **fields).status_code == 302
    page = page_text(client.get(f"/works/{work_id}"))
    assert 'class="finding-error">План закінчується 31.12.2027; він має завершитися до 30.11.2027' in page
    fields["plan_end"] = "2027-11-30"  # exactly two months before: allowed
    assert form_save(client, work_id, 2, **fields).status_code == 302
    page = page_text(client.get(f"/works/{work_id}"))
    assert "finding-error" not in page and "Період плану відповідає правилам OGP Local." in page
    answer = autosave(client, work_id, 3, **{**fields, "plan_end": "2028-01-15"})
    findings = [f for c in answer.json["checks"] if c["name"] == "plan_period" for f in c["findings"]]
    assert any(f["level"] == "error" and "30.11.2027" in f["message"] for f in findings)


def test_stakeholder_map_is_drawn_and_the_drag_script_loaded(client, team, db):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "stakeholder-map")
    page = page_text(client.get(f"/works/{work_id}"))
    assert 'id="stakeholder-diagram"' in page and "/static/stakeholder-map.js" in page
    assert 'id="f-stakeholders-0-power"' in page and 'id="f-stakeholders-0-interest"' in page
    form_save(client, work_id, 1, **{**FILLED["stakeholder-map"], "stakeholders-3-name": "<b>Хтось</b>"})
    response = client.get(f"/works/{work_id}/stakeholders.svg")
    assert response.mimetype == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    svg = page_text(response)
    root = ET.fromstring(svg)
    places = {g.find("s:title", NS).text.split(" ")[0]: g.get("class").split()[1]
              for g in root.iterfind(".//s:g", NS) if g.get("class", "").startswith("stakeholder ")}
    assert places == {mark(301): "manage-closely", mark(302): "keep-informed", mark(303): "monitor"}
    assert "&lt;b&gt;Хтось&lt;/b&gt;" in svg  # listed as not placed yet, escaped
    assert "органи влади" in svg and "Тісно співпрацювати" in svg
    # the other exercises do not get the drag script
    tree = open_work(client, cohort, "problem-tree")
    assert "stakeholder-map.js" not in page_text(client.get(f"/works/{tree}"))


def test_prioritization_matrix_starts_with_criteria_and_ranks_problems(client, team, db):
    cohort, _people = team
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "prioritization-matrix")
    work = db.get(ExerciseWork, work_id)
    assert work.data["criteria"] == [{"name": "Вплив", "weight": 1}, {"name": "Здійсненність", "weight": 1},
                                     {"name": "Терміновість", "weight": 1}, {"name": "Політична воля", "weight": 1}]
    page = page_text(client.get(f"/works/{work_id}"))
    assert 'value="Політична воля"' in page and 'id="ranking-diagram"' in page
    assert form_save(client, work_id, 1, **FILLED["prioritization-matrix"]).status_code == 302
    page = page_text(client.get(f"/works/{work_id}"))
    ranking = page[page.index('id="ranking-list"'):]
    assert ranking.index(mark(402)) < ranking.index(mark(401))  # 37 before 23
    assert "<strong>37</strong>" in ranking and "<strong>23</strong>" in ranking
    svg = page_text(client.get(f"/works/{work_id}/ranking.svg"))
    root = ET.fromstring(svg)
    totals = [g.get("data-total") for g in root.iterfind(".//s:g", NS) if g.get("class") == "ranked"]
    assert totals == ["37", "23"]
    answer = autosave(client, work_id, 2, **{**FILLED["prioritization-matrix"], "criteria-0-weight": "1"})
    assert [(r["rank"], r["total"]) for r in answer.json["ranking"]] == [(1, 27), (2, 15)]


# --- the municipal workbook -------------------------------------------------------------------

CYCLE = ["situating-starting-point", "participatory-space-mapping", "stakeholder-map", "cocreation-roadmap",
         "problem-tree", "prioritization-matrix", "solutions-mapping", "commitment-support-network",
         "strategic-vision", "commitment-template", "launch-communication", "swot-progress", "learning-plan"]


def fill_everything(client, new_client, cohort) -> dict[str, int]:
    works = {}
    for exercise_id in CYCLE:
        works[exercise_id] = work_id = open_work(client, cohort, exercise_id)
        response = form_save(client, work_id, 1, **{**FILLED, **OTHERS}[exercise_id])
        assert response.status_code == 302, (exercise_id, error_messages(response))
    teammate = new_client()  # the individual exercise, done by a second member of the team
    teammate.login("cso@example.org")
    own = open_work(teammate, cohort, "situating-starting-point")
    assert own != works["situating-starting-point"]
    form_save(teammate, own, 1, **{**FILLED["situating-starting-point"], "transparency_practices": mark(1999)})
    return works


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_workbook_pdf_holds_every_exercise_in_cycle_order(client, new_client, team, db):
    cohort, _people = team
    client.login("gov@example.org")
    fill_everything(client, new_client, cohort)
    listing = page_text(client.get(f"/cohorts/{cohort.id}/exercises"))
    assert f"/cohorts/{cohort.id}/workbook" in listing
    response = client.get(f"/cohorts/{cohort.id}/workbook.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(response.data))
    for exercise_id in CYCLE:
        assert re.sub(r"\s+", "", uk_title(exercise_id)) in text, exercise_id
    positions = []
    for exercise_id in CYCLE:
        for marker in MARKERS[exercise_id]:
            assert marker in text, (exercise_id, marker)
        positions.append(text.index(MARKERS[exercise_id][0]))
    assert positions == sorted(positions), "exercises are not in the order of the cycle"
    # a teammate's individual work is theirs and their trainers' (issue 15.3), not the team's
    assert mark(1999) not in text
    assert "Робочийзошит" in text


def test_workbook_titles_follow_the_cycle_and_other_hromadas_are_refused(client, new_client, team, db):
    cohort, _people = team
    client.login("gov@example.org")
    fill_everything(client, new_client, cohort)
    page = page_text(client.get(f"/cohorts/{cohort.id}/workbook"))
    assert page.count("<h1") == 1 and "<script" not in page and "style=" not in page
    headings = re.findall(r'<h2 id="ex-\d+-([a-z-]+)-title">', page)
    # two members did the individual exercise; each sees only their own (issue 15.3)
    assert headings == list(CYCLE)
    assert page.count('src="data:image/svg+xml;base64,') == 4  # tree, stakeholders, ranking, roadmap
    for exercise_id in CYCLE:
        assert MARKERS[exercise_id][0] in page
    # a participant of another hromada in the same cohort sees only their own workbook
    other = new_client()
    other.login("other@example.org")
    assert other.get(f"/cohorts/{cohort.id}/workbook?municipality={VINNYTSIA}").status_code == 404
    assert other.get(f"/cohorts/{cohort.id}/workbook.pdf?municipality={VINNYTSIA}").status_code == 404
    theirs = page_text(other.get(f"/cohorts/{cohort.id}/workbook"))
    assert mark(101) not in theirs and "Олег Чужий" not in theirs
    assert other.get(f"/cohorts/{cohort.id}/workbook.pdf?municipality={AGRONOMICHNA}").status_code == 200
    # trainers of the cohort choose a hromada; trainers of other cohorts get nothing
    trainer = new_client()
    trainer.login("lead@example.org")
    chooser = page_text(trainer.get(f"/cohorts/{cohort.id}/workbook"))
    assert f"municipality={VINNYTSIA}" in chooser and f"municipality={AGRONOMICHNA}" in chooser
    assert mark(101) in page_text(trainer.get(f"/cohorts/{cohort.id}/workbook?municipality={VINNYTSIA}"))
    assert trainer.get(f"/cohorts/{cohort.id}/workbook.pdf").status_code == 404  # no hromada named
    assert trainer.get(f"/cohorts/{cohort.id}/workbook?municipality=UA00000000000000000").status_code == 404
    assert f"/cohorts/{cohort.id}/workbook" in page_text(trainer.get(f"/cohorts/{cohort.id}/exercises"))
    outsider = new_client()
    outsider.login("t2@example.org")
    assert outsider.get(f"/cohorts/{cohort.id}/workbook?municipality={VINNYTSIA}").status_code == 404

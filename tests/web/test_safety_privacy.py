"""Issue 15.3: individual work is private to its owner, the cohort's trainers and AUC staff,
on every path: the work page, revisions, exports, figures, the team workbook and its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.scheduling.models import Cohort, Enrolment
from tests.conftest import VINNYTSIA

SECRET = "Мій особистий план 4417"


@pytest.fixture
def team(db, make_user, new_client):
    lead = make_user("trainer", email="lead@example.org")
    owner = make_user("participant", email="owner@example.org", name="Власниця Роботи")
    mate = make_user("participant", email="mate@example.org", name="Колега Команди")
    make_user("observer", email="obs@example.org")
    cohort = Cohort(name="Група", join_code="PRIV42", lead_trainer_id=lead.id)
    db.add(cohort)
    db.flush()
    db.add(Enrolment(cohort_id=cohort.id, user_id=lead.id, role="trainer"))
    for person in (owner, mate):
        db.add(Enrolment(cohort_id=cohort.id, user_id=person.id, role="learner"))
    db.commit()
    clients = {}
    for key, email in (("owner", "owner@example.org"), ("mate", "mate@example.org"),
                       ("lead", "lead@example.org"), ("observer", "obs@example.org")):
        clients[key] = new_client()
        clients[key].login(email)
    opened = clients["owner"].post(f"/cohorts/{cohort.id}/exercises/engagement-plan/open")
    work_id = int(opened.headers["Location"].rsplit("/", 1)[-1])
    saved = clients["owner"].post(f"/works/{work_id}", {"version": "1", "f-challenge": SECRET})
    assert saved.status_code == 302
    team_work = clients["mate"].post(f"/cohorts/{cohort.id}/exercises/problem-tree/open")
    assert team_work.status_code == 302
    return cohort.id, work_id, clients


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_teammate_cannot_read_anothers_individual_work_anywhere(team):
    cohort_id, work_id, clients = team
    mate = clients["mate"]
    for suffix in ("", "/revisions", "/export.md", "/export.pdf"):
        assert mate.get(f"/works/{work_id}{suffix}").status_code == 404, suffix
    workbook = mate.get(f"/cohorts/{cohort_id}/workbook")
    assert workbook.status_code == 200
    assert SECRET not in workbook.get_data(as_text=True)
    assert "Власниця Роботи" not in workbook.get_data(as_text=True)
    pdf = mate.get(f"/cohorts/{cohort_id}/workbook.pdf")
    assert pdf.status_code == 200 and SECRET not in _pdf_text(pdf.data)


def test_the_owner_the_cohorts_trainer_and_auc_staff_still_read_it(team):
    cohort_id, work_id, clients = team
    assert SECRET in clients["owner"].get(f"/works/{work_id}").get_data(as_text=True)
    assert SECRET in clients["owner"].get(f"/cohorts/{cohort_id}/workbook").get_data(as_text=True)
    for who in ("lead", "observer"):
        assert SECRET in clients[who].get(f"/works/{work_id}").get_data(as_text=True)
        page = clients[who].get(f"/cohorts/{cohort_id}/workbook?municipality={VINNYTSIA}")
        assert SECRET in page.get_data(as_text=True), who
        pdf = clients[who].get(f"/cohorts/{cohort_id}/workbook.pdf?municipality={VINNYTSIA}")
        assert SECRET in _pdf_text(pdf.data), who

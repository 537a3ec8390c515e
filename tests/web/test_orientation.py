"""Orientation completion end to end: a cohort of two hromadas completes the plan; one has
only government members and stays incomplete with the reason shown; the other completes.
Dashboard, exports, certificate and the JSON API agree."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from app.audit import AuditEvent
from app.content.services import load_library
from app.exercises.models import ExerciseWork
from app.orientation.models import Certificate, ModuleCompletion, OrientationCompletion
from app.orientation.services import create_api_token, evaluate_cohort
from app.quizzes.models import QuizAttempt
from app.registry.models import Municipality
from app.scheduling.models import Enrolment
from app.scheduling.services import CohortSpec, create_cohort_from_plan, mark
from tests.conftest import ROOT, VINNYTSIA, count_queries

AGRONOMICHNA = "UA05020010000053508"
LIBRARY = load_library(ROOT)
REQUIRED = ("cocreation-roadmap", "problem-tree", "commitment-template")


@pytest.fixture
def completed_cohort(app, db, make_user):
    trainer = make_user("trainer", email="lead@example.org")
    admin = make_user("admin", email="admin@example.org")
    make_user("observer", email="observer@example.org")
    people = [make_user("participant", email="a-gov@example.org", name="Тарас Шевчук"),
              make_user("participant", email="a-cso@example.org", name="Мар'яна Ткаченко",
                        stakeholder="civil_society"),
              make_user("participant", email="b-gov1@example.org", municipality=AGRONOMICHNA),
              make_user("participant", email="b-gov2@example.org", municipality=AGRONOMICHNA)]
    with app.app_context():
        start = datetime(2026, 3, 2, 9, 30)
        cohort = create_cohort_from_plan(
            db, CohortSpec(name="Дві громади", lead_trainer_id=trainer.id, plan_id="tot-two-day"),
            LIBRARY, start, admin, now=datetime(2026, 1, 1, tzinfo=UTC))
        for person in people:
            db.add(Enrolment(cohort_id=cohort.id, user_id=person.id, role="learner"))
        db.flush()
        for session in cohort.sessions:
            for person in people:
                mark(db, session, person, "present", trainer)
        for municipality in {p.municipality_id for p in people}:
            for exercise_id in REQUIRED:
                db.add(ExerciseWork(exercise_id=exercise_id, cohort_id=cohort.id,
                                    municipality_id=municipality, data={}, status="submitted"))
        for person in people:
            for module in ("M1", "M2", "M3", "M4", "M5"):
                db.add(QuizAttempt(user_id=person.id, module_id=module, cohort_id=cohort.id,
                                   quiz_version="v1", questions=[], answers={}, score=80,
                                   passed=True, pass_mark=60))
    db.commit()
    return cohort, people


def test_two_hromadas_one_completes(app, db, client, new_client, completed_cohort):
    cohort, people = completed_cohort
    client.login("lead@example.org")
    assert client.post(f"/cohorts/{cohort.id}/evaluate").status_code == 302
    assert db.scalar(select(func.count()).select_from(ModuleCompletion)) == 20
    oriented = list(db.scalars(select(OrientationCompletion)))
    assert [o.municipality.code for o in oriented] == [VINNYTSIA]
    assert oriented[0].evidence["government"] == [people[0].id]
    assert db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "completion.orientation")) == 1

    admin = new_client()
    admin.login("admin@example.org")
    page = admin.get("/dashboard").get_data(as_text=True)
    assert "<svg" in page and 'class="bar-completed"' in page
    stats = page.split('<ul class="stats">')[1].split("</ul>")[0]
    assert "<strong>1</strong>" in stats  # one completed, one in progress
    missing = admin.get("/dashboard/missing").get_data(as_text=True)
    # every hromada of the filter: the completed one says that nothing is missing
    assert "Агрономічна" in missing and "Вінницька міська" in missing.split("<h1>")[1]
    assert "state-completed" in missing and "state-in_progress" in missing
    assert "non-government" in missing or "неурядов" in missing
    detail = admin.get(f"/dashboard/municipalities/{AGRONOMICHNA}").get_data(as_text=True)
    assert "non-government" in detail or "неурядов" in detail

    csv_text = admin.get("/dashboard/export.csv?lang=en").data.decode("utf-8-sig")
    lines = {line.split(",")[0]: line for line in csv_text.splitlines()[1:]}
    assert "завершено" in lines[VINNYTSIA] or "completed" in lines[VINNYTSIA]
    assert "триває" in lines[AGRONOMICHNA] or "in progress" in lines[AGRONOMICHNA]
    book = load_workbook(BytesIO(admin.get("/dashboard/export.xlsx?status=completed").data))
    codes = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert codes == [VINNYTSIA]

    participant = new_client()
    participant.login("a-cso@example.org")
    listing = participant.get("/my/certificates").get_data(as_text=True)
    certificate = db.scalar(select(Certificate).where(Certificate.kind == "municipality"))
    assert certificate.code in listing
    pdf = participant.get(f"/certificates/{certificate.code}.pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages)
    assert "Вінницька" in text and certificate.code in text
    other = new_client()
    other.login("b-gov1@example.org")
    assert other.get(f"/certificates/{certificate.code}.pdf").status_code == 404
    verify = new_client().get(f"/verify/{certificate.code}")
    assert verify.status_code == 200 and "Вінницька" in verify.get_data(as_text=True)
    assert new_client().get("/verify/AAAA-BBBB-CCCC").status_code == 404
    programme = db.scalar(select(Certificate).where(Certificate.kind == "programme",
                                                    Certificate.user_id == people[1].id))
    assert programme is not None

    with app.app_context():
        token = create_api_token(db, "AUC CRM")
    db.commit()
    api = new_client().raw
    yes = api.get(f"/api/orientation/{VINNYTSIA}", headers={"Authorization": f"Bearer {token}"})
    assert yes.status_code == 200 and yes.json["orientation_completed"] is True
    no = api.get(f"/api/orientation/{AGRONOMICHNA}", headers={"Authorization": f"Bearer {token}"})
    assert no.json["orientation_completed"] is False
    assert api.get(f"/api/orientation/{VINNYTSIA}").status_code == 401
    assert api.get(f"/api/orientation/{VINNYTSIA}", headers={"Authorization": "Bearer nope"}).status_code == 401
    unknown = api.get("/api/orientation/UA00000000000000000", headers={"Authorization": f"Bearer {token}"})
    assert unknown.status_code == 404


def test_completion_time_is_never_overwritten_and_a_rule_change_keeps_the_past(app, db, completed_cohort):
    cohort, _people = completed_cohort
    with app.app_context():
        evaluate_cohort(db, cohort, LIBRARY)
        db.commit()
        first = {(c.user_id, c.module_id): (c.completed_at, c.rule_version)
                 for c in db.scalars(select(ModuleCompletion))}
        plan = LIBRARY.plan("tot-two-day")
        stricter = {**plan.completion, "rule_version": 2,
                    "required_exercises": {"M1": ["situating-starting-point"]}}
        from dataclasses import replace

        changed = replace(LIBRARY, plans=tuple(replace(p, completion=stricter) if p.id == plan.id else p
                                               for p in LIBRARY.plans))
        result = evaluate_cohort(db, cohort, changed)
        db.commit()
    assert result.module_completions == [] and result.orientations == []
    again = {(c.user_id, c.module_id): (c.completed_at, c.rule_version)
             for c in db.scalars(select(ModuleCompletion))}
    assert again == first and {v for _, v in again.values()} == {1}


def test_only_admins_revoke_with_a_reason(app, db, client, new_client, completed_cohort):
    cohort, people = completed_cohort
    with app.app_context():
        evaluate_cohort(db, cohort, LIBRARY)
    db.commit()
    completion = db.scalar(select(ModuleCompletion).where(ModuleCompletion.user_id == people[0].id))
    observer = new_client()
    observer.login("observer@example.org")
    assert observer.post(f"/dashboard/completions/{completion.id}/revoke",
                         {"reason": "test"}).status_code == 403
    admin = new_client()
    admin.login("admin@example.org")
    admin.post(f"/dashboard/completions/{completion.id}/revoke", {"reason": ""})
    db.expire_all()
    assert db.get(ModuleCompletion, completion.id).revoked_at is None
    admin.post(f"/dashboard/completions/{completion.id}/revoke", {"reason": "Підпис у журналі підроблено"})
    db.expire_all()
    revoked = db.get(ModuleCompletion, completion.id)
    assert revoked.revoked_at is not None and revoked.revoke_reason == "Підпис у журналі підроблено"
    event_row = db.scalar(select(AuditEvent).where(AuditEvent.action == "completion.module_revoke"))
    assert event_row.details["reason"] == "Підпис у журналі підроблено"
    with app.app_context():
        assert evaluate_cohort(db, cohort, LIBRARY).module_completions == []  # stays revoked


def test_participants_cannot_see_the_dashboard(client, make_user):
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    for url in ("/dashboard", "/dashboard/municipalities", "/dashboard/missing", "/dashboard/export.csv"):
        assert client.get(url).status_code == 403


def test_export_neutralises_spreadsheet_formulas(db, client, make_user):
    db.add(Municipality(code="UA99999999999999999", name_uk='=HYPERLINK("http://evil","клік")',
                        name_en="+cmd|' /C calc'!A0", oblast="@SUM(1)", type="city", search_text="x"))
    db.commit()
    make_user("admin", email="admin@example.org")
    client.login("admin@example.org")
    csv_text = client.get("/dashboard/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+cmd" in csv_text and "'@SUM" in csv_text
    sheet = load_workbook(BytesIO(client.get("/dashboard/export.xlsx").data)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "UA99999999999999999")
    # stored as text (with Excel's quote prefix): no CSV apostrophe shows in the cell
    assert row[1].data_type == "s" and row[1].quotePrefix and row[1].value.startswith("=HYPERLINK")


def test_orientation_export_command(runner, db, tmp_path, hromadas):
    out = tmp_path / "o.xlsx"
    result = runner.invoke(args=["orientation", "export", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).active.max_row == 41  # header + the 40 hromadas loaded
    csv_out = tmp_path / "o.csv"
    runner.invoke(args=["orientation", "export", "--format", "csv", "-o", str(csv_out)])
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_dashboard_and_list_use_a_constant_number_of_queries(app, db, client, make_user, completed_cohort):
    cohort, _people = completed_cohort
    client.login("admin@example.org")
    urls = ("/dashboard", "/dashboard/municipalities?status=in_progress", "/dashboard/missing")
    before = [count_queries(app, client, url) for url in urls]
    with app.app_context():
        evaluate_cohort(db, cohort, LIBRARY)
        for n in range(30):
            make_user("participant", email=f"extra{n}@example.org",
                      stakeholder="government" if n % 2 else "civil_society")
    db.commit()
    after = [count_queries(app, client, url) for url in urls]
    assert after == before


def test_attendance_saved_by_the_trainer_records_completions_at_once(db, client, completed_cohort):
    cohort, people = completed_cohort
    last = sorted(cohort.sessions, key=lambda s: s.start)[-1]
    from app.scheduling.models import Attendance

    db.execute(Attendance.__table__.delete().where(Attendance.session_id == last.id))
    db.commit()
    client.login("lead@example.org")
    client.post(f"/sessions/{last.id}/attendance", {f"status-{people[0].id}": "present"})
    done = {(c.user_id, c.module_id) for c in db.scalars(select(ModuleCompletion))}
    assert (people[0].id, last.module_id) in done and (people[1].id, last.module_id) not in done

"""Issue 15: bad input that used to get a 500, a traceback or a misleading answer."""

from __future__ import annotations

from datetime import UTC

import pytest

from tests.web.test_plans import team as plan_team  # noqa: F401 - a hromada with its exercises


@pytest.mark.parametrize("refs, start", [(["M1"], "9999-12-31 23:00"), (["tot-two-day"], "9999-12-31 10:00"),
                                         (["M1"], "1999-12-31 10:00")])
def test_agenda_cli_refuses_a_year_outside_the_range(plain_runner, tmp_path, refs, start):
    out = tmp_path / "agenda.html"
    result = plain_runner.invoke(args=["agenda", *refs, "--start", start, "--format", "html",
                                       "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, OverflowError)
    assert "error: start" in result.output and "2000-2100" in result.output
    assert not out.exists()


# --- item 11: a user CSV import is capped, and never holds the database for long ------------------

def _users_csv(n: int, sep: str = ",") -> bytes:
    from tests.conftest import VINNYTSIA

    lines = [sep.join(["email", "name", "role", "municipality_code", "stakeholder_type"])]
    lines += [sep.join([f"person{i}@example.org", f"Особа {i}", "participant", VINNYTSIA,
                        "government"]) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _import(client, body: bytes, name="users.csv"):
    import io

    return client.post("/admin/users/import", {"file": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def _count_users(db) -> int:
    from sqlalchemy import func, select

    from app.auth.models import User

    db.expire_all()
    return db.scalar(select(func.count()).select_from(User))


def test_the_import_page_states_the_row_cap(app, client, make_user):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    page = client.get("/admin/users/import").get_data(as_text=True)
    assert str(app.config["USER_IMPORT_MAX_ROWS"]) in page


def test_a_file_over_the_cap_is_refused_whole_with_a_message(app, client, make_user, db):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    before = _count_users(db)
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    response = _import(client, _users_csv(limit * 20))  # 10,000 rows with the default cap
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"{limit}" in text and "alert-error" in text
    assert _count_users(db) == before


def _write_lock_held(app, post) -> list[tuple[float, float]]:
    """(CPU, wall) seconds from the first write of each transaction to its commit."""
    import time

    from sqlalchemy import event

    engine = app.extensions["db_engine"]
    first_write, held = [], []

    def before(conn, cursor, statement, *args):
        if not first_write and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            first_write.append((time.thread_time(), time.perf_counter()))

    def commit(conn):
        if first_write:
            cpu, wall = first_write.pop()
            held.append((time.thread_time() - cpu, time.perf_counter() - wall))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    try:
        post()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", commit)
    return held


def test_a_participant_import_at_the_cap_holds_the_write_lock_briefly(app, client, db, sheet):
    cohort, _session = sheet
    cohort.capacity = 600
    db.commit()
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    body = "name,email,municipality_code,stakeholder_type\n" + "".join(
        f"Особа {i},bulk{i}@example.org,UA05020030000031457,government\n" for i in range(limit))
    answers = []
    held = _write_lock_held(app, lambda: answers.append(
        _upload(client, f"/cohorts/{cohort.id}/import", body)))
    assert f"{limit} participants enrolled" in answers[0].get_data(as_text=True)
    assert held
    if app.extensions["db_engine"].dialect.name == "sqlite":
        assert max(cpu for cpu, _wall in held) < 0.5, held


def test_an_import_at_the_cap_holds_the_write_lock_under_a_second(app, client, make_user, db):
    """Others' autosaves wait for the import's write transaction: it must stay short."""
    import time

    from sqlalchemy import event

    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    engine = app.extensions["db_engine"]
    first_write, held = [], []

    # The work done while the write lock is held, measured as this thread's CPU time: the
    # wall clock of a machine shared by many test runs says more about them than about us.
    def before(conn, cursor, statement, *args):
        if not first_write and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            first_write.append((time.thread_time(), time.perf_counter()))

    def commit(conn):
        if first_write:
            cpu, wall = first_write.pop()
            held.append((time.thread_time() - cpu, time.perf_counter() - wall))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    try:
        before_count = _count_users(db)
        response = _import(client, _users_csv(app.config["USER_IMPORT_MAX_ROWS"]))
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", commit)
    assert response.status_code == 200 and "alert-error" not in response.get_data(as_text=True)
    assert _count_users(db) == before_count + app.config["USER_IMPORT_MAX_ROWS"]
    assert held
    if engine.dialect.name == "sqlite":  # PostgreSQL's row locks do not stop others' saves
        assert max(cpu for cpu, _wall in held) < 0.5, held


# --- item 12: Excel's semicolons, Ukrainian column names, the interface's labels -------------------

def _stored(db, email):
    from sqlalchemy import select

    from app.auth.models import User

    db.expire_all()
    return db.scalar(select(User).where(User.email_key == email.casefold()))


@pytest.mark.parametrize("body", [
    # Excel under a Ukrainian locale: semicolons, Ukrainian headers, the labels people see
    ("Ел. пошта;Ім'я;Роль;Громада (код КАТОТТГ);Тип зацікавленої сторони\r\n"
     "olena@example.org;Олена Коваль;Учасник;{code};Громадянське суспільство\r\n"
     "ivan@example.org;Іван Бондар;учасник;{code};Органи влади\r\n"),
    # the same with the English interface's labels and ids, commas, a BOM
    ("\ufeffEmail,Name,Role,Hromada (KATOTTG code),Stakeholder type\n"
     "olena@example.org,Олена Коваль,Participant,{code},Civil society\n"
     "ivan@example.org,\"Бондар, Іван\",participant,{code},government\n"),
    # ids as headers, semicolons, a name with a semicolon inside quotes
    ("email;name;role;municipality_code;stakeholder_type\n"
     "olena@example.org;\"Олена; Коваль\";participant;{code};civil_society\n"
     "ivan@example.org;Іван Бондар;participant;{code};government\n"),
], ids=["excel-ukrainian", "english-labels", "ids-semicolons"])
def test_a_spreadsheet_csv_is_understood(client, make_user, db, body):
    from tests.conftest import VINNYTSIA

    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    response = _import(client, body.format(code=VINNYTSIA).encode("utf-8"))
    text = response.get_data(as_text=True)
    assert "alert-error" not in text, text[text.find("alert-error"):][:600]
    olena, ivan = _stored(db, "olena@example.org"), _stored(db, "ivan@example.org")
    assert olena.stakeholder_type == "civil_society" and olena.role == "participant"
    assert ivan.stakeholder_type == "government"
    assert olena.municipality.code == VINNYTSIA


def test_a_header_only_user_csv_says_nothing_was_imported(client, make_user, db):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    before = _count_users(db)
    text = _import(client, "Ел. пошта;Ім'я;Роль\r\n".encode()).get_data(as_text=True)
    assert "alert-error" in text and ("nothing was imported" in text or "нічого не імпортовано" in text)
    assert _count_users(db) == before


# --- items 12 and 13: attendance and participant CSVs ---------------------------------------------

@pytest.fixture
def sheet(db, make_user):
    """A cohort led by lead@, two learners, one session."""
    from datetime import datetime, timedelta

    from app.scheduling.models import Cohort, Enrolment, TrainingSession

    lead = make_user("trainer", email="lead@example.org")
    people = [make_user("participant", email=f"p{n}@example.org") for n in (1, 2)]
    cohort = Cohort(name="Облік", join_code="SHEET1", lead_trainer_id=lead.id)
    db.add(cohort)
    db.flush()
    for person in people:
        db.add(Enrolment(cohort_id=cohort.id, user_id=person.id, role="learner"))
    start = datetime.now(UTC) - timedelta(days=1)
    session = TrainingSession(cohort_id=cohort.id, module_id="M1", content_version="0" * 16,
                              start=start, end=start + timedelta(hours=1), timezone="Europe/Kyiv",
                              checkin_code="ABCD")
    db.add(session)
    db.commit()
    return cohort, session


def _attendance(db, session_id) -> dict:
    from sqlalchemy import select

    from app.auth.models import User
    from app.scheduling.models import Attendance

    db.expire_all()
    return dict(db.execute(select(User.email, Attendance.status).join(User, User.id == Attendance.user_id)
                           .where(Attendance.session_id == session_id)).all())


def _upload(client, url, body: str):
    import io

    return client.post(url, {"file": (io.BytesIO(body.encode("utf-8")), "sheet.csv")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_header_only_attendance_csv_says_nothing_was_imported(client, db, sheet):
    _cohort, session = sheet
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    text = _upload(client, f"/sessions/{session.id}/attendance/import", "email,status\n").get_data(as_text=True)
    assert "nothing was imported" in text and "Attendance imported." not in text
    assert _attendance(db, session.id) == {}


@pytest.mark.parametrize("body", [
    "Ел. пошта;Статус\np1@example.org;присутній\np2@example.org;Відсутній\n",
    "\ufeffEmail;Status\r\np1@example.org;Present\r\np2@example.org;absent\r\n",
    "email\tstatus\np1@example.org\tpresent\np2@example.org\tabsent\n",
], ids=["ukrainian-semicolons", "english-labels-semicolons", "tabs"])
def test_an_attendance_sheet_from_excel_is_understood(client, db, sheet, body):
    _cohort, session = sheet
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    text = _upload(client, f"/sessions/{session.id}/attendance/import", body).get_data(as_text=True)
    assert "Attendance imported." in text, text[text.find("alert"):][:500]
    assert _attendance(db, session.id) == {"p1@example.org": "present", "p2@example.org": "absent"}


def test_a_participant_list_from_excel_is_understood(client, db, sheet):
    from tests.conftest import VINNYTSIA

    cohort, _session = sheet
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    body = ("Ім'я;Ел. пошта;Громада (код КАТОТТГ);Тип зацікавленої сторони\n"
            f"Нова Учасниця;nova@example.org;{VINNYTSIA};Громадянське суспільство\n")
    text = _upload(client, f"/cohorts/{cohort.id}/import", body).get_data(as_text=True)
    assert "1 participants enrolled" in text, text[text.find("alert"):][:500]
    assert _stored(db, "nova@example.org").stakeholder_type == "civil_society"
    empty = _upload(client, f"/cohorts/{cohort.id}/import", "name;email;municipality_code;stakeholder_type\n")
    assert "nothing was imported" in empty.get_data(as_text=True)


# --- the same class as item 9 in the action plans: numbers posted past int()'s limits ---------------

HUGE = "9" * 5000


def test_huge_and_foreign_digits_in_plan_forms_are_no_500(client, db, plan_team):  # noqa: F811
    from app.plans.models import ActionPlan
    from tests.web.test_plans import new_plan, vision_form

    client.login("plan-p@example.org")
    plan_id = new_plan(client)
    version = db.get(ActionPlan, plan_id).version
    answers = [
        client.post(f"/plans/{plan_id}", vision_form(version, **{"F.6": HUGE})),
        client.post(f"/plans/{plan_id}", vision_form(version, **{f"other_stakeholders-{HUGE}-name": "ГО"})),
        client.post(f"/plans/{plan_id}/meetings", {"held_on": "2026-05-10", "phase": "co_creation",
                                                   "title": "Зустріч", "participants": [HUGE, "١", "²"]}),
        client.post(f"/plans/{plan_id}/comments", {"body": "Уточніть", "commitment_id": HUGE}),
        client.post(f"/plans/{plan_id}/comments", {"body": "Уточніть", "commitment_id": "99999999999999999999"}),
    ]
    assert [r.status_code for r in answers if r.status_code >= 500] == []


def test_the_participant_import_page_states_the_cap_and_keeps_it(app, client, db, sheet):
    cohort, _session = sheet
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    assert f"At most {limit} rows" in client.get(f"/cohorts/{cohort.id}/import").get_data(as_text=True)
    body = "name,email,municipality_code,stakeholder_type\n" + "".join(
        f"Особа {i},bulk{i}@example.org,UA05020030000031457,government\n" for i in range(limit + 1))
    before = _count_users(db)
    text = _upload(client, f"/cohorts/{cohort.id}/import", body).get_data(as_text=True)
    assert f"more than {limit} rows" in text
    assert _count_users(db) == before

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


def _under_the_write_lock(app, post) -> list[list[str]]:
    """The statements of each write transaction, from its first write to its commit: while
    they run, SQLite's one write lock makes everyone else's autosave wait. How long that is
    in seconds is measured in `make bench` (benchmarks/bench_imports.py), not here."""
    from sqlalchemy import event

    engine = app.extensions["db_engine"]
    current: list[str] = []
    held: list[list[str]] = []

    def before(conn, cursor, statement, *args):
        verb = statement.lstrip().split(None, 1)[0].upper()
        if current or verb in ("INSERT", "UPDATE", "DELETE"):
            current.append(verb)

    def commit(conn):
        if current:
            held.append(list(current))
            current.clear()

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    try:
        post()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", commit)
    return held


def _participants_csv(first: int, n: int) -> str:
    return "name,email,municipality_code,stakeholder_type\n" + "".join(
        f"Особа {i},bulk{i}@example.org,UA05020030000031457,government\n" for i in range(first, first + n))


def test_a_participant_import_writes_in_a_few_statements_whatever_its_size(app, client, db, sheet):
    """Every lookup before the first write, then one batch a table: 3 rows and 500 rows hold
    the write lock for the same handful of statements (it was 2,500 at the cap)."""
    cohort, _session = sheet
    cohort.capacity = 600
    db.commit()
    client.login("lead@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    small, answers = _under_the_write_lock(app, lambda: _upload(client, f"/cohorts/{cohort.id}/import",
                                                               _participants_csv(0, 3))), []
    large = _under_the_write_lock(app, lambda: answers.append(
        _upload(client, f"/cohorts/{cohort.id}/import", _participants_csv(10, limit))))
    assert f"{limit} participants enrolled" in answers[0].get_data(as_text=True)
    assert len(small) == len(large) == 1
    assert len(large[0]) <= len(small[0]) <= 12, large  # the small file also links its hromada
    from sqlalchemy import func, select

    from app.auth.models import Invitation
    from app.scheduling.models import Enrolment

    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.cohort_id == cohort.id)) \
        == 2 + 3 + limit
    assert db.scalar(select(func.count()).select_from(Invitation)) == 3 + limit


def test_a_user_import_writes_in_a_few_statements_whatever_its_size(app, client, make_user, db):
    """Others' autosaves wait for the import's write transaction: it must stay short."""
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    before_count = _count_users(db)
    small = _under_the_write_lock(app, lambda: _import(client, _users_csv(3).replace(b"person", b"few")))
    responses = []
    large = _under_the_write_lock(app, lambda: responses.append(_import(client, _users_csv(limit))))
    assert responses[0].status_code == 200 and "alert-error" not in responses[0].get_data(as_text=True)
    assert _count_users(db) == before_count + 3 + limit
    assert len(small) == len(large) == 1
    assert len(large[0]) == len(small[0]) <= 8, large


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

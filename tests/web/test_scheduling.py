import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.audit import AuditEvent
from app.auth.models import User
from app.scheduling.models import Attendance, Cohort, Enrolment, TrainingSession
from tests.conftest import VINNYTSIA, count_queries

KYIV = ZoneInfo("Europe/Kyiv")
AGRONOMICHNA = "UA05020010000053508"


def future_day(days=30) -> date:
    return (datetime.now(KYIV) + timedelta(days=days)).date()


@pytest.fixture
def people(make_user):
    return {
        "trainer": make_user("trainer", email="lead@example.org", name="Ірина Бондаренко"),
        "other_trainer": make_user("trainer", email="other@example.org", name="Mark Evans"),
        "admin": make_user("admin", email="admin@example.org"),
        "gov": make_user("participant", email="gov@example.org", name="Тарас Шевчук"),
        "cso": make_user("participant", email="cso@example.org", name="Мар'яна Ткаченко",
                         stakeholder="civil_society", municipality=AGRONOMICHNA),
    }


def create_two_day_cohort(client, day=None, name="Вінниччина, весна", capacity=40, **extra):
    day = day or future_day()
    response = client.post("/cohorts/new", {
        "name": name, "plan_id": "tot-two-day", "start_date": day.isoformat(), "start_time": "",
        "timezone": "Europe/Kyiv", "capacity": capacity, "lead_trainer_id": "",
        "municipality_codes": f"{VINNYTSIA}\n{AGRONOMICHNA}", "venue": "Вінниця, вул. Соборна 59",
        "online_link": "", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def test_trainer_creates_a_cohort_from_the_two_day_plan(client, people, db):
    client.login("lead@example.org")
    day = future_day()
    cohort_id = create_two_day_cohort(client, day)
    cohort = db.get(Cohort, cohort_id)
    sessions = sorted(cohort.sessions, key=lambda s: s.start)
    assert [s.module_id for s in sessions] == ["M1", "M2", "M3", "M4", "M5"]
    local = [(s.start.astimezone(KYIV).date(), s.start.astimezone(KYIV).strftime("%H:%M"),
              s.end.astimezone(KYIV).strftime("%H:%M")) for s in sessions]
    assert local[0] == (day, "11:00", "12:00")
    assert local[1] == (day, "13:00", "15:30")
    assert local[2] == (day + timedelta(days=1), "09:30", "12:00")
    assert all(len(s.content_version) == 16 and s.timezone == "Europe/Kyiv" for s in sessions)
    assert {m.code for m in cohort.municipalities} == {VINNYTSIA, AGRONOMICHNA}
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert cohort.join_code[:3] in page and "M5" in page


def test_participant_joins_with_the_code_typed_loosely(client, new_client, people, db):
    client.login("lead@example.org")
    cohort_id = create_two_day_cohort(client)
    code = db.get(Cohort, cohort_id).join_code
    participant = new_client()
    participant.login("gov@example.org")
    typed = f" {code[:3].lower()}-{code[3:]} "
    response = participant.post("/join", {"code": typed})
    assert response.headers["Location"].endswith(f"/cohorts/{cohort_id}")
    assert participant.get(f"/cohorts/{cohort_id}").status_code == 200
    upcoming = participant.get("/my/sessions").get_data(as_text=True)
    assert "M1" in upcoming and "M5" in upcoming


def test_join_is_refused_when_full_or_closed_or_unknown(client, new_client, people, db):
    client.login("lead@example.org")
    cohort_id = create_two_day_cohort(client, capacity=1)
    code = db.get(Cohort, cohort_id).join_code
    first, second = new_client(), new_client()
    first.login("gov@example.org")
    first.post("/join", {"code": code})
    second.login("cso@example.org")
    page = second.post("/join", {"code": code}).get_data(as_text=True)
    assert "Групу заповнено" in page or "The cohort is full" in page
    assert second.get(f"/cohorts/{cohort_id}").status_code == 404
    page = second.post("/join", {"code": "ZZZ-999"}).get_data(as_text=True)
    assert "code" in page.lower() or "код" in page
    client.post(f"/cohorts/{cohort_id}/status", {"status": "closed"})
    cohort = db.get(Cohort, cohort_id)
    db.refresh(cohort)
    cohort.capacity = 10
    db.commit()
    page = second.post("/join", {"code": code}).get_data(as_text=True)
    assert "closed" in page or "закрит" in page


def test_regenerated_code_replaces_the_old_one(client, new_client, people, db):
    client.login("lead@example.org")
    cohort_id = create_two_day_cohort(client)
    old = db.get(Cohort, cohort_id).join_code
    client.post(f"/cohorts/{cohort_id}/code")
    db.expire_all()
    new = db.get(Cohort, cohort_id).join_code
    assert new != old and len(new) == 6
    participant = new_client()
    participant.login("gov@example.org")
    assert participant.post("/join", {"code": old}).status_code == 200  # refused, form again
    assert participant.post("/join", {"code": new}).status_code == 302


def add_session(client, cohort_id, day, start, end="", module="M1", trainers=None):
    data = {"module_id": module, "date": day.isoformat(), "start_time": start, "end_time": end,
            "timezone": "Europe/Kyiv", "venue": "", "online_link": ""}
    if trainers:
        data["trainer_ids"] = trainers
    return client.post(f"/cohorts/{cohort_id}/sessions/new", data)


def manual_cohort(client, name="Ручна група"):
    response = client.post("/cohorts/new", {"name": name, "plan_id": "", "timezone": "Europe/Kyiv",
                                            "capacity": 30, "municipality_codes": ""})
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def test_bad_session_times_are_refused_with_a_message(client, people):
    client.login("lead@example.org")
    cohort_id = manual_cohort(client)
    day = future_day(10)
    page = add_session(client, cohort_id, day, "10:00", "09:00").get_data(as_text=True)
    assert "Кінець має бути пізніше за початок" in page or "The end must be after the start" in page
    past = (datetime.now(KYIV) - timedelta(days=1)).date()
    page = add_session(client, cohort_id, past, "10:00").get_data(as_text=True)
    assert "минулому" in page or "in the past" in page
    assert add_session(client, cohort_id, day, "10:00").status_code == 302
    page = add_session(client, cohort_id, day, "10:30", module="M2").get_data(as_text=True)
    assert "перетинається" in page or "overlaps" in page


def test_a_trainer_cannot_be_booked_twice(client, people):
    client.login("lead@example.org")
    day = future_day(12)
    first, second = manual_cohort(client, "Перша"), manual_cohort(client, "Друга")
    assert add_session(client, first, day, "10:00").status_code == 302
    page = add_session(client, second, day, "10:30").get_data(as_text=True)
    assert "Ірина Бондаренко" in page
    assert "вже заброньовано" in page or "already booked" in page


def test_reschedule_keeps_history_and_raises_the_sequence(client, people, db):
    client.login("lead@example.org")
    cohort_id = manual_cohort(client)
    day = future_day(14)
    add_session(client, cohort_id, day, "10:00")
    session = db.scalar(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id))
    response = client.post(f"/sessions/{session.id}/reschedule", {
        "date": (day + timedelta(days=1)).isoformat(), "start_time": "14:00", "end_time": "15:00",
        "reason": "Свято"})
    assert response.status_code == 302
    db.expire_all()
    session = db.get(TrainingSession, session.id)
    assert session.sequence == 1 and len(session.changes) == 1
    assert session.start.astimezone(KYIV).strftime("%H:%M") == "14:00"
    ics = Calendar.from_ical(client.get(f"/sessions/{session.id}/agenda.ics").data)
    event = next(c for c in ics.walk("VEVENT"))
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"spilno-session-{session.id}@spilno"
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Свято" in page


@pytest.fixture
def running_cohort(client, people, db):
    """A cohort with two enrolled participants and an M1 session that started 5 minutes ago."""
    client.login("lead@example.org")
    cohort_id = create_two_day_cohort(client)
    cohort = db.get(Cohort, cohort_id)
    for key in ("gov", "cso"):
        db.add(Enrolment(cohort_id=cohort_id, user_id=people[key].id, role="learner"))
    session = sorted(cohort.sessions, key=lambda s: s.start)[0]
    now = datetime.now(UTC)
    session.start, session.end = now - timedelta(minutes=5), now + timedelta(minutes=55)
    db.commit()
    return cohort, session


def test_trainer_marks_attendance_and_it_is_audited(client, people, running_cohort, db):
    cohort, session = running_cohort
    response = client.post(f"/sessions/{session.id}/attendance", {
        f"status-{people['gov'].id}": "present", f"status-{people['cso'].id}": "late"})
    assert response.status_code == 302
    marks = {a.user_id: a.status for a in db.scalars(select(Attendance))}
    assert marks == {people["gov"].id: "present", people["cso"].id: "late"}
    events = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "attendance.mark")))
    assert len(events) == 2 and all(e.actor_id == people["trainer"].id for e in events)
    client.post(f"/sessions/{session.id}/attendance", {f"status-{people['cso'].id}": "excused"})
    changed = db.scalars(select(AuditEvent).where(AuditEvent.action == "attendance.mark")
                         .order_by(AuditEvent.id.desc())).first()
    assert changed.details["before"] == "late" and changed.details["after"] == "excused"


def test_self_check_in_only_with_the_code_during_the_window(client, new_client, people,
                                                            running_cohort, db):
    cohort, session = running_cohort
    participant = new_client()
    participant.login("gov@example.org")
    participant.post(f"/sessions/{session.id}/checkin", {"code": "XXXX"})
    assert db.scalar(select(func.count()).select_from(Attendance)) == 0
    participant.post(f"/sessions/{session.id}/checkin", {"code": session.checkin_code.lower()})
    record = db.scalar(select(Attendance))
    assert record.status == "present" and record.method == "self-code"
    later = sorted(cohort.sessions, key=lambda s: s.start)[-1]
    other = new_client()
    other.login("cso@example.org")
    page = other.post(f"/sessions/{later.id}/checkin", {"code": later.checkin_code},
                      follow_redirects=True).get_data(as_text=True)
    assert "15" in page
    assert db.scalar(select(func.count()).select_from(Attendance)) == 1


def test_self_check_in_after_ten_minutes_counts_as_late(people, running_cohort, db, app):
    from app.scheduling.services import self_check_in

    cohort, session = running_cohort
    with app.app_context():
        record = self_check_in(db, session, people["cso"], session.checkin_code,
                               now=session.start + timedelta(minutes=11))
    assert record.status == "late"


def test_roles_a_trainer_of_another_cohort_sees_nothing(client, new_client, people, running_cohort):
    cohort, session = running_cohort
    outsider = new_client()
    outsider.login("other@example.org")
    assert outsider.get(f"/cohorts/{cohort.id}").status_code == 404
    assert outsider.get(f"/sessions/{session.id}").status_code == 404
    response = outsider.post(f"/sessions/{session.id}/attendance",
                             {f"status-{people['gov'].id}": "absent"})
    assert response.status_code == 404
    assert outsider.get(f"/sessions/{session.id}/show").status_code == 404
    assert "Вінниччина" not in outsider.get("/cohorts").get_data(as_text=True)


def test_roles_participants_see_their_cohort_but_not_others_or_management(client, new_client,
                                                                         people, running_cohort):
    cohort, session = running_cohort
    other_cohort = manual_cohort(client, "Чужа група")
    participant = new_client()
    participant.login("gov@example.org")
    assert participant.get(f"/cohorts/{cohort.id}").status_code == 200
    assert participant.get(f"/cohorts/{other_cohort}").status_code == 404
    assert "Чужа група" not in participant.get("/cohorts").get_data(as_text=True)
    page = participant.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Мар'яна Ткаченко" not in page  # no other people's attendance
    assert participant.post(f"/sessions/{session.id}/attendance",
                            {f"status-{people['gov'].id}": "present"}).status_code == 403
    assert participant.get(f"/sessions/{session.id}/deck.pptx").status_code == 403
    assert participant.get(f"/sessions/{session.id}/show").status_code == 403


def test_participant_csv_import_is_all_or_nothing(client, people, db):
    client.login("lead@example.org")
    cohort_id = manual_cohort(client)
    bad = ("name,email,municipality_code,stakeholder_type\n"
           f"Олег Ярошенко,oleh@example.org,{VINNYTSIA},government\n"
           f"Ганна Кучер,hanna@example.org,UA00000000000000000,civil_society\n")
    response = client.post(f"/cohorts/{cohort_id}/import",
                           {"file": (io.BytesIO(bad.encode()), "people.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "3" in page and ("КАТОТТГ" in page or "KATOTTG" in page)
    assert db.scalar(select(User).where(User.email_key == "oleh@example.org")) is None
    good = bad.replace("UA00000000000000000", AGRONOMICHNA)
    response = client.post(f"/cohorts/{cohort_id}/import",
                           {"file": (io.BytesIO(good.encode("utf-8-sig")), "people.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "/invitation/" in page and "Ганна Кучер" in page
    hanna = db.scalar(select(User).where(User.email_key == "hanna@example.org"))
    assert hanna.municipality.code == AGRONOMICHNA
    assert db.scalar(select(Enrolment).where(Enrolment.user_id == hanna.id)).cohort_id == cohort_id


def test_attendance_csv_import(client, people, running_cohort, db):
    cohort, session = running_cohort
    bad = "email,status\ngov@example.org,present\nCSO@example.org,sleeping\n"
    client.post(f"/sessions/{session.id}/attendance/import",
                {"file": (io.BytesIO(bad.encode()), "sheet.csv")}, content_type="multipart/form-data")
    assert db.scalar(select(func.count()).select_from(Attendance)) == 0
    good = bad.replace("sleeping", "late")
    client.post(f"/sessions/{session.id}/attendance/import",
                {"file": (io.BytesIO(good.encode()), "sheet.csv")}, content_type="multipart/form-data")
    records = {a.user_id: (a.status, a.method) for a in db.scalars(select(Attendance))}
    assert records == {people["gov"].id: ("present", "import"), people["cso"].id: ("late", "import")}


def test_run_of_show_shifts_the_remaining_times(client, running_cohort):
    cohort, session = running_cohort
    start = session.start.astimezone(KYIV)
    page = client.get(f"/sessions/{session.id}/show").get_data(as_text=True)
    assert f'<span class="start">{start:%H:%M}</span>' in page
    assert 'aria-current="step"' in page  # the current block is highlighted
    client.post(f"/sessions/{session.id}/show/done", {"block": "0"})
    client.post(f"/sessions/{session.id}/show/late", {"late_minutes": "10"})
    page = client.get(f"/sessions/{session.id}/show").get_data(as_text=True)
    welcome_end = start + timedelta(minutes=5)
    shifted = start + timedelta(minutes=5 + 10)
    assert f'<span class="start">{start:%H:%M}</span>–<span class="end">{welcome_end:%H:%M}</span>' in page
    assert f'<span class="start">{shifted:%H:%M}</span>' in page  # block 2 moved by 10 min
    finish = start + timedelta(minutes=60 + 10)
    assert f"<strong id=\"finish\">{finish:%H:%M}</strong>" in page


def test_closing_report_lists_attendees_and_organisations(client, people, running_cohort):
    cohort, session = running_cohort
    client.post(f"/sessions/{session.id}/attendance", {f"status-{people['gov'].id}": "present",
                                                       f"status-{people['cso'].id}": "absent"})
    client.post(f"/sessions/{session.id}/report", {"report_notes": "Жваве обговорення"})
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    assert "Тарас Шевчук" in page and "Жваве обговорення" in page
    assert "1 / 2" in page


def test_calendar_feed_with_a_secret_token_that_can_be_reset(client, new_client, people,
                                                           running_cohort, db):
    participant = new_client()
    participant.login("gov@example.org")
    page = participant.get("/my/sessions").get_data(as_text=True)
    url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = url.replace("http://localhost", "")
    anonymous = new_client()
    feed = Calendar.from_ical(anonymous.get(path).data)
    events = list(feed.walk("VEVENT"))
    assert len(events) == 5 and list(feed.walk("VTIMEZONE"))
    participant.post("/my/calendar/reset")
    assert anonymous.get(path).status_code == 404


def test_cohort_attendance_table_uses_a_constant_number_of_queries(app, client, people, db):
    from app.auth.services import NewUser, create_user

    client.login("lead@example.org")
    cohort_id = create_two_day_cohort(client)
    cohort = db.get(Cohort, cohort_id)

    def enrol_and_mark(count, offset):
        with app.app_context():
            for n in range(count):
                user = create_user(db, NewUser(f"p{offset + n}@example.org", f"Учасник {offset + n}",
                                               "participant", VINNYTSIA, "government"), None)
                db.add(Enrolment(cohort_id=cohort_id, user_id=user.id, role="learner"))
                db.flush()
                for session in cohort.sessions:
                    db.add(Attendance(session_id=session.id, user_id=user.id, status="present"))
        db.commit()

    enrol_and_mark(2, 0)
    small = count_queries(app, client, f"/cohorts/{cohort_id}")
    enrol_and_mark(38, 2)
    large = count_queries(app, client, f"/cohorts/{cohort_id}")
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert page.count('class="att att-present"') == 40 * 5
    assert large == small


def test_session_deck_shows_time_place_and_check_in_code(client, running_cohort):
    from io import BytesIO

    from pptx import Presentation

    cohort, session = running_cohort
    response = client.get(f"/sessions/{session.id}/deck.pptx?lang=uk")
    assert response.status_code == 200
    title_slide = Presentation(BytesIO(response.data)).slides[0]
    text = " ".join(s.text_frame.text for s in title_slide.shapes if s.has_text_frame)
    from app.scheduling.codes import format_code

    assert session.checkin_code in text.replace("-", "") or format_code(session.checkin_code) in text
    assert session.start.astimezone(KYIV).strftime("%H:%M") in text
    assert "Вінниця, вул. Соборна 59" in text

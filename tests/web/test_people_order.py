"""Lists of people read in Ukrainian alphabetical order (issue 16, item 4). The database orders
names by code point (Є, І, Ї before А; Ґ after Я), so the services sort them."""

import html
from datetime import timedelta

import pytest

from app.db import utcnow
from app.scheduling.models import TrainingSession
from tests.conftest import VINNYTSIA
from tests.factories import gen_cohort

# as a reader of Ukrainian expects them: Г before Ґ, Є after Е, І and Ї after И, the
# apostrophe skipped ("Марина" before "Мар'яна": и before я)
UKRAINIAN_ORDER = ["Андрій Коваль", "Галина Руденко", "Ґудзь Олег", "Євген Петренко", "Ігор Сидоренко",
                   "Їжак Марія", "Марина Бойко", "Мар'яна Лисенко", "Юлія Шевченко", "Ярослав Ткаченко"]
CODE_POINT_ORDER = sorted(UKRAINIAN_ORDER)


def order_on_page(page: str, names=UKRAINIAN_ORDER, after: str = "") -> list[str]:
    text = html.unescape(page)
    start = text.index(after) if after else 0
    found = {name: text.find(name, start) for name in names}
    assert all(i >= 0 for i in found.values()), {n: i for n, i in found.items() if i < 0}
    return sorted(found, key=found.get)


@pytest.fixture
def group(make_user, db):
    trainer = make_user("trainer", email="lead@example.org", name="Ірина Бондаренко")
    shuffled = UKRAINIAN_ORDER[5:] + UKRAINIAN_ORDER[:5]
    people = [make_user("participant", email=f"p{i}@example.org", name=name)
              for i, name in enumerate(shuffled)]
    cohort = gen_cohort(db, lead=trainer, learners=people, name="Абетка")
    return cohort, trainer


def test_code_point_order_is_not_the_ukrainian_one():
    assert CODE_POINT_ORDER != UKRAINIAN_ORDER and CODE_POINT_ORDER[0] == "Євген Петренко"


def test_cohort_attendance_grid(client, group):
    cohort, _trainer = group
    client.login("lead@example.org")
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert order_on_page(page, after='class="grid"') == UKRAINIAN_ORDER


def test_session_attendance_list_and_closing_report(client, group, db):
    cohort, _trainer = group
    now = utcnow()
    session = TrainingSession(cohort_id=cohort.id, module_id="M1", content_version="x",
                              start=now - timedelta(hours=1), end=now + timedelta(hours=1),
                              checkin_code="ABCD2345")
    db.add(session)
    db.commit()
    client.login("lead@example.org")
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert order_on_page(page, after='id="attendance-heading"') == UKRAINIAN_ORDER
    client.post(f"/sessions/{session.id}/attendance", {})
    report = client.get(f"/sessions/{session.id}/report")
    assert report.status_code == 200
    assert order_on_page(report.get_data(as_text=True), after="<main") == UKRAINIAN_ORDER


def test_quiz_results(client, group):
    cohort, _trainer = group
    client.login("lead@example.org")
    response = client.get(f"/cohorts/{cohort.id}/quiz-results")
    assert response.status_code == 200
    assert order_on_page(response.get_data(as_text=True), after="<table") == UKRAINIAN_ORDER


def test_hromada_people_for_the_admin(client, make_user, db):
    make_user("admin", email="admin@example.org", name="Олена Коваленко")
    for i, name in enumerate(reversed(UKRAINIAN_ORDER)):
        make_user("participant", email=f"h{i}@example.org", name=name, municipality=VINNYTSIA)
    client.login("admin@example.org")
    page = client.get(f"/admin/municipalities/{VINNYTSIA}").get_data(as_text=True)
    assert order_on_page(page) == UKRAINIAN_ORDER


def test_trainer_choices_in_the_cohort_form(client, make_user):
    for i, name in enumerate(reversed(UKRAINIAN_ORDER)):
        make_user("trainer", email=f"t{i}@example.org", name=name)
    client.login("t0@example.org")
    page = client.get("/cohorts/new").get_data(as_text=True)
    assert order_on_page(page) == UKRAINIAN_ORDER


def test_session_trainers_on_the_page_and_in_the_agenda(client, make_user, db):
    from app.scheduling.models import SessionTrainer

    names = ["Ярослав Ткаченко", "Їжак Марія", "Ґудзь Олег", "Андрій Коваль"]
    trainers = [make_user("trainer", email=f"t{i}@example.org", name=n) for i, n in enumerate(names)]
    cohort = gen_cohort(db, lead=trainers[0], trainers=trainers[1:])
    now = utcnow()
    session = TrainingSession(cohort_id=cohort.id, module_id="M1", content_version="x",
                              start=now + timedelta(days=1), end=now + timedelta(days=1, hours=2),
                              checkin_code="ABCD2345")
    db.add(session)
    db.flush()
    db.add_all(SessionTrainer(session_id=session.id, user_id=t.id) for t in trainers)
    db.commit()
    client.login("t0@example.org")
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Андрій Коваль, Ґудзь Олег, Їжак Марія, Ярослав Ткаченко" in html.unescape(page)
    agenda = client.get(f"/sessions/{session.id}/agenda.html?version=trainer").get_data(as_text=True)
    assert "Андрій Коваль, Ґудзь Олег, Їжак Марія, Ярослав Ткаченко" in html.unescape(agenda)

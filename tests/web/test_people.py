"""Adding people by name (form, pasted rows, CSV with Ukrainian headers) and their invitations,
sent again by the cohort's trainers; links to copy when email is not set up."""

from __future__ import annotations

import csv
import html
import io
import re

from sqlalchemy import func, select

from app.auth.models import User
from app.scheduling.models import Enrolment
from tests.conftest import VINNYTSIA, load_hromadas
from tests.web.loopback_smtp import start as start_smtp

LINK_RE = re.compile(r'value="(http://localhost/invitation/[A-Za-z0-9_-]+)"')


def _cohort(client, make_user, trainer_email="t@example.org"):
    make_user("trainer", email=trainer_email, name="Тереза Тренерка")
    client.login(trainer_email)
    response = client.post("/cohorts/new", {"name": "Вінниччина", "plan_id": "", "timezone": "Europe/Kyiv",
                                            "capacity": 40, "municipality_codes": VINNYTSIA})
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def _people(db, cohort_id):
    return sorted(db.scalars(select(User.name).join(Enrolment, Enrolment.user_id == User.id)
                             .where(Enrolment.cohort_id == cohort_id, Enrolment.role == "learner")))


def test_add_a_person_by_hromada_name_and_copy_the_link(client, make_user, db):
    cohort = _cohort(client, make_user)
    page = client.get(f"/cohorts/{cohort}/people").get_data(as_text=True)
    assert "Вінницька міська громада (Вінницька)" in page  # the cohort's hromadas, as suggestions
    response = client.post(f"/cohorts/{cohort}/people", {
        "name": "Олена Коваль", "email": "olena@example.org", "hromada": "вінницька",
        "stakeholder_type": "civil_society", "role": "learner"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:500]
    links = LINK_RE.findall(page)
    assert len(links) >= 1  # without SMTP: the link to pass on, now and in the pending list
    user = db.scalar(select(User).where(User.email == "olena@example.org"))
    assert user.municipality.code == VINNYTSIA and user.stakeholder_type == "civil_society"
    assert _people(db, cohort) == ["Олена Коваль"]
    # later, the trainer finds the same link again in the list of who has not accepted
    again = client.get(f"/cohorts/{cohort}/people").get_data(as_text=True)
    assert links[0] in again and "Олена Коваль" in again
    # the link works; once accepted, the person leaves the list
    path = links[0].removeprefix("http://localhost")
    client.logout()
    done = client.post(path, {"password": "a-long-password-1", "confirm": "a-long-password-1"})
    assert done.status_code == 302
    client.logout()
    client.login("t@example.org")
    assert "Олена Коваль" not in client.get(f"/cohorts/{cohort}/people").get_data(as_text=True) \
        .split('id="pending"')[1].split('id="in-cohort"')[0]


def test_an_unknown_or_ambiguous_hromada_is_answered_next_to_the_field(client, make_user, db):
    load_hromadas(db)  # the whole registry: it has namesakes
    cohort = _cohort(client, make_user)
    data = {"name": "Іван Петренко", "email": "ivan@example.org", "hromada": "Іванівська сільська громада",
            "stakeholder_type": "government", "role": "learner"}
    response = client.post(f"/cohorts/{cohort}/people", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Кілька громад мають назву" in page and '<select id="hromada_code"' in page
    options = re.findall(r'<option value="(UA\d+)">Іванівська сільська громада \(([^)]+)\)', page)
    assert len(options) >= 2
    assert db.scalar(select(func.count()).select_from(User).where(User.email == "ivan@example.org")) == 0
    # the plain select (no JavaScript) settles it
    chosen_code, oblast = options[0]
    response = client.post(f"/cohorts/{cohort}/people", {**data, "hromada_code": chosen_code})
    assert response.status_code in (200, 302)
    assert db.scalar(select(User).where(User.email == "ivan@example.org")).municipality.code == chosen_code
    # the oblast in brackets works too
    response = client.post(f"/cohorts/{cohort}/people", {
        **data, "email": "ivan2@example.org", "hromada": f"Іванівська сільська громада ({oblast})"})
    assert response.status_code in (200, 302)
    unknown = client.post(f"/cohorts/{cohort}/people", {**data, "email": "x@example.org",
                                                        "hromada": "Вінницкая"})
    assert unknown.status_code == 422 and "Немає громади з назвою «Вінницкая»" in unknown.get_data(as_text=True)


PASTED = ("Ім'я та прізвище\tЕлектронна пошта\tГромада\tТип учасника\tРоль у групі\n"
          "Олена Коваль\tolena@example.org\tВінницька міська громада\tОргани влади\tУчасник\n"
          "Петро Шевчук\tpetro@example.org\tЖмеринська\tГромадянське суспільство\t\n"
          "Ганна Бондар\thanna@example.org\tUA05020010000053508\tcivil_society\tparticipant\n")


def test_rows_pasted_from_a_spreadsheet_are_added_together(client, make_user, db):
    cohort = _cohort(client, make_user)
    response = client.post(f"/cohorts/{cohort}/people/paste", {"rows": PASTED})
    assert response.status_code == 200  # links to pass on (no SMTP)
    assert _people(db, cohort) == ["Ганна Бондар", "Олена Коваль", "Петро Шевчук"]
    assert len(LINK_RE.findall(response.get_data(as_text=True))) >= 3


def test_wrong_rows_are_answered_per_row_and_nothing_is_half_imported(client, make_user, db):
    cohort = _cohort(client, make_user)
    make_user("participant", email="already@example.org", name="Вже Є")
    client.post(f"/cohorts/{cohort}/people/paste", {"rows": "Вже Є\talready@example.org\tВінницька\tОргани влади"})
    assert _people(db, cohort) == ["Вже Є"]
    bad = PASTED + ("Дмитро Дубль\tOlena@Example.org\tВінницька\tОргани влади\n"
                    "Марта Невідома\tmarta@example.org\tНевідомська громада\tОргани влади\n"
                    "Софія Тип\tsofia@example.org\tВінницька\tбізнес\n"
                    "Вже Є\talready@example.org\tВінницька\tОргани влади\n"
                    "Зайвий Стовпчик\tz@example.org\tВінницька\tОргани влади\tУчасник\tщось ще\n"
                    "\tno-name@example.org\tВінницька\tОргани влади\n")
    response = client.post(f"/cohorts/{cohort}/people/paste", {"rows": bad})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Нікого не додано" in page
    for line, text in ((5, "Ця адреса вже є в рядку 2"), (6, "Немає громади з назвою «Невідомська громада»"),
                       (7, "Невідомий тип зацікавленої сторони «бізнес»"), (8, "вже в цій групі"),
                       (9, "більше стовпчиків"), (10, "Введіть ім'я")):
        row = re.search(rf'<li data-line="{line}">(.*?)</li>', page, re.DOTALL)
        assert row and text in html.unescape(row.group(1)), (line, text)
    assert _people(db, cohort) == ["Вже Є"]  # none of the good rows either
    assert db.scalar(select(func.count()).select_from(User).where(User.email == "petro@example.org")) == 0
    assert "Олена Коваль\tolena@example.org" in html.unescape(page)  # nothing typed is lost


def test_csv_template_with_ukrainian_headers_round_trips(client, make_user, db):
    cohort = _cohort(client, make_user)
    response = client.get(f"/cohorts/{cohort}/people/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffІм'я та прізвище,Електронна пошта,Громада,Тип зацікавленої сторони,Роль у групі")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 3 and rows[1][2] == "Вінницька міська громада" and rows[1][3] == "Органи влади"
    page = client.get(f"/cohorts/{cohort}/people").get_data(as_text=True)
    for accepted in ("Органи влади", "Громадянське суспільство", "Інші неурядові сторони", "Співтренер",
                     "Спостерігач", "Код КАТОТТГ"):
        assert accepted in page, accepted
    upload = client.post(f"/cohorts/{cohort}/people/file",
                         {"file": (io.BytesIO(text.encode("utf-8")), "people.csv")},
                         content_type="multipart/form-data")
    assert upload.status_code == 200
    assert _people(db, cohort) == ["Олена Коваленко", "Петро Шевчук"]


def test_trainers_of_the_cohort_send_invitations_again_by_email(app, client, new_client, make_user, db):
    smtp = start_smtp(app)
    cohort = _cohort(client, make_user)
    client.post(f"/cohorts/{cohort}/people/paste", {"rows": PASTED})
    assert sorted(m["To"] for m in smtp.messages) == ["hanna@example.org", "olena@example.org",
                                                        "petro@example.org"]
    olena = db.scalar(select(User).where(User.email == "olena@example.org"))
    first_link = re.search(r"http://\S+/invitation/\S+", smtp.messages[
        [m["To"] for m in smtp.messages].index("olena@example.org")].get_content()).group(0)
    response = client.post(f"/cohorts/{cohort}/people/{olena.id}/invite")
    assert response.status_code == 302
    assert [m["To"] for m in smtp.messages].count("olena@example.org") == 2
    second_link = re.search(r"http://\S+/invitation/\S+", smtp.messages[-1].get_content()).group(0)
    assert first_link != second_link
    assert client.get(first_link.removeprefix("http://localhost")).status_code == 404  # lapsed
    # a trainer of another cohort may not, nor a participant
    other = new_client()
    make_user("trainer", email="t2@example.org")
    other.login("t2@example.org")
    assert other.post(f"/cohorts/{cohort}/people/{olena.id}/invite").status_code in (403, 404)
    assert other.get(f"/cohorts/{cohort}/people").status_code in (403, 404)
    # everyone pending at once
    before = len(smtp.messages)
    client.post(f"/cohorts/{cohort}/people/invite-all")
    assert len(smtp.messages) == before + 3


def test_hromada_suggestions_as_you_type(client, make_user):
    _cohort(client, make_user)
    found = client.get("/hromadas/suggest?q=жмер").get_json()
    assert found[0]["label"] == "Жмеринська міська громада (Вінницька)"
    assert client.get("/hromadas/suggest?q=Вінниця").get_json()[0]["exact"] is True


def test_hromada_fields_elsewhere_accept_names(client, make_user, db):
    from app.registry.models import Municipality
    from app.scheduling.models import CohortMunicipality

    make_user("trainer", email="t@example.org")
    client.login("t@example.org")
    response = client.post("/cohorts/new", {"name": "Назви", "plan_id": "", "timezone": "Europe/Kyiv",
                                            "capacity": 40,
                                            "municipality_codes": "Вінницька міська громада\nЖмеринська\n"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    cohort = int(response.headers["Location"].rsplit("/", 1)[-1])
    names = set(db.scalars(select(Municipality.name_uk).join(
        CohortMunicipality, CohortMunicipality.municipality_id == Municipality.id)
        .where(CohortMunicipality.cohort_id == cohort)))
    assert names == {"Вінницька міська громада", "Жмеринська міська громада"}
    wrong = client.post("/cohorts/new", {"name": "Назви", "plan_id": "", "timezone": "Europe/Kyiv",
                                         "capacity": 40, "municipality_codes": "Неіснуюча"})
    assert "Немає громади з назвою «Неіснуюча»" in wrong.get_data(as_text=True)
    client.logout()
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    client.post("/admin/users/new", {"email": "n@example.org", "name": "Нова", "role": "participant",
                                     "municipality_code": "Барська", "stakeholder_type": "government"})
    assert db.scalar(select(User).where(User.email == "n@example.org")).municipality.name_uk == \
        "Барська міська громада"

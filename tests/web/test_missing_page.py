"""AUC's question on one page: which hromadas of an oblast, raion or type are not done, and
what each still misses; the export carries the same, with labels in the reader's language."""

import csv
import io
from io import BytesIO

from openpyxl import load_workbook

from tests.conftest import VINNYTSIA
from tests.web.test_orientation import AGRONOMICHNA, completed_cohort  # noqa: F401 (fixture)


def _evaluated(client, cohort):
    client.login("lead@example.org")
    assert client.post(f"/cohorts/{cohort.id}/evaluate").status_code == 302
    client.logout()


def test_missing_page_lists_every_hromada_with_what_it_misses(client, completed_cohort):  # noqa: F811
    cohort, _people = completed_cohort
    _evaluated(client, cohort)
    client.login("observer@example.org")
    page = client.get("/dashboard/missing?oblast=Вінницька").get_data(as_text=True)
    body = page.split("<h1>")[1]
    # completed, in progress and not enrolled hromadas are all on the page
    assert "Вінницька міська громада" in body and "Орієнтацію завершено" in body
    assert "Агрономічна" in body and "представників неурядового сектору: ще 1" in body
    assert "state-not_enrolled" in body
    assert "Вінницька область" in body and "Вінницький район" in body
    # a not-enrolled hromada misses every module and the exercises, by title, not by id
    assert "M1, M2, M3, M4, M5" in body
    assert "cocreation-roadmap" not in body.split("<footer")[0].replace('href="', "")
    # Ukrainian alphabetical order: Агрономічна before Вінницька, І-names after З-names
    assert body.index("Агрономічна") < body.index("Вінницька міська громада")
    # filters: raion and type
    villages = client.get("/dashboard/missing?type=village").get_data(as_text=True)
    assert "Агрономічна" in villages and "Вінницька міська громада" not in villages.split("<h1>")[1]
    other_raion = client.get("/dashboard/missing?raion=Гайсинський").get_data(as_text=True)
    assert "Агрономічна" not in other_raion.split("<h1>")[1]
    only_completed = client.get("/dashboard/missing?status=completed").get_data(as_text=True)
    assert "Агрономічна" not in only_completed.split("<h1>")[1]


def test_export_carries_missing_items_and_localised_labels(client, completed_cohort):  # noqa: F811
    cohort, _people = completed_cohort
    _evaluated(client, cohort)
    client.login("admin@example.org")
    response = client.get("/dashboard/export.csv?oblast=Вінницька&sep=semicolon")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # named once
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:8] == ["Код КАТОТТГ", "Громада", "Громада (англ.)", "Область", "Район", "Тип",
                           "Стан", "Дата завершення"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[AGRONOMICHNA][5] == "сільська громада"
    assert by_code[AGRONOMICHNA][6] == "триває"
    assert by_code[AGRONOMICHNA][9] == "представників неурядового сектору: ще 1"
    assert by_code[VINNYTSIA][8:] == ["", "", ""]
    names = [row[1] for row in rows[1:]]
    assert names.index("Агрономічна сільська громада") < names.index("Вінницька міська громада")

    client.post("/locale", {"locale": "en", "next": "/"})
    book = load_workbook(BytesIO(client.get("/dashboard/export.xlsx?oblast=Vinnytsia").data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[3:6] == ["Oblast", "Raion", "Type"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == AGRONOMICHNA)
    assert row[3:7] == ("Vinnytsia", "Vinnytskyi", "village hromada", "in progress")
    assert row[9] == "non-government representatives: 1 more"
    untouched = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
                     if r[6] == "not enrolled")
    assert untouched[8] == "M1; M2; M3; M4; M5"
    assert "Drafting a SMART commitment" in untouched[10]


def test_certificate_names_the_oblast_as_an_oblast_in_both_languages(db, client, completed_cohort):  # noqa: F811
    from sqlalchemy import select

    from app.orientation.models import Certificate

    cohort, _people = completed_cohort
    _evaluated(client, cohort)
    code = db.scalar(select(Certificate.code).where(Certificate.kind == "municipality"))
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Вінницька область" in page
    client.post("/locale", {"locale": "en", "next": "/"})
    assert "Vinnytsia Oblast" in client.get(f"/verify/{code}").get_data(as_text=True)


def test_registry_list_in_ukrainian_alphabetical_order(db, client, make_user):
    from tests.conftest import load_hromadas

    load_hromadas(db)  # all of them: Івано-Франківська and the Є/І names included
    make_user("observer", email="obs2@example.org")
    client.login("obs2@example.org")
    page = client.get("/admin/municipalities").get_data(as_text=True)
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    # page 1 holds Вінницька oblast (code points would put Івано-Франківська first)
    assert "Вінницька" in body and "Івано-Франківська" not in body
    names = [n for n in ("Агрономічна", "Вінницька міська", "Іллінецька") if n in body]
    assert names == sorted(names, key=lambda n: body.index(n))
    assert body.index("Агрономічна") < body.index("Іллінецька")

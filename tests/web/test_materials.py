"""The materials pack: every session's deck, the agenda (PDF, ICS) and the worksheets, named in
the user's language; printable worksheets of each exercise."""

from __future__ import annotations

import io
import zipfile

import icalendar
from pptx import Presentation
from pypdf import PdfReader


def _cohort(client, make_user):
    make_user("trainer", email="t@example.org", name="Тереза Тренерка")
    client.login("t@example.org")
    response = client.post("/cohorts/new", {"name": "Вінниччина", "plan_id": "tot-two-day",
                                            "start_date": "2030-03-04", "timezone": "Europe/Kyiv",
                                            "capacity": 40, "venue": "Вінниця"})
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pack_has_decks_agenda_and_worksheets_in_ukrainian(client, make_user):
    cohort = _cohort(client, make_user)
    response = client.get(f"/cohorts/{cohort}/materials.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "filename*=UTF-8''%D0%9C%D0%B0%D1%82%D0%B5%D1%80%D1%96%D0%B0%D0%BB%D0%B8" in \
        response.headers["Content-Disposition"]  # «Матеріали ...»
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    decks = sorted(n for n in names if n.startswith("Презентації/"))
    assert len(decks) == 5 and decks[0].startswith("Презентації/01 M1 ") and decks[0].endswith("04.03.2030.pptx")
    assert "Програма/Програма.pdf" in names and "Програма/Програма.ics" in names
    assert "Робочі аркуші/Робочі аркуші.pdf" in names
    slides = Presentation(io.BytesIO(archive.read(decks[0])))
    assert len(slides.slides) > 3
    agenda = archive.read("Програма/Програма.pdf")
    assert agenda.startswith(b"%PDF") and "Вінниччина" in _text(agenda)
    calendar = icalendar.Calendar.from_ical(archive.read("Програма/Програма.ics"))
    assert len(list(calendar.walk("VEVENT"))) == 5
    sheets = _text(archive.read("Робочі аркуші/Робочі аркуші.pdf"))
    assert "Дерево проблем" in sheets and "Команда або ім" in sheets


def test_pack_in_english_and_only_for_the_cohorts_trainers(client, new_client, make_user):
    cohort = _cohort(client, make_user)
    client.post("/locale", {"locale": "en", "next": "/"})
    names = zipfile.ZipFile(io.BytesIO(client.get(f"/cohorts/{cohort}/materials.zip").data)).namelist()
    assert "Agenda/Agenda.pdf" in names and any(n.startswith("Slides/01 M1 ") for n in names)
    assert "Worksheets/Worksheets.pdf" in names
    other = new_client()
    make_user("trainer", email="t2@example.org")
    other.login("t2@example.org")
    assert other.get(f"/cohorts/{cohort}/materials.zip").status_code in (403, 404)


def test_printable_worksheet_of_one_exercise(client, make_user):
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    response = client.get("/course/exercises/problem-tree/worksheet.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = _text(response.data)
    assert "Дерево проблем" in text and "Основна проблема" in text and "Причини" in text
    assert client.get("/course/exercises/no-such/worksheet.pdf").status_code == 404


def test_trainer_types_a_teams_paper_answers_back_in(client, new_client, make_user, db):
    from sqlalchemy import select

    from app.exercises.models import ExerciseRevision, ExerciseWork
    from tests.conftest import VINNYTSIA

    cohort = _cohort(client, make_user)
    client.post(f"/cohorts/{cohort}/people/paste",
                {"rows": "Олена Коваль\tolena@example.org\tВінницька\tОргани влади"})
    listing = client.get(f"/cohorts/{cohort}/exercises").get_data(as_text=True)
    assert f"/cohorts/{cohort}/exercises/problem-tree/paper" in listing
    page = client.get(f"/cohorts/{cohort}/exercises/problem-tree/paper").get_data(as_text=True)
    key = __import__("re").search(r'<option value="(m:\d+)"[^>]*>Вінницька міська громада<', page).group(1)
    form = client.get(f"/cohorts/{cohort}/exercises/problem-tree/paper?owner={key}").get_data(as_text=True)
    assert 'id="f-core_problem"' in form
    version = int(__import__("re").search(r'name="version" value="(\d+)"', form).group(1))
    saved = client.post(f"/cohorts/{cohort}/exercises/problem-tree/paper",
                        {"owner": key, "version": str(version), "f-core_problem": "Бюджет без мешканців",
                         "f-effects": "Недовіра", "f-causes": "Немає слухань"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    work = db.scalar(select(ExerciseWork).where(ExerciseWork.exercise_id == "problem-tree"))
    assert work.municipality.code == VINNYTSIA and work.data["core_problem"] == "Бюджет без мешканців"
    kinds = list(db.scalars(select(ExerciseRevision.kind).where(ExerciseRevision.work_id == work.id)
                            .order_by(ExerciseRevision.version)))
    assert kinds[-1] == "paper"
    # the team sees it as theirs
    olena = new_client()
    from app.auth.models import User
    user = db.scalar(select(User).where(User.email == "olena@example.org"))
    from app.auth.services import hash_password
    from tests.conftest import PASSWORD
    with client.raw.application.app_context():
        user.password_hash = hash_password(PASSWORD)
    db.commit()
    olena.login("olena@example.org")
    assert "Бюджет без мешканців" in olena.get(f"/works/{work.id}").get_data(as_text=True)
    assert olena.get(f"/cohorts/{cohort}/exercises/problem-tree/paper").status_code in (403, 404)
    stale = client.post(f"/cohorts/{cohort}/exercises/problem-tree/paper",
                        {"owner": key, "version": str(version), "f-core_problem": "Стара версія"})
    assert stale.status_code == 409

import re

import pytest
from sqlalchemy import func, select

from app.exercises.models import ExerciseRevision, ExerciseWork
from tests.factories import gen_cohort

AGRONOMICHNA = "UA05020010000053508"
TREE_TEXT = "Мешканці не знають бюджету\n  Звіти в PDF-сканах\n    Немає стандарту даних\nНизька довіра"


@pytest.fixture
def setup(make_user, db):
    trainer = make_user("trainer", email="lead@example.org", name="Ірина Бондаренко")
    people = {
        "gov": make_user("participant", email="gov@example.org", name="Тарас Шевчук"),
        "cso": make_user("participant", email="cso@example.org", name="Мар'яна Ткаченко",
                         stakeholder="civil_society"),
        "other": make_user("participant", email="other@example.org", name="Олег Чужий",
                           municipality=AGRONOMICHNA),
        "outsider_trainer": make_user("trainer", email="t2@example.org"),
    }
    cohort = gen_cohort(db, lead=trainer, learners=[people[k] for k in ("gov", "cso", "other")])
    return cohort, people


def open_work(client, cohort, exercise_id="problem-tree"):
    response = client.post(f"/cohorts/{cohort.id}/exercises/{exercise_id}/open")
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def form_save(client, work_id, version, **fields):
    data = {"version": str(version)}
    data.update({f"f-{k}": v for k, v in fields.items()})
    return client.post(f"/works/{work_id}", data)


def autosave(client, work_id, version, csrf=None, **fields):
    data = {"version": str(version), **{f"f-{k}": v for k, v in fields.items()}}
    headers = {"X-CSRFToken": csrf if csrf is not None else client.csrf(), "Accept": "application/json"}
    return client.raw.post(f"/works/{work_id}/autosave", data=data, headers=headers)


def test_team_work_is_shared_by_the_hromada_and_hidden_from_others(client, new_client, setup, db):
    cohort, people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    teammate = new_client()
    teammate.login("cso@example.org")
    assert open_work(teammate, cohort) == work_id  # the same team work
    other = new_client()
    other.login("other@example.org")
    for url in (f"/works/{work_id}", f"/works/{work_id}/export.md", f"/works/{work_id}/export.pdf",
                f"/works/{work_id}/tree.svg", f"/works/{work_id}/revisions"):
        assert other.get(url).status_code == 404, url
    assert form_save(other, work_id, 1, core_problem="hijack").status_code == 404
    assert autosave(other, work_id, 1, core_problem="hijack").status_code == 404
    outsider = new_client()
    outsider.login("t2@example.org")
    assert outsider.get(f"/works/{work_id}").status_code == 404
    assert open_work(other, cohort) != work_id  # their own hromada's work


def test_plain_form_save_builds_the_tree_and_keeps_revisions(client, setup, db):
    cohort, people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    response = form_save(client, work_id, 1, core_problem="Непрозорий бюджет громади",
                         causes=TREE_TEXT, effects="Скарги\n  Протести")
    assert response.status_code == 302
    work = db.get(ExerciseWork, work_id)
    assert work.version == 2
    assert work.data["causes"][0]["children"][0]["children"][0]["text"] == "Немає стандарту даних"
    assert work.data["causes"][1]["text"] == "Низька довіра"
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    assert "Непрозорий бюджет громади" in page and "    Немає стандарту даних" in page
    svg = client.get(f"/works/{work_id}/tree.svg")
    assert svg.mimetype == "image/svg+xml" and "Немає стандарту" in svg.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(ExerciseRevision)
                     .where(ExerciseRevision.work_id == work_id)) == 2


def test_autosave_with_csrf_header_and_stale_saves_refused(client, new_client, setup, db):
    cohort, people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    teammate = new_client()
    teammate.login("cso@example.org")
    first = autosave(client, work_id, 1, core_problem="Версія Тараса")
    assert first.status_code == 200 and first.json["version"] == 2
    stale = autosave(teammate, work_id, 1, core_problem="Версія Мар'яни")
    assert stale.status_code == 409
    assert stale.json["data"]["core_problem"] == "Версія Тараса"
    assert stale.json["yours"]["core_problem"] == "Версія Мар'яни"
    assert "Тарас Шевчук" in stale.json["message"]
    db.expire_all()
    assert db.get(ExerciseWork, work_id).data["core_problem"] == "Версія Тараса"
    kept = db.scalar(select(ExerciseRevision).where(ExerciseRevision.kind == "conflict"))
    assert kept.data["core_problem"] == "Версія Мар'яни"  # nothing typed is lost


def test_autosave_without_csrf_is_refused(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    assert autosave(client, work_id, 1, csrf="", core_problem="x").status_code == 400
    assert db.get(ExerciseWork, work_id).version == 1


def test_stale_plain_form_save_shows_both_versions(client, new_client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    teammate = new_client()
    teammate.login("cso@example.org")
    form_save(client, work_id, 1, core_problem="Перша версія")
    response = form_save(teammate, work_id, 1, core_problem="Друга версія")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Перша версія" in page and "Друга версія" in page


def test_invalid_values_are_shown_next_to_the_field(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "strategic-vision")
    response = form_save(client, work_id, 1, plan_start="31.12.2026", foreword="ok")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="f-plan_start-error"[^>]*>[^<]*(2026-05-31)', page)
    assert db.get(ExerciseWork, work_id).version == 1
    response = autosave(client, work_id, 1, core_problem="x", foreword="\x1b[2J")
    assert response.status_code == 422 and "foreword" in response.json["errors"]
    assert autosave(client, work_id, 1, foreword="\x00").status_code == 400  # NUL: refused at the door
    assert db.get(ExerciseWork, work_id).version == 1


def test_submit_review_return_and_accept(client, new_client, setup, db):
    cohort, people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    page = client.post(f"/works/{work_id}/submit", follow_redirects=True).get_data(as_text=True)
    assert db.get(ExerciseWork, work_id).status == "draft"
    assert "Core problem" in page or "Основна проблема" in page or "core" in page.lower()
    form_save(client, work_id, 1, core_problem="Проблема", affected_groups="Мешканці",
              causes=TREE_TEXT, effects="Скарги", evidence="Опитування 2025")
    client.post(f"/works/{work_id}/submit")
    db.expire_all()
    assert db.get(ExerciseWork, work_id).status == "submitted"
    assert form_save(client, work_id, 2, core_problem="change").status_code == 403
    trainer = new_client()
    trainer.login("lead@example.org")
    listing = trainer.get(f"/cohorts/{cohort.id}/exercises").get_data(as_text=True)
    assert f"/works/{work_id}" in listing
    trainer.post(f"/works/{work_id}/review", {"decision": "returned", "body": "Додайте докази"})
    db.expire_all()
    assert db.get(ExerciseWork, work_id).status == "returned"
    assert "Додайте докази" in client.get(f"/works/{work_id}").get_data(as_text=True)
    assert form_save(client, work_id, 2, core_problem="Проблема 2", affected_groups="Мешканці",
                     causes=TREE_TEXT, effects="Скарги", evidence="Опитування").status_code == 302
    client.post(f"/works/{work_id}/submit")
    trainer.post(f"/works/{work_id}/review", {"decision": "accepted", "body": ""})
    db.expire_all()
    assert db.get(ExerciseWork, work_id).status == "accepted"


def test_participants_cannot_review(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    assert client.post(f"/works/{work_id}/review", {"decision": "accepted"}).status_code == 403


def test_revisions_can_be_viewed_and_restored(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    form_save(client, work_id, 1, core_problem="Перша")
    form_save(client, work_id, 2, core_problem="Друга")
    first = db.scalar(select(ExerciseRevision).where(ExerciseRevision.work_id == work_id,
                                                     ExerciseRevision.version == 2))
    assert "Перша" in client.get(f"/works/{work_id}/revisions/{first.id}").get_data(as_text=True)
    client.post(f"/works/{work_id}/revisions/{first.id}/restore")
    db.expire_all()
    work = db.get(ExerciseWork, work_id)
    assert work.version == 4 and work.data["core_problem"] == "Перша"


def test_exports_markdown_and_pdf(client, setup, db):
    from io import BytesIO

    from pypdf import PdfReader

    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    form_save(client, work_id, 1, core_problem="Непрозорий бюджет <script>", causes=TREE_TEXT)
    md = client.get(f"/works/{work_id}/export.md").get_data(as_text=True)
    assert md.startswith("# Дерево проблем") and "Непрозорий бюджет \\<script\\>" in md
    assert "    - Немає стандарту даних" in md
    pdf = client.get(f"/works/{work_id}/export.pdf")
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "Дерево проблем" in text and "Непрозорий бюджет" in text and "Немає стандарту даних" in text


def test_roadmap_is_prefilled_checked_drawn_and_exported(client, setup, db):
    from io import BytesIO

    from icalendar import Calendar
    from openpyxl import load_workbook

    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "cocreation-roadmap")
    work = db.get(ExerciseWork, work_id)
    steps = work.data["steps"]
    assert len(steps) == 18 and steps[0]["step_id"] == "1.1" and steps[-1]["step_id"] == "5.3"
    fields = {"version": "1", "f-plan_start": "2027-01-01", "f-plan_end": "2027-12-31"}
    for index, step in enumerate(steps):
        for column, value in step.items():
            fields[f"f-steps-{index}-{column}"] = value
    fields.update({"f-steps-0-start_date": "2027-01-10", "f-steps-0-end_date": "2027-01-31",
                   "f-steps-0-owner": "=HYPERLINK(\"http://evil\")",
                   "f-steps-1-start_date": "2027-03-01", "f-steps-1-end_date": "2027-02-01"})
    assert client.post(f"/works/{work_id}", fields).status_code == 302
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    assert "1.2" in page and ("ends before it starts" in page or "закінчується раніше" in page)
    svg = client.get(f"/works/{work_id}/gantt.svg").get_data(as_text=True)
    assert svg.count('class="gantt-bar"') == 2
    csv_text = client.get(f"/works/{work_id}/roadmap.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    book = load_workbook(BytesIO(client.get(f"/works/{work_id}/roadmap.xlsx").data))
    # a formula-like text is stored as text with Excel's quote prefix: it never runs
    looks_like_formula = [c for row in book.active.iter_rows() for c in row
                          if isinstance(c.value, str) and c.value.startswith("=")]
    assert looks_like_formula and all(c.data_type == "s" and c.quotePrefix for c in looks_like_formula)
    events = list(Calendar.from_ical(client.get(f"/works/{work_id}/roadmap.ics").data).walk("VEVENT"))
    assert len(events) == 1  # the other dated step ends before it starts


def test_a_stale_save_of_the_stored_text_is_no_conflict(client, setup, db):
    """A save sent as the page was left lands after the reloaded page was served; the browser's
    draft then sends the same text from the older version: accepted, nothing written twice."""
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    assert autosave(client, work_id, 1, core_problem="Звіти лише у PDF", causes="Немає даних").json["version"] == 2
    again = autosave(client, work_id, 1, core_problem="Звіти лише у PDF", causes="Немає даних")
    assert again.status_code == 200 and again.json["version"] == 2
    other = autosave(client, work_id, 1, core_problem="Інший текст", causes="Немає даних")
    assert other.status_code == 409  # a different text from an older version is still refused
    db.expire_all()
    assert db.get(ExerciseWork, work_id).data["core_problem"] == "Звіти лише у PDF"
    kinds = list(db.scalars(select(ExerciseRevision.kind).where(ExerciseRevision.work_id == work_id)
                            .order_by(ExerciseRevision.id)))
    assert kinds == ["save", "save", "conflict"]


def test_team_members_in_ukrainian_alphabetical_order(client, make_user, db):
    trainer = make_user("trainer", email="lead@example.org", name="Ірина Бондаренко")
    names = ["Ярослав Ткаченко", "Їжак Марія", "Євген Петренко", "Андрій Коваль", "Мар'яна Лисенко",
             "Ґудзь Олег", "Юлія Шевченко", "Ігор Сидоренко", "Марина Бойко", "Галина Руденко"]
    people = [make_user("participant", email=f"p{i}@example.org", name=n) for i, n in enumerate(names)]
    cohort = gen_cohort(db, lead=trainer, learners=people)
    client.login("p0@example.org")
    work_id = open_work(client, cohort)
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    shown = re.search(r": ((?:[^<,]+, )+[^<,]+)</dd>", page).group(1).replace("&#39;", "'").split(", ")
    assert shown == ["Андрій Коваль", "Галина Руденко", "Ґудзь Олег", "Євген Петренко", "Ігор Сидоренко",
                     "Їжак Марія", "Марина Бойко", "Мар'яна Лисенко", "Юлія Шевченко", "Ярослав Ткаченко"]


def test_a_one_line_answer_keeps_its_words_when_a_line_break_is_typed(client, setup, db):
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort)
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    assert re.search(r'<textarea id="f-core_problem" name="f-core_problem" rows="2" class="sentence"', page)
    assert autosave(client, work_id, 1, core_problem="Мешканці не бачать,\r\n  як витрачають кошти ").status_code == 200
    db.expire_all()
    assert db.get(ExerciseWork, work_id).data["core_problem"] == "Мешканці не бачать, як витрачають кошти"

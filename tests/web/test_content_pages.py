import pytest


@pytest.fixture
def participant(client, make_user):
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    return client


@pytest.fixture
def trainer(client, make_user):
    make_user("trainer", email="t@example.org")
    client.login("t@example.org")
    return client


def test_the_library_lists_every_module_with_its_duration(participant):
    page = participant.get("/course/").get_data(as_text=True)
    for module_id, minutes in (("M1", 60), ("M2", 150), ("M3", 150), ("M4", 60), ("M5", 60)):
        assert f"/course/modules/{module_id}" in page
        assert f"{minutes} " in page


def test_module_page_shows_outline_and_hides_trainer_notes_from_participants(participant):
    page = participant.get("/course/modules/M2").get_data(as_text=True)
    assert "План заняття" in page and "<table>" in page and "Session outline" not in page
    assert "Фаза 1 — Підготовка" in page and '<article class="module-body" lang="uk">' in page
    assert 'class="notes"' not in page
    participant.post("/locale", {"locale": "en"})
    page = participant.get("/course/modules/M2").get_data(as_text=True)
    assert "Phase 1 - Preparing" in page and '<article class="module-body" lang="en">' in page
    assert "Session outline" in page


def test_trainers_see_the_notes(trainer):
    page = trainer.get("/course/modules/M2").get_data(as_text=True)
    assert 'class="notes"' in page


def test_exercise_catalogue_plans_and_cycle(participant):
    catalogue = participant.get("/course/exercises").get_data(as_text=True)
    assert "Дерево проблем" in catalogue and "/course/exercises/commitment-template" in catalogue
    exercise = participant.get("/course/exercises/problem-tree").get_data(as_text=True)
    assert "Ключова проблема" in exercise and 'class="notes"' not in exercise
    plan = participant.get("/course/plans/tot-two-day").get_data(as_text=True)
    assert "11:00–12:00" in plan and "M5" in plan
    cycle = participant.get("/course/cycle").get_data(as_text=True)
    assert "1.1" in cycle and "5.3" in cycle and "Сформувати команду" in cycle


def test_unknown_ids_are_404(participant):
    for url in ("/course/modules/M9", "/course/exercises/nope", "/course/plans/nope"):
        assert participant.get(url).status_code == 404


def test_the_course_needs_a_login(client):
    assert client.get("/course/").status_code == 302


def test_glossary_pairs_ukrainian_and_english_terms(participant):
    page = participant.get("/course/glossary").get_data(as_text=True)
    assert "Спільне творення" in page and "Co-creation" in page
    assert "План дій" in page and "Action plan" in page
    assert page.index("Багатосторонній форум") < page.index("Зацікавлена сторона")  # Ukrainian order


def test_rules_and_deadlines_handout_prints_alone_in_both_languages(participant):
    module_page = participant.get("/course/modules/M1").get_data(as_text=True)
    assert "Пам'ятки для друку" in module_page and "/course/modules/M1/handouts/1" in module_page
    page = participant.get("/course/modules/M1/handouts/1").get_data(as_text=True)
    assert "Пам&#39;ятка: правила і строки" in page or "Пам'ятка: правила і строки" in page
    for fact in ("англійською", "два квартали поспіль", "чотири місяці", "Випробувальний строк",
                 "Добровільна неактивність", "залежно від того, що настане раніше"):
        assert fact in page, fact
    assert "Три ключові цінності" not in page  # only the handout, not the module
    assert 'class="notes"' not in page
    participant.post("/locale", {"locale": "en"})
    page = participant.get("/course/modules/M1/handouts/1").get_data(as_text=True)
    for fact in ("in English", "two consecutive quarters", "whichever comes first", "Probation",
                 "Revocation", "value proposition", "demonstrable ambition"):
        assert fact in page, fact
    assert participant.get("/course/modules/M1/handouts/9").status_code == 404
    assert participant.get("/course/modules/M9/handouts/1").status_code == 404


def test_modules_four_and_five_offer_their_named_handouts(participant):
    participant.post("/locale", {"locale": "en"})
    m4 = participant.get("/course/modules/M4").get_data(as_text=True)
    assert all(f"/course/modules/M4/handouts/{n}" in m4 for n in (1, 2, 3))
    m5 = participant.get("/course/modules/M5/handouts/1").get_data(as_text=True)
    assert "opengovpartnership.org/members/ukraine" in m5


def test_every_exercise_page_opens_in_both_languages_with_its_minutes(trainer):
    from app.content.services import load_library
    from tests.conftest import ROOT

    library = load_library(ROOT)
    for exercise in library.exercises:
        page = trainer.get(f"/course/exercises/{exercise.id}").get_data(as_text=True)
        uk = library.translations["uk"][f"exercise:{exercise.id}"]
        assert uk.title in page or uk.title.replace("'", "&#39;") in page, exercise.id
    trainer.post("/locale", {"locale": "en"})
    for exercise_id in ("team-roles-skills", "communications-plan", "validation-endorsement",
                        "progress-meeting-record", "end-of-commitment-assessment", "engagement-plan"):
        page = trainer.get(f"/course/exercises/{exercise_id}").get_data(as_text=True)
        assert library.exercise(exercise_id).title in page and "Debrief questions" in page

"""Each role's home says what is next (in Ukrainian, the default language)."""

from tests.web import test_role_matrix as matrix

EMAILS = matrix.EMAILS
world = matrix.world  # the role matrix's fixture


def _home(new_client, actor: str) -> str:
    client = new_client()
    client.login(EMAILS[actor])
    return client.get("/").get_data(as_text=True).split('<main id="main">')[1]


def test_trainer_home_lists_sessions_cohorts_and_review(new_client, world):
    page = _home(new_client, "trainer")
    assert 'href="/cohorts/new"' in page and "Нова група" in page
    assert "Найближчі заняття" in page and "M1 · Базові поняття" in page
    assert "04.03.2030 11:00" in page  # the session's own time zone (Kyiv)
    assert "Чекають на ваш відгук" in page and "Ваші групи" in page and "Матриця" in page


def test_participant_home_shows_cohort_next_session_exercises_and_quizzes(new_client, world):
    page = _home(new_client, "participant")
    assert "Моя група: Матриця" in page and "Наступне заняття" in page
    assert "04.03.2030 11:00–12:00" in page
    assert "Подано 0 з" in page and "Визначаємо точку відліку" in page  # titles, not ids
    assert "situating-starting-point" not in page
    assert "/course/modules/M1/quiz" in page and page.count("/course/modules/M1/quiz") == 1


def test_pathway_link_only_for_participants_of_a_training_of_trainers(new_client, world):
    in_tot = new_client()
    in_tot.login(EMAILS["participant"])
    assert "Мій шлях тренера" in in_tot.get("/").get_data(as_text=True)
    municipal = new_client()
    municipal.login(EMAILS["outsider"])  # a participant outside any training of trainers
    page = municipal.get("/").get_data(as_text=True)
    assert "Мій шлях тренера" not in page
    assert 'href="/join"' in page and "Почніть тут" in page


def test_observer_home_shows_the_headline_and_hromadas_needing_attention(new_client, world):
    page = _home(new_client, "observer")
    assert "Орієнтація коротко" in page and 'href="/dashboard"' in page
    assert "Громади, яким потрібна увага" in page
    assert 'href="/dashboard/missing"' in page

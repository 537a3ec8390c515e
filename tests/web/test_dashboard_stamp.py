"""The AUC dashboard keeps its figures under the dashboard stamp (issue 21): a view while
nothing changed costs one small query; an attendance change that records completions, a new
completion, a revocation and a new enrolment show at the very next view; a change rolled
back never shows."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.orientation.models import DashboardStamp, ModuleCompletion, OrientationCompletion
from app.orientation.services import count_summary, evaluate_cohort, summary
from app.scheduling.models import Enrolment
from tests.conftest import count_queries
from tests.web.test_orientation import LIBRARY, completed_cohort  # noqa: F401 (fixture)

STATS = ("completed", "in_progress", "enrolled", "total", "learners")


def figures(client) -> dict[str, int]:
    page = client.get("/dashboard").get_data(as_text=True)
    stats = page.split('<ul class="stats">')[1].split("</ul>")[0]
    return dict(zip(STATS, map(int, re.findall(r"<strong>(\d+)</strong>", stats)), strict=True))


def missing_counts(client) -> list[int]:
    """The missing list's counts by status: completed, in progress, enrolled, not enrolled."""
    page = client.get("/dashboard/missing").get_data(as_text=True)
    stats = page.split('<ul class="stats"')[1].split("</ul>")[0]
    return [int(n) for n in re.findall(r"<strong>(\d+)</strong>", stats)]


def test_progress_events_show_on_the_dashboard_at_once(app, db, client, new_client, make_user,
                                                       completed_cohort):  # noqa: F811
    cohort, people = completed_cohort
    admin = new_client()
    admin.login("admin@example.org")
    before = figures(admin)
    assert (before["completed"], before["in_progress"], before["enrolled"]) == (0, 0, 2)
    assert figures(admin) == before  # kept: the second view counts nothing again

    # an attendance change: the trainer saves the last session's register, the progress event
    # records the completions (and one hromada's orientation)
    last = sorted(cohort.sessions, key=lambda s: s.start)[-1]
    trainer = client
    trainer.login("lead@example.org")
    trainer.post(f"/sessions/{last.id}/attendance",
                 {f"status-{p.id}": "present" for p in people})
    fresh, kept = count_queries(app, admin, "/dashboard"), count_queries(app, admin, "/dashboard")
    assert kept < fresh and kept == 2  # counted once after the change; then the user, the stamp
    after_attendance = figures(admin)
    assert (after_attendance["completed"], after_attendance["in_progress"]) == (1, 1)
    assert missing_counts(admin)[:2] == [1, 1]  # the missing list keeps its statuses the same way

    # a revocation by the admin
    oriented = db.scalar(select(OrientationCompletion))
    admin.post(f"/dashboard/orientation/{oriented.id}/revoke", {"reason": "Журнал не підписано"})
    after_revoke = figures(admin)
    assert (after_revoke["completed"], after_revoke["in_progress"]) == (0, 2)
    assert missing_counts(admin)[:2] == [0, 2]

    # module completions revoked for a whole hromada: no longer in progress
    for completion in db.scalars(select(ModuleCompletion).where(
            ModuleCompletion.user_id.in_([people[2].id, people[3].id]))):
        admin.post(f"/dashboard/completions/{completion.id}/revoke", {"reason": "Помилка"})
    db.commit()
    after_module_revoke = figures(admin)
    assert (after_module_revoke["in_progress"], after_module_revoke["enrolled"]) == (1, 1)

    # a new enrolment (a participant of a third hromada)
    db.add(Enrolment(cohort_id=cohort.id, role="learner",
                     user_id=_participant_elsewhere(db, make_user)))
    db.commit()
    last_view = figures(admin)
    assert last_view["enrolled"] == 2 and last_view["learners"] == before["learners"] + 1


def _participant_elsewhere(db, make_user) -> int:
    from app.auth.models import User
    from app.registry.models import Municipality

    taken = {p for p in db.scalars(select(User.municipality_id)) if p}
    other = db.scalar(select(Municipality.code).where(Municipality.id.not_in(taken)).limit(1))
    return make_user("participant", email="elsewhere@example.org", municipality=other).id


def test_a_change_rolled_back_is_never_kept(app, db, completed_cohort):  # noqa: F811
    cohort, _people = completed_cohort
    modules = ("M1", "M2", "M3", "M4", "M5")
    stamp = db.get(DashboardStamp, 1).generation
    with app.app_context():
        evaluate_cohort(db, cohort, LIBRARY)  # completions flushed, not committed
        seen = summary(db, modules)
        assert seen.by_status["completed"] == 1
    db.rollback()
    assert db.get(DashboardStamp, 1).generation == stamp
    assert summary(db, modules).by_status["completed"] == 0
    assert summary(db, modules) == count_summary(db, modules)
    with app.app_context():
        evaluate_cohort(db, cohort, LIBRARY)
    db.commit()
    assert db.get(DashboardStamp, 1).generation > stamp
    assert summary(db, modules).by_status["completed"] == 1


def test_a_new_name_shows_on_the_missing_list_at_once(app, db, new_client,
                                                      completed_cohort):  # noqa: F811
    """The missing list keeps whom it names (and their names) under the stamp: a rename
    raises it, so the next page shows the new name, never the old one."""
    _cohort, people = completed_cohort
    admin = new_client()
    admin.login("admin@example.org")
    old = people[0].name
    assert old in admin.get("/dashboard/missing").get_data(as_text=True)
    stamp = db.get(DashboardStamp, 1).generation
    people[0].name = "Ярина Перейменована"
    db.commit()
    assert db.get(DashboardStamp, 1).generation > stamp
    page = admin.get("/dashboard/missing").get_data(as_text=True)
    assert "Ярина Перейменована" in page and old not in page


def test_a_new_raion_shows_in_the_missing_list_filter_at_once(db, new_client,
                                                              completed_cohort):  # noqa: F811
    """The raions of the filter are kept under the stamp too: a hromada's new raion raises it."""
    from app.registry.models import Municipality

    _cohort, people = completed_cohort
    admin = new_client()
    admin.login("admin@example.org")
    hromada = db.get(Municipality, people[0].municipality_id)
    assert "Тестовий новий" not in admin.get("/dashboard/missing").get_data(as_text=True)
    hromada.raion = "Тестовий новий"
    db.commit()
    assert '<option value="Тестовий новий"' in admin.get("/dashboard/missing").get_data(as_text=True)


def test_a_participant_import_shows_on_the_dashboard_at_once(app, db, client, new_client,
                                                             completed_cohort):  # noqa: F811
    """An import writes its people and enrolments in bulk, past the unit of work's flush
    (app.db.insert_many): the stamp is raised where those statements run, so the next view
    counts the new learners and the new hromada."""
    import io

    from app.registry.models import Municipality

    cohort, people = completed_cohort
    admin = new_client()
    admin.login("admin@example.org")
    before = figures(admin)
    assert figures(admin) == before  # kept
    code = db.scalar(select(Municipality.code).where(
        Municipality.id.not_in({p.municipality_id for p in people})).limit(1))
    cohort.capacity = 50
    db.commit()
    client.login("lead@example.org")
    body = "name,email,municipality_code,stakeholder_type\n" + "".join(
        f"Новий {i},new{i}@example.org,{code},government\n" for i in range(3))
    page = client.post(f"/cohorts/{cohort.id}/import", {"file": (io.BytesIO(body.encode()), "people.csv")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "alert-error" not in page, page[page.find("alert-error"):][:900]
    after = figures(admin)
    assert after["learners"] == before["learners"] + 3
    assert after["enrolled"] == before["enrolled"] + 1  # a hromada that had nobody enrolled

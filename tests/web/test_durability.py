"""Autosaves against a real server that is killed (SIGKILL) mid-stream: every save that was
answered 200 is in the database after a restart, on SQLite and PostgreSQL."""

import threading
import time

import requests
from sqlalchemy import select

from app.exercises.models import ExerciseRevision, ExerciseWork
from tests.factories import gen_cohort
from tests.support import server


def test_answered_saves_survive_a_kill(database_url, db, make_user):
    participant = make_user("participant", email="gov@example.org")
    trainer = make_user("trainer", email="lead@example.org")
    cohort = gen_cohort(db, lead=trainer, learners=[participant], name="Durability")
    db.close()

    process, base = server.start(database_url)
    try:
        answered, work_id = _save_until_killed(process, base, cohort.id)
    finally:
        server.kill(process)
    assert len(answered) >= 25

    process, base = server.start(database_url)
    try:
        again, _token, response = server.log_in(base, "gov@example.org", "correct-horse-battery")
        assert response.status_code == 302
        page = again.get(f"{base}/works/{work_id}")
        # the last answered save, or a later one that committed while its answer was cut off
        assert page.status_code == 200 and "save-" in page.text
    finally:
        server.kill(process)

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(database_url)
    with Session(engine) as check:
        saved = {(r.version, r.data.get("core_problem")) for r in check.scalars(
            select(ExerciseRevision).where(ExerciseRevision.work_id == work_id,
                                           ExerciseRevision.kind == "save"))}
        assert set(answered) <= saved
        work = check.get(ExerciseWork, work_id)
        assert work.version >= answered[-1][0]
        assert int(work.data["core_problem"].removeprefix("save-")) >= int(answered[-1][1].removeprefix("save-"))
    engine.dispose()


def _save_until_killed(process, base: str, cohort_id: int) -> tuple[list[tuple[int, str]], int]:
    """Autosave in a loop; SIGKILL the server once 25 saves were answered."""
    session, token, _ = server.log_in(base, "gov@example.org", "correct-horse-battery")
    opened = session.post(f"{base}/cohorts/{cohort_id}/exercises/problem-tree/open",
                          data={"csrf_token": token}, allow_redirects=False)
    work_id = int(opened.headers["Location"].rsplit("/", 1)[-1])
    answered: list[tuple[int, str]] = []
    stop = threading.Event()

    def keep_saving():
        version, n = 1, 0
        while not stop.is_set() and n < 2000:
            n += 1
            text = f"save-{n}"
            try:
                response = session.post(f"{base}/works/{work_id}/autosave",
                                        data={"version": str(version), "f-core_problem": text},
                                        headers={"X-CSRFToken": token}, timeout=5)
            except requests.RequestException:
                return  # the server is gone
            if response.status_code == 200:
                version = response.json()["version"]
                answered.append((version, text))

    saver = threading.Thread(target=keep_saving)
    saver.start()
    deadline = time.monotonic() + 20
    while len(answered) < 25 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill(process)  # SIGKILL in the middle of the stream
    stop.set()
    saver.join(timeout=10)
    return answered, work_id

"""Two people save the same team work from the same version at the same moment, against a
real threaded server: exactly one save wins, the other gets 409, and nothing is lost."""

import re
import threading

import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from app.exercises.models import ExerciseRevision, ExerciseWork
from tests.conftest import PASSWORD
from tests.factories import gen_cohort

RACES = 100


def browser_session(base: str, email: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = session.post(f"{base}/login", data={"email": email, "password": PASSWORD,
                                                    "csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    page = session.get(f"{base}/").text
    return session, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_one_hundred_races_lose_nothing(app, db, make_user):
    gov = make_user("participant", email="gov@example.org", name="Тарас")
    cso = make_user("participant", email="cso@example.org", name="Мар'яна", stakeholder="civil_society")
    trainer = make_user("trainer", email="lead@example.org")
    cohort = gen_cohort(db, lead=trainer, learners=[gov, cso])

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        alice, alice_csrf = browser_session(base, "gov@example.org")
        bob, bob_csrf = browser_session(base, "cso@example.org")
        opened = alice.post(f"{base}/cohorts/{cohort.id}/exercises/problem-tree/open",
                            data={"csrf_token": alice_csrf}, allow_redirects=False)
        work_id = int(opened.headers["Location"].rsplit("/", 1)[-1])

        version = 1
        accepted, refused = [], []
        for race in range(RACES):
            barrier = threading.Barrier(2)
            results = {}

            def save(name, session, token, text, barrier=barrier, version=version, results=results):
                barrier.wait()
                response = session.post(f"{base}/works/{work_id}/autosave",
                                        data={"version": str(version), "f-core_problem": text},
                                        headers={"X-CSRFToken": token, "Accept": "application/json"})
                results[name] = (response.status_code, text, response.json())

            threads = [threading.Thread(target=save, args=("alice", alice, alice_csrf, f"A{race}")),
                       threading.Thread(target=save, args=("bob", bob, bob_csrf, f"B{race}"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            codes = sorted(code for code, _, _ in results.values())
            assert codes == [200, 409], (race, results)
            winner = next(r for r in results.values() if r[0] == 200)
            loser = next(r for r in results.values() if r[0] == 409)
            assert loser[2]["data"]["core_problem"] == winner[1]  # the newer text is sent back
            assert loser[2]["yours"]["core_problem"] == loser[1]  # and the loser's own text
            accepted.append(winner[1])
            refused.append(loser[1])
            version = winner[2]["version"]
    finally:
        server.shutdown()

    db.expire_all()
    work = db.get(ExerciseWork, work_id)
    assert work.version == RACES + 1 and work.data["core_problem"] == accepted[-1]
    revisions = list(db.scalars(select(ExerciseRevision).where(ExerciseRevision.work_id == work_id)))
    saved = [r.data.get("core_problem") for r in revisions if r.kind == "save"]
    conflicts = [r.data.get("core_problem") for r in revisions if r.kind == "conflict"]
    assert sorted(t for t in saved if t) == sorted(accepted)
    assert sorted(conflicts) == sorted(refused)

"""Two app servers, one PostgreSQL: sessions, rate limits and autosaves work across both."""

import os
import threading

import pytest
import requests
from sqlalchemy import select

from app.exercises.models import ExerciseRevision, ExerciseWork
from tests.conftest import PASSWORD
from tests.factories import gen_cohort
from tests.support import server


@pytest.fixture
def pg_app(postgres_url):
    from app import create_app
    from tests.conftest import TEST_OVERRIDES, _truncate_postgres

    _truncate_postgres(postgres_url)
    application = create_app({**TEST_OVERRIDES, "DATABASE_URL": postgres_url})
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def team(pg_app):
    from app.auth.services import NewUser, create_user
    from tests.conftest import VINNYTSIA, load_hromadas

    db = pg_app.extensions["db_sessionmaker"]()
    load_hromadas(db, 40)
    with pg_app.app_context():
        pg_app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
        users = [create_user(db, NewUser(f"{n}@example.org", n, "participant", VINNYTSIA, kind), None, PASSWORD)
                 for n, kind in (("gov", "government"), ("cso", "civil_society"))]
        trainer = create_user(db, NewUser("lead@example.org", "Lead", "trainer"), None, PASSWORD)
    cohort = gen_cohort(db, lead=trainer, learners=users, name="Два сервери")
    yield db, cohort
    db.close()


def test_login_rate_limit_and_autosaves_across_two_servers(postgres_url, team):
    db, cohort = team
    with server.running(postgres_url) as first, server.running(postgres_url) as second:
        # a login on one server is valid on the other (shared secret, sessions in cookies)
        session, token, response = server.log_in(first, "gov@example.org", PASSWORD)
        assert response.status_code == 302
        assert session.get(f"{second}/profile", allow_redirects=False).status_code == 200

        # the rate limit counts attempts made on both servers
        for base in (first, second, first, second, first):
            server.log_in(base, "cso@example.org", "wrong-password")
        _, _, blocked = server.log_in(second, "cso@example.org", PASSWORD)
        assert blocked.status_code == 429

        # concurrent autosaves through both servers lose nothing
        opened = session.post(f"{first}/cohorts/{cohort.id}/exercises/problem-tree/open",
                              data={"csrf_token": token}, allow_redirects=False)
        work_id = int(opened.headers["Location"].rsplit("/", 1)[-1])
        version = 1
        accepted, refused = [], []
        for race in range(20):
            barrier = threading.Barrier(2)
            results = {}

            def save(base, text, barrier=barrier, version=version, results=results):
                barrier.wait()
                answer = session.post(f"{base}/works/{work_id}/autosave",
                                      data={"version": str(version), "f-core_problem": text},
                                      headers={"X-CSRFToken": token, "Accept": "application/json"})
                results[text] = answer

            threads = [threading.Thread(target=save, args=(first, f"one-{race}")),
                       threading.Thread(target=save, args=(second, f"two-{race}"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            codes = sorted(r.status_code for r in results.values())
            assert codes == [200, 409]
            for text, answer in results.items():
                (accepted if answer.status_code == 200 else refused).append(text)
                if answer.status_code == 200:
                    version = answer.json()["version"]

        # logging out on one server ends the session on the other too (a copied cookie fails)
        copied = {"Cookie": f"session={session.cookies.get('session')}"}
        assert requests.get(f"{first}/profile", headers=copied, allow_redirects=False).status_code == 200
        session.post(f"{second}/logout", data={"csrf_token": token})
        assert requests.get(f"{first}/profile", headers=copied, allow_redirects=False).status_code == 302

    db.expire_all()
    revisions = list(db.scalars(select(ExerciseRevision).where(ExerciseRevision.work_id == work_id)))
    assert sorted(r.data["core_problem"] for r in revisions if r.kind == "save" and r.version > 1) == sorted(accepted)
    assert sorted(r.data["core_problem"] for r in revisions if r.kind == "conflict") == sorted(refused)
    assert db.get(ExerciseWork, work_id).version == 21


pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL") and os.environ.get("REQUIRE_POSTGRES") != "1",
                                reason="two servers share one PostgreSQL: set TEST_DATABASE_URL")

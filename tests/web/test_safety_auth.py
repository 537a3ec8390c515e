"""Issue 15, items 4 and 8: the login limit behind a proxy, atomic under parallel guesses,
and the same work for an unknown account as for a known one."""

from __future__ import annotations

import importlib
import threading
import time
from datetime import UTC

import pytest

from app.auth import services as auth_services
from tests.conftest import PASSWORD


def _fail(client, email, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", {"email": email, "password": "wrong-password-1"}, headers=headers)


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(app, client, make_user):
    assert app.config["TRUSTED_PROXIES"] == 0
    app.config["LOGIN_MAX_PER_ADDRESS"] = 3
    make_user("trainer", email="t@example.org")
    for n in range(3):  # the attacker claims a new address each time
        _fail(client, f"nobody{n}@example.org", forwarded=f"203.0.113.{n}")
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD},
                           headers={"X-Forwarded-For": "198.51.100.9"})
    assert response.status_code == 429  # counted against the real address all the same
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers  # a forged scheme is not believed


def test_behind_one_proxy_each_client_is_counted_by_its_own_address(database_url, make_user, db):
    from app import create_app
    from tests.conftest import TEST_OVERRIDES, Client

    app = create_app({**TEST_OVERRIDES, "DATABASE_URL": database_url, "TRUSTED_PROXIES": 1,
                      "LOGIN_MAX_PER_ADDRESS": 3})
    try:
        make_user("trainer", email="t@example.org")
        attacker, colleague = Client(app.test_client()), Client(app.test_client())
        for n in range(3):  # 3 bad logins for made-up emails from one client
            _fail(attacker, f"made-up{n}@example.org", forwarded="203.0.113.5")
        # the proxy (127.0.0.1) forwards another client: not locked out
        response = colleague.post("/login", {"email": "t@example.org", "password": PASSWORD},
                                  headers={"X-Forwarded-For": "198.51.100.7"})
        assert response.status_code == 302
        # the guessing client is
        response = attacker.post("/login", {"email": "t@example.org", "password": PASSWORD},
                                 headers={"X-Forwarded-For": "203.0.113.5"})
        assert response.status_code == 429
        # and the scheme the proxy reports is believed (HSTS is sent on https only)
        response = app.test_client().get("/login", headers={
            "X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" in response.headers
    finally:
        app.extensions["db_engine"].dispose()


def test_parallel_wrong_guesses_never_pass_the_limit(app, make_user, monkeypatch):
    """40 parallel guesses for one account: at most LOGIN_MAX_PER_ACCOUNT get a password check."""
    make_user("trainer", email="victim@example.org")
    limit = app.config["LOGIN_MAX_PER_ACCOUNT"]
    real_check = auth_services.check_password_hash

    def slow_check(pwhash, password):  # widen the window between the check and the record
        time.sleep(0.05)
        return real_check(pwhash, password)

    monkeypatch.setattr(auth_services, "check_password_hash", slow_check)
    checked, errors = [], []
    start = threading.Barrier(20)

    def guess(n):
        try:
            with app.app_context():
                db = app.extensions["db_sessionmaker"]()
                try:
                    start.wait()
                    result = auth_services.authenticate(db, "victim@example.org",
                                                        f"guess-{n}-password", "192.0.2.1")
                    db.commit()
                finally:
                    db.close()
            if not result.retry_after:
                checked.append(n)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 1 <= len(checked) <= limit


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:600000"])
def test_unknown_email_costs_the_same_method_as_a_real_account(app, client, make_user,
                                                                monkeypatch, method):
    app.config["PASSWORD_HASH_METHOD"] = method
    make_user("trainer", email="real@example.org")
    methods = []
    real_check = auth_services.check_password_hash

    def recording(pwhash, password):
        methods.append(pwhash.split("$", 1)[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(auth_services, "check_password_hash", recording)
    _fail(client, "real@example.org")
    _fail(client, "nobody-here@example.org")
    assert len(methods) == 2
    assert methods[0] == methods[1]  # the same method and cost parameters
    assert methods[1].startswith(method.split(":")[0])
    assert methods[1] != "pbkdf2:sha256:1000"


def test_secure_cookies_setting_is_honoured_in_production(monkeypatch):
    import config

    try:
        monkeypatch.setenv("SPILNO_SECURE_COOKIES", "0")
        importlib.reload(config)
        assert config.ProductionConfig.SESSION_COOKIE_SECURE is False
        assert config.ProductionConfig.REMEMBER_COOKIE_SECURE is False
        monkeypatch.delenv("SPILNO_SECURE_COOKIES")
        importlib.reload(config)
        assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
        monkeypatch.setenv("SPILNO_TRUSTED_PROXIES", "2")
        importlib.reload(config)
        assert config.Config.TRUSTED_PROXIES == 2
        monkeypatch.setenv("SPILNO_TRUSTED_PROXIES", "one")
        with pytest.raises(RuntimeError, match="SPILNO_TRUSTED_PROXIES"):
            importlib.reload(config)
    finally:
        monkeypatch.delenv("SPILNO_TRUSTED_PROXIES", raising=False)
        monkeypatch.delenv("SPILNO_SECURE_COOKIES", raising=False)
        importlib.reload(config)


# --- item 5: guessing the self check-in code and the join code -------------------------------------

@pytest.fixture
def room(db, make_user):
    """A cohort (join code JOIN42) with a session under way (check-in code ABCD)."""
    from datetime import datetime, timedelta

    from app.scheduling.models import Cohort, Enrolment, TrainingSession

    lead = make_user("trainer", email="lead@example.org")
    member = make_user("participant", email="member@example.org")
    cohort = Cohort(name="Кімната", join_code="JOIN42", lead_trainer_id=lead.id)
    db.add(cohort)
    db.flush()
    db.add(Enrolment(cohort_id=cohort.id, user_id=member.id, role="learner"))
    now = datetime.now(UTC)
    session = TrainingSession(cohort_id=cohort.id, module_id="M1", content_version="0" * 16,
                              start=now - timedelta(minutes=5), end=now + timedelta(minutes=55),
                              timezone="Europe/Kyiv", checkin_code="ABCD")
    db.add(session)
    db.commit()
    return cohort, session


def _enrolled(db, cohort_id, email) -> bool:
    from sqlalchemy import select

    from app.auth.models import User
    from app.scheduling.models import Enrolment

    db.expire_all()
    return db.scalar(select(Enrolment.id).join(User, User.id == Enrolment.user_id).where(
        Enrolment.cohort_id == cohort_id, User.email_key == email)) is not None


def _checked_in(db, session_id) -> bool:
    from sqlalchemy import select

    from app.scheduling.models import Attendance

    db.expire_all()
    return db.scalar(select(Attendance.id).where(Attendance.session_id == session_id)) is not None


def test_join_code_guesses_are_throttled_per_account(app, client, make_user, db, room):
    cohort, _session = room
    make_user("participant", email="guesser@example.org")
    client.login("guesser@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    limit = app.config["GUESS_MAX_PER_ACCOUNT"]
    for n in range(limit):
        response = client.post("/join", {"code": f"ZZZ{n:03d}"})
        assert "No cohort has this code" in response.get_data(as_text=True)
    response = client.post("/join", {"code": "JOIN42"})  # even the right code, for a while
    assert "Too many wrong codes" in response.get_data(as_text=True)
    assert not _enrolled(db, cohort.id, "guesser@example.org")


def test_join_code_guesses_are_throttled_per_address(app, new_client, make_user, db, room):
    cohort, _session = room
    app.config["GUESS_MAX_PER_ADDRESS"] = 3
    for n in range(3):  # three accounts, one address
        make_user("participant", email=f"g{n}@example.org")
        own = new_client()
        own.login(f"g{n}@example.org")
        own.post("/join", {"code": "WRONG1"})
    make_user("participant", email="late@example.org")
    late = new_client()
    late.login("late@example.org")
    late.post("/locale", {"locale": "en", "next": "/"})
    assert "Too many wrong codes" in late.post("/join", {"code": "JOIN42"}).get_data(as_text=True)
    assert not _enrolled(db, cohort.id, "late@example.org")


def test_a_right_join_code_is_not_counted(app, client, make_user, db, room):
    cohort, _session = room
    make_user("participant", email="typo@example.org")
    client.login("typo@example.org")
    for _ in range(app.config["GUESS_MAX_PER_ACCOUNT"] - 1):
        client.post("/join", {"code": "JOIN43"})
    assert client.post("/join", {"code": "join-42"}).status_code == 302
    assert _enrolled(db, cohort.id, "typo@example.org")


def test_check_in_code_guesses_are_throttled(app, client, db, room):
    _cohort, session = room
    client.login("member@example.org")
    client.post("/locale", {"locale": "en", "next": "/"})
    for code in [f"Z{n:03d}" for n in range(app.config["GUESS_MAX_PER_ACCOUNT"])]:
        client.post(f"/sessions/{session.id}/checkin", {"code": code})
    response = client.post(f"/sessions/{session.id}/checkin", {"code": "ABCD"},
                           follow_redirects=True)
    assert "Too many wrong codes" in response.get_data(as_text=True)
    assert not _checked_in(db, session.id)


def test_check_in_with_the_right_code_first_time(client, db, room):
    _cohort, session = room
    client.login("member@example.org")
    client.post(f"/sessions/{session.id}/checkin", {"code": "abcd"})
    assert _checked_in(db, session.id)

"""Forgot password: a one-time link by email (loopback SMTP), valid for an hour, the same
answer for unknown addresses, rate limited, every old session ended."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.web.loopback_smtp import start as start_smtp

LINK_RE = re.compile(r"https?://[^\s]+/password/reset/[A-Za-z0-9_-]+")


def _link(message) -> str:
    return LINK_RE.search(message.get_content()).group(0).split("localhost", 1)[-1]


def _path(url: str) -> str:
    return "/password/reset/" + url.rsplit("/password/reset/", 1)[1]


def test_login_page_links_to_the_reset(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Забули пароль?" in page and 'href="/password/forgot"' in page


def test_reset_by_emailed_link_ends_every_old_session(app, client, new_client, make_user, db):
    smtp = start_smtp(app)
    user = make_user("participant", email="olena@example.org", name="Олена Коваль")
    other_browser = new_client()
    other_browser.login("olena@example.org")
    assert other_browser.get("/profile").status_code == 200

    page = client.post("/password/forgot", {"email": "Olena@Example.org"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "посилання" in text.lower()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "olena@example.org"
    assert "Олена Коваль" in message.get_content()
    path = _path(LINK_RE.search(message.get_content()).group(0))

    form = client.get(path)
    assert form.status_code == 200 and "olena@example.org" in form.get_data(as_text=True)
    short = client.post(path, {"password": "short", "confirm": "short"})
    assert "Мінімальна кількість символів" in short.get_data(as_text=True)
    done = client.post(path, {"password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")

    # the other browser's session has ended; the old password no longer works
    assert other_browser.get("/profile").status_code == 302
    assert client.post("/login", {"email": "olena@example.org",
                                  "password": PASSWORD}).status_code == 200
    client.login("olena@example.org", "a-new-long-password")
    # the link works once
    assert new_client().get(path).status_code == 404
    from app.auth.models import User
    assert db.get(User, user.id) is not None


def test_unknown_address_gets_the_same_answer_and_the_same_work(app, client, make_user, db):
    smtp = start_smtp(app)
    make_user("participant", email="known@example.org")
    known = client.post("/password/forgot", {"email": "known@example.org"}).get_data(as_text=True)
    unknown = client.post("/password/forgot", {"email": "nobody@example.org"}).get_data(as_text=True)

    def strip(page, email):
        return re.sub(r'name="csrf_token"[^>]*', "", page).replace(email, "E")

    assert strip(known, "known@example.org") == strip(unknown, "nobody@example.org")
    # one email each: the link to the account, a note to the address without one
    assert [m["To"] for m in smtp.messages] == ["known@example.org", "nobody@example.org"]
    assert "/password/reset/" in smtp.messages[0].get_content()
    assert "/password/reset/" not in smtp.messages[1].get_content()
    from app.auth.reset import PasswordReset
    rows = list(db.scalars(select(PasswordReset).order_by(PasswordReset.id)))
    assert [r.email_key for r in rows] == ["known@example.org", "nobody@example.org"]
    assert rows[0].user_id is not None and rows[1].user_id is None


def test_link_expires_after_an_hour(app, client, make_user, db):
    smtp = start_smtp(app)
    make_user("participant", email="late@example.org")
    client.post("/password/forgot", {"email": "late@example.org"})
    path = _path(LINK_RE.search(smtp.messages[0].get_content()).group(0))
    from app.auth.reset import PasswordReset
    record = db.scalar(select(PasswordReset))
    assert timedelta(minutes=59) < record.expires_at - record.created_at <= timedelta(minutes=60)
    record.expires_at = record.created_at - timedelta(seconds=1)
    db.commit()
    response = client.get(path)
    assert response.status_code == 404 and "Забули пароль?" in response.get_data(as_text=True)
    assert client.post(path, {"password": "x" * 20, "confirm": "x" * 20}).status_code == 404


def test_requests_are_rate_limited_like_logins(app, client, make_user):
    app.config.update(LOGIN_MAX_PER_ACCOUNT=3)
    make_user("participant", email="many@example.org")
    for email in ("many@example.org", "ghost@example.org"):
        answers = [client.post("/password/forgot", {"email": email}).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429], email
        page = client.post("/password/forgot", {"email": email}).get_data(as_text=True)
        assert "Забагато" in page


def test_parallel_reset_requests_never_pass_the_limit(app, make_user):
    """20 requests at the same moment for one address: at most LOGIN_MAX_PER_ACCOUNT links
    (the count and the record are one step, as for logins)."""
    import threading

    from sqlalchemy import func, select

    from app.auth import reset

    make_user("participant", email="victim@example.org")
    limit = app.config["LOGIN_MAX_PER_ACCOUNT"]
    start, issued, errors = threading.Barrier(20), [], []

    def ask(n):
        try:
            with app.app_context():
                db = app.extensions["db_sessionmaker"]()
                try:
                    start.wait()
                    result = reset.request_reset(db, "victim@example.org", f"192.0.2.{n}")
                    db.commit()
                finally:
                    db.close()
            if not result.wait:
                issued.append(n)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 1 <= len(issued) <= limit
    with app.app_context():
        db = app.extensions["db_sessionmaker"]()
        assert db.scalar(select(func.count()).select_from(reset.PasswordReset)) == len(issued)
        db.close()

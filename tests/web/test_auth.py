import re
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Invitation, User
from app.db import utcnow
from tests.conftest import CSRF_RE, PASSWORD


def test_login_and_logout(client, make_user):
    user = make_user("trainer", email="trainer@example.org")
    response = client.login("TRAINER@example.org")  # email case does not matter
    assert response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert user.name in home
    client.logout()
    assert client.get("/profile").status_code == 302


def test_wrong_password_shows_a_clear_message(client, make_user):
    make_user("trainer", email="t@example.org")
    response = client.post("/login", {"email": "t@example.org", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True) or \
        "Неправильна" in response.get_data(as_text=True)


def test_login_redirects_only_to_local_next(client, make_user):
    make_user("trainer", email="t@example.org")
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD,
                                      "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    client.logout()
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD,
                                      "next": "/profile"})
    assert response.headers["Location"] == "/profile"


def test_session_is_renewed_at_login_and_ended_at_logout(app, client, make_user):
    make_user("trainer", email="t@example.org")
    client.get("/")
    client.login("t@example.org")
    copied = client.raw.get_cookie("session").value
    client.logout()
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/profile").status_code == 302  # the copied cookie no longer works


def test_rate_limit_per_account_with_cool_down(client, new_client, make_user, db):
    make_user("trainer", email="t@example.org")
    for _ in range(5):
        client.post("/login", {"email": "t@example.org", "password": "wrong-password"})
    other = new_client()  # a different browser, same account
    response = other.post("/login", {"email": "t@example.org", "password": PASSWORD})
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert "Too many failed attempts" in text or "Забагато" in text
    assert other.get("/profile").status_code == 302  # even the right password is refused


def test_rate_limit_per_address(app, client, make_user):
    app.config["LOGIN_MAX_PER_ADDRESS"] = 3
    make_user("trainer", email="t@example.org")
    for n in range(3):
        client.post("/login", {"email": f"nobody{n}@example.org", "password": "x-wrong-pass"})
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_successful_login_clears_the_account_failures(client, make_user):
    make_user("trainer", email="t@example.org")
    for _ in range(4):
        client.post("/login", {"email": "t@example.org", "password": "wrong-password"})
    client.login("t@example.org")
    client.logout()
    for _ in range(4):
        client.post("/login", {"email": "t@example.org", "password": "wrong-password"})
    client.login("t@example.org")


def test_post_without_csrf_token_is_refused(client, make_user):
    make_user("trainer", email="t@example.org")
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    response = client.post("/login", {"email": "t@example.org", "password": PASSWORD,
                                      "csrf_token": "forged"})
    assert response.status_code == 400


def test_csrf_token_of_another_session_is_refused(new_client, make_user):
    make_user("trainer", email="t@example.org")
    alice, mallory = new_client(), new_client()
    token = mallory.csrf()
    alice.csrf()
    response = alice.post("/login", {"email": "t@example.org", "password": PASSWORD,
                                     "csrf_token": token})
    assert response.status_code == 400


def _invite(client, make_user, db):
    admin = make_user("admin", email="admin@example.org")
    client.login(admin.email)
    response = client.post("/admin/users/new", {
        "email": "Новий.Учасник@example.org", "name": "Мар’яна Ткаченко", "role": "participant",
        "municipality_code": "UA05020030000031457", "stakeholder_type": "civil_society",
        "organisation": "ГО «Відкрите місто»", "position": ""}, follow_redirects=True)
    text = response.get_data(as_text=True)
    url = re.search(r"http://localhost(/invitation/[\w-]+)", text).group(1)
    client.logout()
    return url


def test_invitation_sets_a_password_once(client, make_user, db):
    url = _invite(client, make_user, db)
    page = client.get(url)
    assert page.status_code == 200 and "Мар’яна Ткаченко" in page.get_data(as_text=True)
    response = client.post(url, {"password": "short", "confirm": "short"})
    assert "10" in response.get_data(as_text=True)  # the minimum length is named
    response = client.post(url, {"password": "a-new-secret-1", "confirm": "a-new-secret-1"})
    assert response.status_code == 302
    client.logout()
    client.login("новий.учасник@example.org", "a-new-secret-1")
    client.logout()
    assert client.get(url).status_code == 404  # one time only


def test_expired_invitation_is_refused(client, make_user, db):
    url = _invite(client, make_user, db)
    invitation = db.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    response = client.get(url)
    assert response.status_code == 404


def test_password_change_logs_out_other_sessions(new_client, make_user):
    make_user("trainer", email="t@example.org")
    laptop, phone = new_client(), new_client()
    laptop.login("t@example.org")
    phone.login("t@example.org")
    response = laptop.post("/profile/password", {"current_password": "wrong-one-here",
                                                 "password": "brand-new-pass-1",
                                                 "confirm": "brand-new-pass-1"})
    assert response.status_code == 200  # shown next to the field
    response = laptop.post("/profile/password", {"current_password": PASSWORD,
                                                 "password": "brand-new-pass-1",
                                                 "confirm": "brand-new-pass-1"})
    assert response.status_code == 302
    assert laptop.get("/profile").status_code == 200
    assert phone.get("/profile").status_code == 302


def test_profile_and_locale_choice(client, make_user, db):
    user = make_user("participant", email="p@example.org")
    client.login("p@example.org")
    page = client.get("/profile").get_data(as_text=True)
    assert 'lang="uk"' in page and "Профіль" in page
    client.post("/profile", {"name": "Тарас Шевчук", "organisation": "Рада", "position": "",
                             "locale": "en"})
    page = client.get("/profile").get_data(as_text=True)
    assert 'lang="en"' in page and "Profile" in page
    db.expire_all()
    assert db.get(User, user.id).name == "Тарас Шевчук"


def test_language_switch_for_anonymous_visitors(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="uk"' in page
    response = client.post("/locale", {"locale": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)
    response = client.post("/locale", {"locale": "uk", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_every_page_has_a_csrf_token_and_security_headers(client):
    response = client.get("/login")
    assert CSRF_RE.search(response.get_data(as_text=True))
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_flags(client, make_user):
    make_user("trainer", email="t@example.org")
    response = client.login("t@example.org")
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_huge_form_is_refused_with_413(client):
    response = client.raw.post("/login", data={"email": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 413


def test_nul_byte_in_a_field_is_refused_before_the_database(client, make_user, db):
    admin = make_user("admin", email="admin@example.org")
    client.login(admin.email)
    response = client.post("/admin/users/new", {"email": "n@example.org", "name": "Bad\x00Name",
                                                "role": "trainer", "stakeholder_type": ""})
    assert response.status_code == 400  # NUL never reaches a form, a service or the database
    response = client.post("/admin/users/new", {"email": "n@example.org", "name": "Bad\x1bName",
                                                "role": "trainer", "stakeholder_type": ""})
    assert response.status_code == 200 and "не можна зберегти" in response.get_data(as_text=True)
    from app.auth.models import User

    assert db.scalar(select(User).where(User.email_key == "n@example.org")) is None


def test_error_pages_in_both_languages(app, client, make_user):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/__broken", "broken", broken)
    for path, code in (("/no-such-page", 404), ("/__broken", 500)):
        response = client.get(path)
        assert response.status_code == code
        assert 'lang="uk"' in response.get_data(as_text=True)
    assert "Сторінку не знайдено" in client.get("/no-such-page").get_data(as_text=True)
    client.post("/locale", {"locale": "en"})
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)
    assert "Something went wrong on our side" in client.get("/__broken").get_data(as_text=True)
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    forbidden = client.get("/admin/users")
    # a logged-in user's own language (Ukrainian here) wins over the visitor's choice
    assert forbidden.status_code == 403 and "Немає доступу" in forbidden.get_data(as_text=True)
    bad = client.post("/profile", {"name": "x"}, csrf=False)
    assert bad.status_code == 400

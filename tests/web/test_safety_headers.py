"""Issue 15.7: no-store on every response behind a login and on every export or download.
(The role matrix test checks it over every route with a cohort; this one needs none.)"""

from __future__ import annotations

PAGES = ("/", "/profile", "/profile/password", "/course/", "/course/modules/M1", "/my/sessions",
         "/my/certificates", "/my/pathway", "/cohorts", "/admin/users", "/admin/audit",
         "/dashboard", "/dashboard/export.csv", "/dashboard/export.csv?format=xlsx",
         "/course/modules/M1/deck.pptx", "/course/modules/M1/quiz")


def test_every_page_and_download_of_a_logged_in_user_is_no_store(client, make_user):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    cached = []
    for url in PAGES:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.headers.get("Cache-Control") != "no-store":
            cached.append(f"{url}: {response.status_code} {response.headers.get('Cache-Control')}")
    assert cached == []


def test_public_assets_stay_cacheable(client):
    assert "no-store" not in client.get("/static/style.css").headers.get("Cache-Control", "")
    assert client.get("/agenda.css").headers["Cache-Control"].startswith("public")
    assert client.get("/login").headers["Cache-Control"] == "no-store"  # it holds a CSRF token

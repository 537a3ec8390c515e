"""Public links (a Monitoring Body report's comment link, a hromada's calendar feed) are open
to anyone holding them: wrong tokens count as guesses per address, and one link's comments are
limited per address and per link, so a link shared on social media cannot be used for spam."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.monitoring import services
from app.monitoring.models import AssessmentComment
from tests.conftest import VINNYTSIA
from tests.web.test_monitoring import member  # noqa: F401 - a member hromada with a plan

HERE, THERE = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "203.0.113.9"}


def _comment_link(db, member) -> str:  # noqa: F811
    item = services.file_assessment(db, member["user"].municipality_id, "inception",
                                    {"spaces": "Форум збирався щомісяця"}, None)
    db.commit()
    return f"/comments/{item.comment_token}"


def _comments(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AssessmentComment))


def _comment(client, link, text, where):
    return client.post(link, {"author": "ГО «Прозорість»", "stakeholder_type": "civil_society",
                              "body": text}, environ_base=where)


def test_comments_through_one_link_are_limited_per_address(app, new_client, db, member):  # noqa: F811
    app.config.update(COMMENT_MAX_PER_ADDRESS=3)
    link = _comment_link(db, member)
    stranger = new_client()
    for n in range(3):
        assert _comment(stranger, link, f"Коментар {n}", HERE).status_code == 302
    refused = _comment(stranger, link, "Четвертий коментар, який не загубиться", HERE)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "забагато коментарів" in page and "Спробуйте ще раз за 60 хв" in page
    assert "Четвертий коментар, який не загубиться" in page  # the text is kept in the form
    assert _comments(db) == 3
    # someone else, from another address, still gets through
    assert _comment(new_client(), link, "Інша організація", THERE).status_code == 302
    assert _comments(db) == 4


def test_one_link_takes_a_bounded_number_of_comments_from_everyone(app, new_client, db,
                                                                  member):  # noqa: F811
    app.config.update(COMMENT_MAX_PER_LINK=2)
    link = _comment_link(db, member)
    for n in range(2):
        assert _comment(new_client(), link, f"Коментар {n}", {"REMOTE_ADDR": f"192.0.2.{n}"}
                        ).status_code == 302
    assert _comment(new_client(), link, "Третій", {"REMOTE_ADDR": "192.0.2.99"}).status_code == 429
    assert _comments(db) == 2


def test_wrong_link_tokens_are_throttled_per_address(app, new_client, db, member):  # noqa: F811
    app.config.update(GUESS_MAX_PER_ACCOUNT=3)
    link = _comment_link(db, member)
    guesser = new_client()
    for n in range(3):
        assert guesser.get(f"/comments/guess{n:040d}", environ_base=HERE).status_code == 404
    assert guesser.get("/comments/guess-four", environ_base=HERE).status_code == 429
    assert guesser.get("/ogp/guess-five.ics", environ_base=HERE).status_code == 429
    assert guesser.get(link, environ_base=HERE).status_code == 429  # until the window passes
    assert new_client().get(link, environ_base=THERE).status_code == 200


def test_right_tokens_are_never_throttled(app, client, new_client, db, member):  # noqa: F811
    """A calendar app polls its feed all day: right tokens take their guess back."""
    app.config.update(GUESS_MAX_PER_ACCOUNT=3)
    client.login("member@example.org")
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    feed = re.search(r"/ogp/([\w-]+)\.ics", page).group(0)
    link = _comment_link(db, member)
    reader = new_client()
    for _ in range(8):
        assert reader.get(feed, environ_base=HERE).status_code == 200
        assert reader.get(link, environ_base=HERE).status_code == 200


# --- the JSON API's bearer token -------------------------------------------------------------

def _api_token(app, db) -> str:
    from app.orientation.services import create_api_token

    with app.app_context():
        token = create_api_token(db, "AUC CRM")
    db.commit()
    return token


def _wrong_tokens_recorded(db) -> int:
    from app.auth.models import LoginFailure

    db.expire_all()
    return db.scalar(select(func.count()).select_from(LoginFailure).where(LoginFailure.scope == "api"))


def test_wrong_api_tokens_are_throttled_per_address_on_every_api_route(app, new_client, db, member):  # noqa: F811
    app.config.update(GUESS_MAX_PER_ACCOUNT=3)
    token = _api_token(app, db)
    wrong = {"Authorization": "Bearer guessed-token"}
    guesser = new_client()
    routes = ("/api/hromadas", f"/api/plans/{VINNYTSIA}", f"/api/orientation/{VINNYTSIA}")
    for route in routes:
        answer = guesser.get(route, headers=wrong, environ_base=HERE)
        assert answer.status_code == 401 and answer.json["error"] == "unauthorized"
    refused = guesser.get(f"/api/hromadas/{VINNYTSIA}/calendar", headers=wrong, environ_base=HERE)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # from that address even the right token waits: it cannot be used to tell right from wrong
    right = {"Authorization": f"Bearer {token}"}
    assert guesser.get("/api/hromadas", headers=right, environ_base=HERE).status_code == 429
    assert new_client().get("/api/hromadas", headers=right, environ_base=THERE).status_code == 200
    assert _wrong_tokens_recorded(db) == 3


def test_a_right_api_token_costs_no_write(app, new_client, db, member):  # noqa: F811
    token = _api_token(app, db)
    reader = new_client()
    for _ in range(12):
        assert reader.get("/api/hromadas", headers={"Authorization": f"Bearer {token}"},
                          environ_base=HERE).status_code == 200
    assert _wrong_tokens_recorded(db) == 0

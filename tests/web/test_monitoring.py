"""Monitoring: tracker updates with evidence, status and its history, meetings, voluntary
inactivity, the Monitoring Body, the public page, the ICS feed, the portfolio and the API."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.monitoring import services
from app.monitoring.calendar import add_months, quarter_bounds, quarter_of
from app.monitoring.models import Evidence, MemberStatus, StatusChange, TrackerUpdate
from app.registry.models import Municipality
from tests.conftest import VINNYTSIA, count_queries
from tests.support.monitoring import make_member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
OTHER = "UA05020010000053508"   # Агрономічна, Vinnytsia oblast


def today():
    return services.today_kyiv()


def plan_dates():
    """A plan that began three quarters ago and ends in a year: two quarters have ended."""
    from datetime import timedelta

    first = quarter_bounds(quarter_of(add_months(today(), -6)))[0]
    return first, add_months(first, 24) - timedelta(days=1)


def ended_quarters():
    start, _end = plan_dates()
    current = quarter_of(today())
    from app.monitoring.calendar import quarters_between
    return [q for q in quarters_between(start, today()) if q < current]


@pytest.fixture
def member(app, db, make_user):
    start, end = plan_dates()
    _m, plan, commitments = make_member(db, VINNYTSIA, start=start, end=end,
                                        submitted=start, contact_email="poc@example.org")
    db.commit()
    user = make_user("participant", email="member@example.org")
    return {"plan": plan, "commitments": commitments, "user": user}


def post_update(client, commitment_id, quarter, completion="limited", **extra):
    data = {"commitment": str(commitment_id), "quarter": quarter, "completion": completion,
            "narrative_uk": "Опубліковано звіт про виконання", "narrative_en": "Report published",
            "evidence_type": "monitoring_report", **extra}
    return client.post(f"/monitoring/hromadas/{VINNYTSIA}/updates/new", data,
                       content_type="multipart/form-data")


def test_a_hromada_posts_an_update_with_a_file_and_a_link(client, db, member):
    quarters = ended_quarters()
    client.login("member@example.org")
    commitment = member["commitments"][0]
    response = post_update(client, commitment.id, quarters[-1],
                           evidence_url="https://vmr.gov.ua/zvit",
                           evidence_file=(io.BytesIO(PDF), "../../Звіт за квартал.pdf"))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert "Опубліковано звіт про виконання" in page
    assert "https://vmr.gov.ua/zvit" in page and "Звіт за квартал.pdf" in page
    stored = db.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [e.url for e in stored] == ["https://vmr.gov.ua/zvit", ""]
    assert stored[1].file_name == "Звіт за квартал.pdf"     # no path, Cyrillic kept
    download = client.get(f"/monitoring/evidence/{stored[1].id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]


def test_evidence_is_served_only_to_those_allowed(client, new_client, db, member, make_user):
    client.login("member@example.org")
    post_update(client, member["commitments"][0].id, ended_quarters()[-1],
                evidence_file=(io.BytesIO(PDF), "звіт.pdf"))
    evidence_id = db.scalar(select(Evidence.id))
    url = f"/monitoring/evidence/{evidence_id}"
    make_user("participant", email="outsider@example.org", municipality=OTHER)
    make_user("trainer", email="trainer@example.org")
    make_user("observer", email="observer@example.org")
    for email, expected in (("outsider@example.org", 404), ("trainer@example.org", 404),
                            ("observer@example.org", 200)):
        other = new_client()
        other.login(email)
        assert other.get(url).status_code == expected, email
    anonymous = new_client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


@pytest.mark.parametrize("name, body, message", [
    ("page.html", b"<script>alert(1)</script>", "not accepted"),
    ("vector.svg", b"<svg onload=alert(1)>", "not accepted"),
    ("fake.pdf", b"<html><script>alert(1)</script></html>", "does not match"),
    ("empty.pdf", b"", "The file is empty"),
    ("big.pdf", PDF + b"0" * (3 * 1024 * 1024), "larger than 3 MB"),
])
def test_unsafe_uploads_are_refused_next_to_the_field(client, db, member, name, body, message):
    client.login("member@example.org")
    client.post("/locale", {"locale": "en"})
    response = post_update(client, member["commitments"][0].id, ended_quarters()[-1],
                           evidence_file=(io.BytesIO(body), name))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text and 'id="evidence_file-error"' in text
    assert db.scalar(select(TrackerUpdate.id)) is None
    assert "Опубліковано звіт про виконання" in text      # nothing typed is lost


def test_update_refuses_another_hromadas_commitment_and_bad_links(client, db, member):
    start, end = plan_dates()
    _m, _p, foreign = make_member(db, OTHER, start=start, end=end, submitted=start)
    db.commit()
    client.login("member@example.org")
    client.post("/locale", {"locale": "en"})
    quarter = ended_quarters()[-1]
    refused = post_update(client, foreign[0].id, quarter)
    assert refused.status_code == 400
    link = post_update(client, member["commitments"][0].id, quarter,
                       evidence_url="javascript:alert(1)")
    assert link.status_code == 400 and "http://" in link.get_data(as_text=True)
    future = post_update(client, member["commitments"][0].id,
                         quarter_of(add_months(today(), 12)))
    assert future.status_code == 400
    assert db.scalar(select(TrackerUpdate.id)) is None


def test_two_silent_quarters_make_a_member_red_and_an_update_brings_it_back(client, db, member):
    client.login("member@example.org")
    client.post("/locale", {"locale": "en"})
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert 'data-risk="red"' in page and "Condition 4" in page
    quarters = ended_quarters()
    for commitment in member["commitments"]:
        assert post_update(client, commitment.id, quarters[-1], "substantial").status_code == 302
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert 'data-risk="green"' in page
    history = db.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [(h.status, h.risk) for h in history] == [("inactive", "red"), ("active", "green")]
    assert history[0].conditions == [4]


def test_a_missed_quarter_or_a_quarter_without_progress_is_amber(client, db, member):
    client.login("member@example.org")
    client.post("/locale", {"locale": "en"})
    first, second = ended_quarters()[-2:]
    commitment = member["commitments"][0].id
    municipality_id = member["user"].municipality_id
    post_update(client, commitment, first, "limited")        # progress, then a missed quarter
    status = db.get(MemberStatus, municipality_id)
    assert (status.status, status.risk) == ("active", "amber")
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert f"No tracker update for {second}." in page
    post_update(client, commitment, second, "limited")       # the same level: no progress
    db.refresh(status)
    assert (status.status, status.risk) == ("active", "amber")
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert f"No progress recorded in {second}." in page
    post_update(client, commitment, second, "substantial")   # progress after all
    db.refresh(status)
    assert status.risk == "green"


def test_meetings_count_toward_two_a_year(client, db, member):
    client.login("member@example.org")
    client.post("/locale", {"locale": "en"})
    start, _end = plan_dates()
    for day, civil in ((start, 3), (add_months(start, 2), 0), (add_months(start, 3), 1)):
        response = client.post(f"/monitoring/hromadas/{VINNYTSIA}/meetings", {
            "held_on": day.isoformat(), "title": "Форум відкритого врядування",
            "government": 2, "civil_society": civil, "other_non_governmental": 0})
        assert response.status_code == 302
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    # the meeting without non-government members does not count
    assert "2 of the two meetings a year" in page
    # the plan's second year has not begun: it is not a finding, nor red
    second = re.search(r'<li class="([\w-]+)">[^<]*: 0 of the two meetings a year[^<]*</li>', page)
    assert second and second.group(1) == "finding-pending" and "(the year has not begun)" in second.group(0)
    bad = client.post(f"/monitoring/hromadas/{VINNYTSIA}/meetings", {
        "held_on": "2026-02-30", "title": "x", "government": -1})
    assert bad.status_code == 302
    assert len(services.meetings_of(db, member["user"].municipality_id)) == 3


def test_a_meeting_year_is_missed_only_once_it_has_ended(db, member):
    """Fewer than two meetings is a finding for a year that is over; the running year says how
    many so far, and a year ahead is not judged."""
    from datetime import date

    start, _end = plan_dates()
    municipality_id = member["user"].municipality_id
    meetings = [services.ImplementationMeeting(municipality_id=municipality_id, held_on=start, title="x",
                                               government=1, civil_society=1, other_non_governmental=0)]
    db.add(meetings[0])
    db.flush()

    def states(today: date):
        return [(y.count, y.state, y.met, y.missed)
                for y in services.meeting_years(db, municipality_id, meetings, today)]

    assert states(add_months(start, 1)) == [(1, "running", False, False), (0, "ahead", False, False)]
    assert states(add_months(start, 13)) == [(1, "ended", False, True), (0, "running", False, False)]
    assert states(add_months(start, 30)) == [(1, "ended", False, True), (0, "ended", False, True)]


def test_voluntary_inactivity_with_reason_overrides_and_is_kept_in_history(client, db, member):
    client.login("member@example.org")
    response = client.post(f"/monitoring/hromadas/{VINNYTSIA}/voluntary",
                           {"reason": "Вибори та зміна керівництва громади"})
    assert response.status_code == 302
    status = db.get(MemberStatus, member["user"].municipality_id)
    assert (status.status, status.risk, status.conditions) == ("voluntarily_inactive", "grey", [])
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert "Вибори та зміна керівництва громади" in page
    client.post(f"/monitoring/hromadas/{VINNYTSIA}/voluntary/end")
    db.refresh(status)
    assert status.status == "inactive"
    assert [h.status for h in db.scalars(select(StatusChange).order_by(StatusChange.id))] == [
        "voluntarily_inactive", "inactive"]


def test_monitoring_body_reads_files_reports_and_invites_comments(
        client, new_client, db, member, make_user):
    body_person = make_user("observer", email="body@example.org", name="Ірина Моніторинг")
    trainer = make_user("trainer", email="trainer@example.org")
    make_user("admin", email="admin@example.org")
    admin = new_client()
    admin.login("admin@example.org")
    assert admin.post(f"/monitoring/hromadas/{VINNYTSIA}/body",
                      {"email": "BODY@example.org"}).status_code == 302
    reader = new_client()
    reader.login("body@example.org")
    assert reader.get(f"/monitoring/hromadas/{VINNYTSIA}").status_code == 200
    form = reader.get(f"/monitoring/hromadas/{VINNYTSIA}/assessments/inception")
    assert form.status_code == 200
    answers = {key: f"Відповідь {key}" for key in ("spaces", "information", "relevance",
                                                   "verifiability", "impact")}
    assert reader.post(f"/monitoring/hromadas/{VINNYTSIA}/assessments/inception",
                       answers).status_code == 302
    end = reader.post(f"/monitoring/hromadas/{VINNYTSIA}/assessments/end_of_commitment", {
        "commitment": str(member["commitments"][0].id), "completion": "Завершено",
        "early_results": "Перші результати"})
    assert end.status_code == 302
    assessments = services.assessments_of(db, member["user"].municipality_id)
    assert {a.kind for a in assessments} == {"inception", "end_of_commitment"}
    token = next(a.comment_token for a in assessments if a.kind == "inception")
    stranger = new_client()
    comment_page = stranger.get(f"/comments/{token}")
    assert comment_page.status_code == 200 and "Відповідь spaces" in comment_page.get_data(
        as_text=True)
    assert stranger.post(f"/comments/{token}", {
        "author": "ГО «Прозорість»", "stakeholder_type": "civil_society",
        "body": "Форум збирався регулярно"}).status_code == 302
    page = reader.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert "ГО «Прозорість»" in page and "Форум збирався регулярно" in page
    assert stranger.get("/comments/not-a-token").status_code == 404
    other = new_client()
    other.login("trainer@example.org")
    assert other.get(f"/monitoring/hromadas/{VINNYTSIA}/assessments/inception").status_code == 403
    assert body_person.id != trainer.id


def test_public_page_only_when_the_hromada_opts_in(client, new_client, db, member):
    anonymous = new_client()
    assert anonymous.get(f"/hromadas/{VINNYTSIA}/progress").status_code == 404
    client.login("member@example.org")
    post_update(client, member["commitments"][0].id, ended_quarters()[-1],
                evidence_url="https://vmr.gov.ua/zvit",
                evidence_file=(io.BytesIO(PDF), "внутрішній.pdf"))
    assert client.post(f"/monitoring/hromadas/{VINNYTSIA}/public",
                       {"public": "y"}).status_code == 302
    page = anonymous.get(f"/hromadas/{VINNYTSIA}/progress")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Відкриті бюджети 1" in text
    assert "https://vmr.gov.ua/zvit" in text and "внутрішній.pdf" not in text
    client.post(f"/monitoring/hromadas/{VINNYTSIA}/public", {})
    assert anonymous.get(f"/hromadas/{VINNYTSIA}/progress").status_code == 404


def test_calendar_timeline_and_secret_ics_feed(client, new_client, db, member):
    client.login("member@example.org")
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert 'class="timeline"' in page
    import re
    feed = re.search(r"/ogp/([\w-]+)\.ics", page).group(0)
    body = new_client().get(feed)
    assert body.status_code == 200 and body.mimetype == "text/calendar"
    from icalendar import Calendar
    events = list(Calendar.from_ical(body.data).walk("VEVENT"))
    assert any(str(e["summary"]) == "Початкове оцінювання" for e in events)
    assert len(events) == len(services.calendar_of(db, member["user"].municipality_id).deadlines)
    client.post(f"/monitoring/hromadas/{VINNYTSIA}/feed/reset")
    assert new_client().get(feed).status_code == 404


# --- the portfolio and the API -----------------------------------------------------------

def add_members(db, codes):
    start, end = plan_dates()
    made = [make_member(db, code, start=start, end=end, submitted=start) for code in codes]
    db.commit()
    return made


def codes_named(db, *prefixes):
    names = {m.name_uk: m.code for m in db.scalars(select(Municipality))}
    return [next(code for name, code in names.items() if name.startswith(p)) for p in prefixes]


def test_portfolio_in_ukrainian_order_with_filters_and_exports(client, db, member, make_user):
    add_members(db, codes_named(db, "Іллінецька", "Агрономічна", "Жмеринська"))
    make_user("observer", email="observer@example.org")
    client.login("member@example.org")
    post_update(client, member["commitments"][0].id, ended_quarters()[-1], "substantial")
    post_update(client, member["commitments"][0].id, ended_quarters()[-2], "limited")
    client.logout()
    client.login("observer@example.org")
    page = client.get("/monitoring/portfolio").get_data(as_text=True)
    table = page[page.index("<tbody>"):]
    order = [table.index(n) for n in ("Агрономічна", "Вінницька", "Жмеринська", "Іллінецька")]
    assert order == sorted(order)
    assert 'data-total="4"' in page
    red = client.get("/monitoring/portfolio?status=inactive").get_data(as_text=True)
    assert 'data-total="3"' in red and f'data-code="{VINNYTSIA}"' not in red
    assert 'data-total="0"' in client.get(
        "/monitoring/portfolio?oblast=Київська").get_data(as_text=True)
    db.execute(Municipality.__table__.update().where(Municipality.code == OTHER)
               .values(name_uk="=HYPERLINK(\"http://x\")"))
    db.commit()
    exported = client.get("/monitoring/portfolio/export.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Громада", "Код КАТОТТГ", "Область", "Статус", "Ризик"]
    assert any(r[0].startswith("'=HYPERLINK") for r in rows[1:])
    book = load_workbook(io.BytesIO(client.get("/monitoring/portfolio/export.xlsx").data))
    formula_like = [c for c in book.active["A"] if "HYPERLINK" in str(c.value)]
    assert formula_like and all(c.data_type == "s" for c in formula_like)   # text, never run
    assert client.get("/monitoring/portfolio/export.pdf").status_code == 404


def api_token(app, db):
    from app.orientation.services import create_api_token
    with app.app_context():
        token = create_api_token(db, "CRM")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_list_and_calendar(app, client, db, member):
    add_members(db, codes_named(db, "Іллінецька", "Агрономічна"))
    assert client.get("/api/hromadas").status_code == 401
    headers = api_token(app, db)
    answer = client.get("/api/hromadas", headers=headers).get_json()
    assert answer["total"] == 3 and answer["page"] == 1
    assert [i["name_uk"][:4] for i in answer["items"]] == ["Агро", "Вінн", "Ілл" + "і"]
    assert answer["items"][0]["status"] == "inactive" and answer["items"][0]["risk"] == "red"
    assert answer["items"][0]["next_deadline"]["due"] >= today().isoformat()
    filtered = client.get("/api/hromadas?status=active&oblast=Вінницька",
                          headers=headers).get_json()
    assert filtered["total"] == 0
    assert client.get("/api/hromadas?status=bad", headers=headers).status_code == 400
    cal = client.get(f"/api/hromadas/{VINNYTSIA}/calendar", headers=headers).get_json()
    assert cal["code"] == VINNYTSIA and cal["status"] == "inactive"
    assert {d["kind"] for d in cal["deadlines"]} >= {"inception_assessment", "tracker_update"}
    assert client.get("/api/hromadas/UA00000000000000000/calendar",
                      headers=headers).status_code == 404
    assert client.get(f"/api/hromadas/{VINNYTSIA}/calendar").status_code == 401


def test_portfolio_and_api_answer_in_a_constant_number_of_queries(app, client, db, member,
                                                                  make_user):
    make_user("observer", email="observer@example.org")
    headers = api_token(app, db)
    client.login("observer@example.org")
    names = [m.code for m in db.scalars(select(Municipality).order_by(Municipality.id))
             if m.code != VINNYTSIA]

    def measure():
        client.get("/monitoring/portfolio")                      # computes stale statuses
        client.get("/api/hromadas", headers=headers)
        page = count_queries(app, client, "/monitoring/portfolio")
        client.raw.environ_base["HTTP_AUTHORIZATION"] = headers["Authorization"]
        api = count_queries(app, client, "/api/hromadas")
        del client.raw.environ_base["HTTP_AUTHORIZATION"]
        return page, api

    add_members(db, names[:2])
    small = measure()
    for membership, _plan, commitments in add_members(db, names[2:14]):
        for commitment in commitments:
            db.add(TrackerUpdate(municipality_id=membership.municipality_id,
                                 commitment_id=commitment.id, quarter=ended_quarters()[-1],
                                 completion="limited", progress=True))
    db.commit()
    large = measure()
    assert small == large


def test_reminders_go_to_the_point_of_contact_once(app, db, member, runner):
    """`spilno reminders send` (issue 17's command) carries the OGP Local reminders."""
    from tests.web import loopback_smtp

    server = loopback_smtp.start(app)
    from app.auth.services import NewUser, create_user
    with app.app_context():
        create_user(db, NewUser(email="POC@example.org", name="Олена", role="participant",
                                municipality_code=VINNYTSIA, stakeholder_type="government"),
                    None, "a-long-password-1")
        db.commit()
    quarter = ended_quarters()[-1]
    # the day after a quarter ended without an update
    when = (quarter_bounds(quarter)[1] + timedelta(days=1)).isoformat() + "T09:00"
    dry = runner.invoke(args=["reminders", "send", "--now", when, "--dry-run"])
    assert "due: ogp-deadlines" in dry.output and "poc@example.org" in dry.output.lower()
    missed = [line for line in dry.output.splitlines() if f"missed:{quarter}" in line]
    assert len(missed) == 1
    sent = runner.invoke(args=["reminders", "send", "--now", when])
    assert sent.exit_code == 0, sent.output
    again = runner.invoke(args=["reminders", "send", "--now", when])
    assert "sent 0 reminders" in again.output
    messages = [m.decode("utf-8", "replace") for m in server.raw]
    server.close()
    assert any(quarter in m and "poc@example.org" in m.lower() for m in messages)
    count = int(sent.output.split("sent ")[1].split()[0])
    assert count == len([line for line in dry.output.splitlines() if "ogp-deadlines" in line])


def test_refresh_command_records_history(app, db, member, runner):
    result = runner.invoke(args=["ogp", "refresh"])
    assert result.exit_code == 0 and "1 members, 1 status changes" in result.output
    again = runner.invoke(args=["ogp", "refresh"])
    assert "0 status changes" in again.output
    bad = runner.invoke(args=["ogp", "refresh", "--today", "вчора"])
    assert bad.exit_code == 1 and "error:" in bad.output


def test_a_plan_saved_today_is_seen_by_the_portfolio_at_once(client, db, member, make_user):
    make_user("observer", email="observer@example.org")
    client.login("observer@example.org")
    assert 'data-risk="red"' in client.get("/monitoring/portfolio").get_data(as_text=True)
    plan = member["plan"]
    plan.status = "draft"          # e.g. taken back for changes: no submitted plan is running
    from app.db import utcnow
    plan.updated_at = utcnow()
    db.commit()
    page = client.get("/monitoring/portfolio").get_data(as_text=True)
    assert 'data-risk="red"' not in page and 'data-risk="green"' in page


def test_admin_sets_a_new_members_deadline_and_condition_1_follows(client, db, make_user):
    from app.plans.models import OgpMembership

    municipality_id = db.scalar(select(Municipality.id).where(Municipality.code == VINNYTSIA))
    db.add(OgpMembership(municipality_id=municipality_id))
    db.commit()
    make_user("admin", email="admin@example.org")
    client.login("admin@example.org")
    client.post("/locale", {"locale": "en"})
    past = add_months(today(), -1)
    response = client.post(f"/monitoring/hromadas/{VINNYTSIA}/deadline",
                           {"submission_deadline": past.isoformat()})
    assert response.status_code == 302
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert "Condition 1:" in page and past.isoformat() in page
    assert "No submitted action plan yet." in page
    status = db.get(MemberStatus, municipality_id)
    assert (status.status, status.conditions) == ("inactive", [1])


def test_api_list_is_paginated(app, client, db, member, monkeypatch):
    from app.monitoring.routes import portfolio as routes

    add_members(db, codes_named(db, "Іллінецька", "Агрономічна"))
    headers = api_token(app, db)
    monkeypatch.setattr(routes, "API_PER_PAGE", 2)
    first = client.get("/api/hromadas", headers=headers).get_json()
    second = client.get("/api/hromadas?page=2", headers=headers).get_json()
    assert (first["pages"], first["total"], len(first["items"])) == (2, 3, 2)
    assert [i["name_uk"][:4] for i in second["items"]] == ["Ілл" + "і"]
    beyond = client.get("/api/hromadas?page=99", headers=headers).get_json()
    assert beyond["page"] == 2


def test_a_milestone_has_its_own_update(client, db, member):
    client.login("member@example.org")
    commitment = member["commitments"][0]
    milestone_id = commitment.milestones[0].id
    response = post_update(client, f"{commitment.id}:{milestone_id}", ended_quarters()[-1],
                           "complete")
    assert response.status_code == 302
    update = db.scalar(select(TrackerUpdate))
    assert (update.commitment_id, update.milestone_id, update.progress) == (
        commitment.id, milestone_id, True)
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    assert "Етап: Портал опубліковано" in page


def test_an_upload_beyond_the_request_limit_is_refused_whole(client, db, member):
    client.login("member@example.org")
    response = post_update(client, member["commitments"][0].id, ended_quarters()[-1],
                           evidence_file=(io.BytesIO(PDF + b"0" * (5 * 1024 * 1024)), "big.pdf"))
    assert response.status_code == 413
    assert db.scalar(select(TrackerUpdate.id)) is None


def test_the_timeline_marks_what_is_done_and_what_is_overdue(client, db, member):
    client.login("member@example.org")
    first, second = ended_quarters()[-2:]
    post_update(client, member["commitments"][0].id, second, "limited")
    page = client.get(f"/monitoring/hromadas/{VINNYTSIA}").get_data(as_text=True)
    import re
    items = {re.sub(r"<[^>]+>", " ", li).split("·")[-1].split()[0]: li
             for li in re.findall(r"<li class=\"[^\"]*\">.*?</li>", page, re.S)
             if "Щоквартальне" in li}
    assert "виконано" in items[second] and "прострочено" in items[first]
    inception = next(li for li in re.findall(r"<li class=\"[^\"]*\">.*?</li>", page, re.S)
                     if "Початкове оцінювання" in li)
    assert "прострочено" in inception

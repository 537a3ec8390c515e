"""Every route of the app x every role and anonymous: allowed or refused as designed.

A route without an entry in ROUTES fails the test, so each new route states who may use it.
"ok": served (any status but 403/404/500 and not a redirect to log in first);
"deny": 401, 403 or 404; "login": a redirect to the login page asking to log in first.
"""


import pytest
from sqlalchemy import select

from app.auth.models import User
from app.auth.services import create_invitation
from app.exercises.models import ExerciseRevision
from app.orientation.models import ModuleCompletion, OrientationCompletion
from app.orientation.services import issue_certificate
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Enrolment, TrainingSession
from app.scheduling.services import calendar_feed
from tests.conftest import VINNYTSIA
from tests.support.monitoring import monitoring_world

ACTORS = ("anon", "participant", "outsider", "trainer", "other_trainer", "observer", "admin")
LOGGED_IN = ACTORS[1:]
VIEW = ("participant", "trainer", "observer", "admin")       # can see the cohort
MANAGE = ("trainer", "admin")                                # runs the cohort
READ_WORK = VIEW                                             # can read the team's work
EDIT_WORK = ("participant",)
MONITOR_READ = ("participant", "other_trainer", "observer", "admin")  # other_trainer: Monitoring Body


def allow(*roles, anon="login"):
    return {actor: ("ok" if actor in roles else anon if actor == "anon" else "deny")
            for actor in ACTORS}


PUBLIC = {actor: "ok" for actor in ACTORS}
EVERYONE = allow(*LOGGED_IN)

# endpoint: (method, path, expectations). Paths use {ids} filled from the fixture.
ROUTES = {
    "main.home": ("GET", "/", PUBLIC),
    "main.healthz": ("GET", "/healthz", PUBLIC),
    "static": ("GET", "/static/style.css", PUBLIC),
    "auth.login": ("GET", "/login", PUBLIC),
    "auth.logout": ("POST", "/logout", EVERYONE),
    "auth.profile": ("GET", "/profile", EVERYONE),
    "auth.change_password": ("GET", "/profile/password", EVERYONE),
    "auth.set_locale": ("POST", "/locale", PUBLIC),
    "auth.invitation": ("GET", "/invitation/{invitation}", PUBLIC),
    "admin.users": ("GET", "/admin/users", allow("admin")),
    "admin.new_user": ("GET", "/admin/users/new", allow("admin")),
    "admin.user_detail": ("GET", "/admin/users/{participant_id}", allow("admin")),
    "admin.invite_user": ("POST", "/admin/users/{participant_id}/invite", allow("admin")),
    "admin.import_users": ("GET", "/admin/users/import", allow("admin")),
    "admin.municipalities": ("GET", "/admin/municipalities", allow("admin", "observer", "trainer", "other_trainer")),
    "admin.municipality": ("GET", f"/admin/municipalities/{VINNYTSIA}", allow("admin", "observer", "trainer", "other_trainer")),
    "admin.audit_log": ("GET", "/admin/audit", allow("admin", "observer")),
    "content.index": ("GET", "/course/", EVERYONE),
    "content.module": ("GET", "/course/modules/M1", EVERYONE),
    "content.handout": ("GET", "/course/modules/M1/handouts/1", EVERYONE),
    "content.exercises": ("GET", "/course/exercises", EVERYONE),
    "content.exercise": ("GET", "/course/exercises/problem-tree", EVERYONE),
    "content.plans": ("GET", "/course/plans", EVERYONE),
    "content.plan": ("GET", "/course/plans/tot-two-day", EVERYONE),
    "content.cycle": ("GET", "/course/cycle", EVERYONE),
    "content.glossary": ("GET", "/course/glossary", EVERYONE),
    "decks.stylesheet": ("GET", "/agenda.css", PUBLIC),
    "decks.module_deck": ("GET", "/course/modules/M1/deck.pptx", allow("admin", "trainer", "other_trainer")),
    "decks.plan_agenda": ("GET", "/course/plans/tot-two-day/agenda.html?start=2030-01-10T10:00", EVERYONE),
    "decks.cohort_agenda": ("GET", "/cohorts/{cohort}/agenda.html", allow(*VIEW)),
    "decks.session_agenda": ("GET", "/sessions/{session}/agenda.html", allow(*VIEW)),
    "decks.session_deck": ("GET", "/sessions/{session}/deck.pptx", allow(*MANAGE)),
    "scheduling.cohorts": ("GET", "/cohorts", EVERYONE),
    "scheduling.new_cohort": ("GET", "/cohorts/new", allow("admin", "trainer", "other_trainer")),
    "scheduling.cohort": ("GET", "/cohorts/{cohort}", allow(*VIEW)),
    "scheduling.regenerate_code": ("POST", "/cohorts/{cohort}/code", allow(*MANAGE)),
    "scheduling.cohort_status": ("POST", "/cohorts/{cohort}/status", allow(*MANAGE)),
    "scheduling.enrol": ("POST", "/cohorts/{cohort}/enrol", allow(*MANAGE)),
    "scheduling.import_participants": ("GET", "/cohorts/{cohort}/import", allow(*MANAGE)),
    "scheduling.new_session": ("GET", "/cohorts/{cohort}/sessions/new", allow(*MANAGE)),
    "scheduling.session": ("GET", "/sessions/{session}", allow(*VIEW)),
    "scheduling.mark_attendance": ("POST", "/sessions/{session}/attendance", allow(*MANAGE)),
    "scheduling.import_attendance": ("POST", "/sessions/{session}/attendance/import", allow(*MANAGE)),
    "scheduling.checkin": ("POST", "/sessions/{session}/checkin", allow(*VIEW)),
    "scheduling.reschedule": ("POST", "/sessions/{session}/reschedule", allow(*MANAGE)),
    "scheduling.session_status": ("POST", "/sessions/{session}/status", allow(*MANAGE)),
    "scheduling.report": ("GET", "/sessions/{session}/report", allow("trainer", "admin", "observer")),
    "scheduling.run_of_show": ("GET", "/sessions/{session}/show", allow(*MANAGE)),
    "scheduling.run_of_show_state": ("GET", "/sessions/{session}/show/state", allow(*MANAGE)),
    "scheduling.running_late": ("POST", "/sessions/{session}/show/late", allow(*MANAGE)),
    "scheduling.block_done": ("POST", "/sessions/{session}/show/done", allow(*MANAGE)),
    "scheduling.join": ("GET", "/join", EVERYONE),
    "scheduling.my_sessions": ("GET", "/my/sessions", EVERYONE),
    "scheduling.calendar": ("GET", "/calendar/{feed}.ics", PUBLIC),
    "exercises.cohort_exercises": ("GET", "/cohorts/{cohort}/exercises", allow(*VIEW)),
    "exercises.open_exercise": ("POST", "/cohorts/{cohort}/exercises/problem-tree/open", allow(*VIEW)),
    "exercises.work": ("GET", "/works/{work}", allow(*READ_WORK)),
    "exercises.save_form": ("POST", "/works/{work}", allow(*EDIT_WORK)),
    "exercises.autosave": ("POST", "/works/{work}/autosave", allow(*EDIT_WORK)),
    "exercises.submit": ("POST", "/works/{work}/submit", allow(*EDIT_WORK)),
    "exercises.review": ("POST", "/works/{work}/review", allow(*MANAGE)),
    "exercises.revisions": ("GET", "/works/{work}/revisions", allow(*READ_WORK)),
    "exercises.revision": ("GET", "/works/{work}/revisions/{revision}", allow(*READ_WORK)),
    "exercises.restore": ("POST", "/works/{work}/revisions/{revision}/restore", allow(*EDIT_WORK)),
    "exercises.export_markdown": ("GET", "/works/{work}/export.md", allow(*READ_WORK)),
    "exercises.export_pdf": ("GET", "/works/{work}/export.pdf", allow(*READ_WORK)),
    "exercises.figure": ("GET", "/works/{work}/tree.svg", allow(*READ_WORK)),
    "exercises.roadmap_export": ("GET", "/works/{roadmap}/roadmap.csv", allow(*READ_WORK)),
    "exercises.workbook": ("GET", f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}", allow(*VIEW)),
    "exercises.workbook_pdf": ("GET", f"/cohorts/{{cohort}}/workbook.pdf?municipality={VINNYTSIA}", allow(*VIEW)),
    "exercises.smart_check": ("POST", "/api/smart-check", EVERYONE),
    "quizzes.quiz": ("GET", "/course/modules/M1/quiz", EVERYONE),
    "quizzes.submit": ("POST", "/course/modules/M1/quiz", EVERYONE),  # a stale version: 409
    "quizzes.attempt": ("GET", "/quiz-attempts/{quiz_attempt}", allow(*VIEW)),
    "quizzes.cohort_results": ("GET", "/cohorts/{cohort}/quiz-results", allow("trainer", "admin", "observer")),
    "orientation.dashboard": ("GET", "/dashboard", allow("admin", "observer")),
    "orientation.municipalities": ("GET", "/dashboard/municipalities", allow("admin", "observer")),
    "orientation.missing": ("GET", "/dashboard/missing", allow("admin", "observer")),
    "orientation.municipality": ("GET", f"/dashboard/municipalities/{VINNYTSIA}", allow("admin", "observer")),
    "orientation.export": ("GET", "/dashboard/export.csv", allow("admin", "observer")),
    "orientation.revoke_module": ("POST", "/dashboard/completions/{completion}/revoke", allow("admin")),
    "orientation.revoke_orientation": ("POST", "/dashboard/orientation/{orientation}/revoke", allow("admin")),
    "orientation.evaluate": ("POST", "/cohorts/{cohort}/evaluate", allow(*MANAGE)),
    "orientation.my_certificates": ("GET", "/my/certificates", EVERYONE),
    "orientation.certificate": ("GET", "/certificates/{certificate}.pdf", allow("participant", "observer", "admin")),
    "orientation.verify": ("GET", "/verify/{certificate}", PUBLIC),
    # the API answers to tokens only, never to a browser session
    "orientation.api_orientation": ("GET", f"/api/orientation/{VINNYTSIA}", {a: "deny" for a in ACTORS}),
    "pathway.my_pathway": ("GET", "/my/pathway", EVERYONE),
    "pathway.cohort": ("GET", "/cohorts/{tot_cohort}/pathway", allow(*VIEW)),
    "pathway.evaluate": ("POST", "/cohorts/{tot_cohort}/pathway/evaluate", allow(*MANAGE)),
    "pathway.new_delivery": ("GET", "/cohorts/{tot_cohort}/pathway/deliveries/new", allow("participant", *MANAGE)),
    "pathway.delivery": ("GET", "/deliveries/{delivery}", allow(*VIEW)),
    "pathway.observe": ("GET", "/deliveries/{delivery}/observe", allow(*MANAGE)),
    "pathway.reflect": ("POST", "/deliveries/{delivery}/reflection", allow("participant")),
    "pathway.certifications": ("GET", "/pathway/certifications", allow("admin", "observer")),
    # no reason given: refused with a message, so the certificate stays valid for the checks below
    "pathway.revoke": ("POST", "/pathway/certifications/{trainer_certification}/revoke", allow("admin")),
    "pathway.certificate": ("GET", "/pathway/certificates/{trainer_certificate}.pdf", allow("participant", "observer", "admin")),
    "pathway.verify": ("GET", "/pathway/verify/{trainer_certificate}", PUBLIC),
    "pathway.cascade": ("GET", "/pathway/cascade", allow("admin", "observer")),
    "pathway.trainer": ("GET", "/pathway/trainers/{participant_id}", allow("participant", "observer", "admin")),
    "pathway.prepost": ("GET", "/cohorts/{cohort}/prepost/pre", allow("participant")),
    "pathway.feedback": ("GET", "/sessions/{session}/feedback", allow("participant")),
    "pathway.feedback_results": ("GET", "/sessions/{session}/feedback/results", allow("trainer", "admin", "observer")),
    "pathway.report": ("GET", "/cohorts/{cohort}/learning-report", allow("trainer", "admin", "observer")),
    "pathway.report_pdf": ("GET", "/cohorts/{cohort}/learning-report.pdf", allow("trainer", "admin", "observer")),
    # issue 19: the action plan of the participant's hromada (the trainer's cohort includes it)
    "plans.index": ("GET", "/plans", EVERYONE),
    "plans.membership": ("GET", f"/hromadas/{VINNYTSIA}/ogp", allow("participant", "trainer", "observer", "admin")),
    "plans.plan": ("GET", "/plans/{plan}", allow("participant", "trainer", "observer", "admin")),
    "plans.commitment": ("GET", "/plans/{plan}/commitments/{plan_commitment}", allow("participant", "trainer", "observer", "admin")),
    "plans.cocreation": ("GET", "/plans/{plan}/cocreation", allow("participant", "trainer", "observer", "admin")),
    "plans.export": ("GET", "/plans/{plan}/export.docx?lang=both", allow("participant", "trainer", "observer", "admin")),
    "plans.create": ("POST", f"/hromadas/{VINNYTSIA}/plans", allow("participant")),
    "plans.save_plan": ("POST", "/plans/{plan}", allow("participant")),
    "plans.add_jurisdiction": ("POST", "/plans/{plan}/jurisdictions", allow("participant")),
    "plans.pull_vision": ("POST", "/plans/{plan}/vision/pull", allow("participant")),
    "plans.set_status": ("POST", "/plans/{plan}/status", allow("participant")),  # no status: 400
    "plans.new_commitment": ("POST", "/plans/{plan}/commitments", allow("participant")),
    "plans.save_commitment": ("POST", "/plans/{plan}/commitments/{plan_commitment}", allow("participant")),
    "plans.pull": ("POST", "/plans/{plan}/commitments/{plan_commitment}/pull", allow("participant")),
    "plans.add_meeting": ("POST", "/plans/{plan}/meetings", allow("participant")),
    "plans.add_feedback": ("POST", "/plans/{plan}/feedback", allow("participant")),
    "plans.add_endorsement": ("POST", "/plans/{plan}/endorsements", allow("participant")),
    "plans.comment": ("POST", "/plans/{plan}/comments", allow("participant", "trainer")),
    "plans.check_commitment": ("POST", "/plans/{plan}/commitments/{plan_commitment}/check", allow("participant")),
    "plans.from_work": ("POST", "/works/{template_work}/to-plan", allow("participant")),
    "plans.delete_commitment": ("POST", "/plans/{plan}/commitments/{plan_commitment}/delete", allow("participant")),
    # the API answers to tokens only, never to a browser session
    "plans.api_plan": ("GET", f"/api/plans/{VINNYTSIA}", {a: "deny" for a in ACTORS}),
    "scheduling.reset_calendar": ("POST", "/my/calendar/reset", EVERYONE),  # after the feed
    # monitoring (issue 20): other_trainer acts for Vinnytsia's Monitoring Body
    "monitoring.index": ("GET", "/monitoring", EVERYONE),
    "monitoring.hromada": ("GET", f"/monitoring/hromadas/{VINNYTSIA}", allow(*MONITOR_READ)),
    "monitoring.new_update": ("GET", f"/monitoring/hromadas/{VINNYTSIA}/updates/new", allow("participant")),
    "monitoring.evidence": ("GET", "/monitoring/evidence/{evidence}", allow(*MONITOR_READ)),
    "monitoring.add_meeting": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/meetings", allow("participant")),
    "monitoring.request_voluntary": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/voluntary", allow("participant")),
    "monitoring.end_voluntary": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/voluntary/end", allow("participant", "admin")),
    "monitoring.add_body_member": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/body", allow("admin")),
    "monitoring.set_deadline": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/deadline", allow("admin")),
    "monitoring.assess": ("GET", f"/monitoring/hromadas/{VINNYTSIA}/assessments/inception", allow("other_trainer")),
    "monitoring.comment": ("GET", "/comments/{comment_token}", PUBLIC),
    "monitoring.public_page": ("GET", f"/hromadas/{VINNYTSIA}/progress", PUBLIC),
    "monitoring.feed": ("GET", "/ogp/{ogp_feed}.ics", PUBLIC),
    "monitoring.portfolio": ("GET", "/monitoring/portfolio", allow("observer", "admin")),
    "monitoring.export": ("GET", "/monitoring/portfolio/export.csv", allow("observer", "admin")),
    "monitoring.api_hromadas": ("GET", "/api/hromadas", {a: "deny" for a in ACTORS}),
    "monitoring.api_calendar": ("GET", f"/api/hromadas/{VINNYTSIA}/calendar", {a: "deny" for a in ACTORS}),
    # after the public page and the feed: these turn the page off and change the address
    "monitoring.set_public": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/public", allow("participant")),
    "monitoring.reset_feed": ("POST", f"/monitoring/hromadas/{VINNYTSIA}/feed/reset", allow("participant")),
    # issue 17: people and live sessions
    "password.forgot": ("GET", "/password/forgot", PUBLIC),
    "password.reset_password": ("GET", "/password/reset/not-a-token", {a: "deny" for a in ACTORS}),
    "live.people_page": ("GET", "/cohorts/{cohort}/people", allow(*MANAGE)),
    "live.paste_people": ("POST", "/cohorts/{cohort}/people/paste", allow(*MANAGE)),
    "live.upload_people": ("POST", "/cohorts/{cohort}/people/file", allow(*MANAGE)),
    "live.people_template": ("GET", "/cohorts/{cohort}/people/template.csv", allow(*MANAGE)),
    "live.resend": ("POST", "/cohorts/{cohort}/people/{pending_id}/invite", allow(*MANAGE)),
    "live.invite_all": ("POST", "/cohorts/{cohort}/people/invite-all", allow(*MANAGE)),
    "live.hromada_suggest": ("GET", "/hromadas/suggest?q=він", allow("admin", "trainer", "other_trainer")),
    "live.projector": ("GET", "/sessions/{session}/projector", allow(*MANAGE)),
    "live.projector_next": ("POST", "/sessions/{session}/projector/next", allow(*MANAGE)),
    "live.projector_shift": ("POST", "/sessions/{session}/projector/shift", allow(*MANAGE)),
    "live.projector_pause": ("POST", "/sessions/{session}/projector/pause", allow(*MANAGE)),
    "live.projector_resume": ("POST", "/sessions/{session}/projector/resume", allow(*MANAGE)),
    "live.projector_move": ("GET", "/sessions/{session}/projector/move", allow(*MANAGE)),
    "materials.cohort_pack": ("GET", "/cohorts/{cohort}/materials.zip", allow(*MANAGE)),
    "materials.cohort_worksheets": ("GET", "/cohorts/{cohort}/worksheets.pdf", allow(*VIEW)),
    "materials.worksheet": ("GET", "/course/exercises/problem-tree/worksheet.pdf", EVERYONE),
    "exercises.paper_answers": ("GET", "/cohorts/{cohort}/exercises/problem-tree/paper", allow(*MANAGE)),
}

EMAILS = {"participant": "p@example.org", "outsider": "o@example.org", "trainer": "t@example.org",
          "other_trainer": "t2@example.org", "observer": "obs@example.org", "admin": "a@example.org"}


@pytest.fixture
def world(app, db, make_user, client):
    users = {
        "participant": make_user("participant", email=EMAILS["participant"]),
        "outsider": make_user("participant", email=EMAILS["outsider"], municipality="UA05020010000053508"),
        "trainer": make_user("trainer", email=EMAILS["trainer"]),
        "other_trainer": make_user("trainer", email=EMAILS["other_trainer"]),
        "observer": make_user("observer", email=EMAILS["observer"]),
        "admin": make_user("admin", email=EMAILS["admin"]),
    }
    pending = make_user("participant", email="pending@example.org")
    client.login(EMAILS["trainer"])
    response = client.post("/cohorts/new", {
        "name": "Матриця", "plan_id": "tot-two-day", "start_date": "2030-03-04", "timezone": "Europe/Kyiv",
        "capacity": 40, "municipality_codes": VINNYTSIA})
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    db.add(Enrolment(cohort_id=cohort_id, user_id=users["participant"].id, role="learner"))
    db.add(Enrolment(cohort_id=cohort_id, user_id=pending.id, role="learner"))  # not accepted yet
    pending.password_hash = None
    db.commit()
    client.logout()
    client.login(EMAILS["participant"])
    work = client.post(f"/cohorts/{cohort_id}/exercises/problem-tree/open").headers["Location"]
    roadmap = client.post(f"/cohorts/{cohort_id}/exercises/cocreation-roadmap/open").headers["Location"]
    template_work = client.post(f"/cohorts/{cohort_id}/exercises/commitment-template/open").headers["Location"]
    client.logout()
    work_id = int(work.rsplit("/", 1)[-1])
    with app.app_context():
        token = create_invitation(db, pending, None)
        feed = calendar_feed(db, users["participant"]).token
        completion = ModuleCompletion(user_id=users["participant"].id, module_id="M1", evidence={})
        orientation = OrientationCompletion(municipality_id=users["participant"].municipality_id)
        db.add_all([completion, orientation])
        certificate = issue_certificate(db, "module", user_id=users["participant"].id, module_id="M1")
    quiz_attempt = QuizAttempt(user_id=users["participant"].id, module_id="M1", cohort_id=cohort_id,
                               quiz_version="matrix", questions=[], answers={}, score=0,
                               passed=False, pass_mark=60)
    db.add(quiz_attempt)
    db.commit()
    with app.app_context():  # a training of trainers led by the trainer, the participant a trainee
        from datetime import datetime

        from app.content.services import library
        from app.pathway.services import record_delivery, seed_certification
        from app.scheduling.services import CohortSpec, create_cohort_from_plan, enrol

        tot = create_cohort_from_plan(
            db, CohortSpec(name="ToT", lead_trainer_id=users["trainer"].id, plan_id="tot-two-day",
                           is_tot=True), library(), datetime(2030, 5, 6, 11, 0), users["admin"])
        enrol(db, tot, users["participant"], users["admin"])
        delivery = record_delivery(db, tot, users["participant"], tot.sessions[0], 0, library(),
                                   users["participant"])
        trainer_certification = seed_certification(db, users["participant"])
    db.commit()
    with app.app_context():  # issue 19: the participant's hromada has an action plan
        from app.plans import services as plan_services
        from app.registry.models import Municipality

        hromada = db.scalar(select(Municipality).where(Municipality.code == VINNYTSIA))
        action_plan = plan_services.create_plan(
            db, plan_services.ensure_membership(db, hromada), users["participant"])
        plan_commitment = plan_services.new_commitment(db, action_plan, users["participant"])
    db.commit()
    return {
        "plan": action_plan.id, "plan_commitment": plan_commitment.id,
        "template_work": int(template_work.rsplit("/", 1)[-1]),
        "cohort": cohort_id,
        "session": db.scalar(select(TrainingSession.id).where(TrainingSession.cohort_id == cohort_id)),
        "work": work_id, "roadmap": int(roadmap.rsplit("/", 1)[-1]),
        "revision": db.scalar(select(ExerciseRevision.id).where(ExerciseRevision.work_id == work_id)),
        "participant_id": users["participant"].id, "invitation": token, "feed": feed,
        "pending_id": pending.id,
        "quiz_attempt": quiz_attempt.id,
        "completion": completion.id, "orientation": orientation.id, "certificate": certificate.code,
        "tot_cohort": tot.id, "delivery": delivery.id,
        "trainer_certification": trainer_certification.id,
        "trainer_certificate": trainer_certification.code,
        **monitoring_world(app, db, users),
    }


def outcome(response) -> str:
    if response.status_code in (401, 403, 404):
        return "deny"
    if response.status_code in (301, 302) and "/login?next=" in response.headers.get("Location", ""):
        return "login"
    assert response.status_code < 500, response.status_code
    return "ok"


def test_every_route_has_an_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES"
    assert set(ROUTES) - endpoints == set(), "remove routes that no longer exist"


@pytest.mark.parametrize("actor", ACTORS)
def test_role_matrix(app, world, new_client, actor):
    client = new_client()
    if actor != "anon":
        client.login(EMAILS[actor])
    token = client.csrf()
    wrong = []
    for endpoint, (method, path, expected) in ROUTES.items():
        if endpoint == "auth.logout":
            continue  # checked last: it ends the session the other checks use
        url = path.format(**world)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.raw.post(url, data={"csrf_token": token, "version": "1"},
                                       headers={"X-CSRFToken": token})
        if outcome(response) != expected[actor]:
            wrong.append(f"{method} {url}: {actor} got {response.status_code}, expected {expected[actor]}")
    response = client.raw.post("/logout", data={"csrf_token": token})
    if outcome(response) != ROUTES["auth.logout"][2][actor]:
        wrong.append(f"POST /logout: {actor} got {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("actor", ("anon", "participant", "trainer", "observer", "admin"))
def test_no_store_on_every_page_and_download(app, world, new_client, actor):
    """Issue 15.7: nothing behind a login (pages, exports, PDFs, SVGs, feeds) may be cached."""
    client = new_client()
    if actor != "anon":
        client.login(EMAILS[actor])
    missing = []
    for endpoint, (method, path, _expected) in ROUTES.items():
        if method != "GET" or endpoint in ("static", "decks.stylesheet"):
            continue
        response = client.get(path.format(**world))
        if response.headers.get("Cache-Control") != "no-store":
            missing.append(f"{path}: {response.status_code} {response.headers.get('Cache-Control')}")
    assert missing == []
    assert "no-store" not in client.get("/static/style.css").headers.get("Cache-Control", "")


# --- issue 15.1: join a cohort with its code, then read -----------------------------------------
# Only participants join as learners; whoever joins, what they may read afterwards is what the
# matrix above allows them anyway (the hromada chooser is for the cohort's trainers and AUC).
OTHER_HROMADA = "UA05020010000053508"
JOIN_THEN_READ = {
    # actor: (joins?, {path: expected})
    "participant": (True, {"/cohorts/{cohort}/workbook": "ok",
                           f"/cohorts/{{cohort}}/workbook?municipality={OTHER_HROMADA}": "deny",
                           "/sessions/{session}/feedback": "ok"}),
    "outsider": (True, {"/cohorts/{cohort}/workbook": "ok",
                        f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}": "deny",
                        f"/cohorts/{{cohort}}/workbook.pdf?municipality={VINNYTSIA}": "deny",
                        "/works/{individual}": "deny", "/works/{individual}/export.md": "deny",
                        "/sessions/{session}/feedback": "ok"}),
    "trainer": (False, {f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}": "ok",
                        "/sessions/{session}/feedback": "deny"}),
    "other_trainer": (False, {f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}": "deny",
                              f"/cohorts/{{cohort}}/workbook.pdf?municipality={VINNYTSIA}": "deny",
                              "/cohorts/{cohort}/workbook": "deny",
                              "/sessions/{session}/feedback": "deny",
                              "/cohorts/{cohort}/prepost/pre": "deny",
                              "/course/modules/M1/quiz?cohort={cohort}": "deny",
                              "/works/{individual}": "deny"}),
    "observer": (False, {f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}": "ok",
                         "/sessions/{session}/feedback": "deny",
                         "/cohorts/{cohort}/prepost/pre": "deny"}),
    "admin": (False, {f"/cohorts/{{cohort}}/workbook?municipality={VINNYTSIA}": "ok",
                      "/sessions/{session}/feedback": "deny",
                      "/cohorts/{cohort}/prepost/pre": "deny"}),
}


@pytest.mark.parametrize("actor", LOGGED_IN)
def test_join_then_read(app, db, world, new_client, actor):
    from app.scheduling.models import Cohort

    owner = new_client()
    owner.login(EMAILS["participant"])
    individual = owner.post(f"/cohorts/{world['cohort']}/exercises/engagement-plan/open")
    ids = {**world, "individual": int(individual.headers["Location"].rsplit("/", 1)[-1])}
    code = db.get(Cohort, world["cohort"]).join_code
    user_id = db.scalar(select(User.id).where(User.email_key == EMAILS[actor]))
    client = new_client()
    client.login(EMAILS[actor])
    joins, reads = JOIN_THEN_READ[actor]
    response = client.post("/join", {"code": code})
    db.expire_all()
    role = db.scalar(select(Enrolment.role).where(Enrolment.cohort_id == world["cohort"],
                                                  Enrolment.user_id == user_id))
    if joins:
        assert role == "learner"
    else:
        assert response.status_code == 200 and role != "learner"
        assert "alert-error" in response.get_data(as_text=True) or 'class="error"' in \
            response.get_data(as_text=True)
    wrong = []
    for path, expected in reads.items():
        got = outcome(client.get(path.format(**ids)))
        if got != expected:
            wrong.append(f"{actor} {path}: {got}, expected {expected}")
    assert wrong == []

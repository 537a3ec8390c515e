"""The trainer pathway and the assessment of learning, end to end through the routes.

- A ToT cohort of three trainees: two pass the observation and are certified, one does not;
  only the certified two can lead a municipal cohort; the cascade shows whom each reached.
- Pre/post scoring and the learning gain on a crafted cohort with known answers.
- Session feedback is anonymous to trainers on every route that shows it; aggregates are right.
- The cohort report PDF carries the figures its page shows.
"""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, inspect, select

from app.audit import AuditEvent
from app.content.services import load_library
from app.exercises.models import ExerciseWork
from app.orientation.models import ModuleCompletion
from app.pathway import rules
from app.pathway.models import (
    DeliveryObservation,
    PracticeDelivery,
    PrePostAttempt,
    SessionFeedback,
    SessionFeedbackReceipt,
    TrainerCertification,
)
from app.pathway.services import evaluate_certifications, load_rubric, load_test
from app.quizzes.models import QuizAttempt
from app.registry.models import Municipality
from app.scheduling.models import Cohort, TrainingSession
from app.scheduling.services import CohortSpec, create_cohort_from_plan, enrol
from tests.conftest import ROOT, VINNYTSIA

AGRONOMICHNA = "UA05020010000053508"
LIBRARY = load_library(ROOT)
RUBRIC = load_rubric(ROOT)
TEST = load_test(ROOT)
MODULES = ("M1", "M2", "M3", "M4", "M5")
REQUIRED = {"M2": ("cocreation-roadmap", "problem-tree"), "M3": ("commitment-template",)}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read English labels: everyone who logs in here switches to English."""
    from tests.conftest import Client

    original = Client.login

    def login_in_english(self, email, *args, **kwargs):
        response = original(self, email, *args, **kwargs)
        self.post("/locale", {"locale": "en"})
        return response

    monkeypatch.setattr(Client, "login", login_in_english)


def text_of(pdf_bytes: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf_bytes)).pages)


def visible(html: str) -> str:
    """The text of a page, tags removed and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}">')
    return html[start:html.index("</section>", start)]


def cohort_id_from(response) -> int:
    assert response.status_code == 302, visible(response.get_data(as_text=True))[-1500:]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def future(days=30) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).date().isoformat()


def move_to_past(db, cohort_id: int, days_ago: int = 3) -> None:
    """Shift the cohort's sessions so that the last one ended `days_ago` days ago."""
    sessions = list(db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                               .order_by(TrainingSession.start)))
    shift = (datetime.now(UTC) - timedelta(days=days_ago)) - sessions[-1].end
    for session in sessions:
        session.start, session.end = session.start + shift, session.end + shift
    db.commit()


# --- the training of trainers ---------------------------------------------------------------------

@pytest.fixture
def tot(app, db, client, make_user):
    """A ToT cohort led by an (uncertified) AUC lead trainer; three trainee trainers who have
    completed every module and passed every quiz."""
    app.config["REQUIRE_CERTIFIED_LEADS"] = True  # this app instance only
    people = {
        "lead": make_user("trainer", email="lead@example.org", name="Ірина Бондаренко"),
        "admin": make_user("admin", email="admin@example.org", name="Admin AUC"),
        "observer": make_user("observer", email="observer@example.org"),
        "t1": make_user("trainer", email="t1@example.org", name="Олена Перша"),
        "t2": make_user("trainer", email="t2@example.org", name="Богдан Другий"),
        "t3": make_user("trainer", email="t3@example.org", name="Марта Третя"),
    }
    client.login("lead@example.org")
    cohort_id = cohort_id_from(client.post("/cohorts/new", {
        "name": "ToT весна", "plan_id": "tot-two-day", "start_date": future(), "timezone": "Europe/Kyiv",
        "capacity": 20, "is_tot": "y"}))
    for key in ("t1", "t2", "t3"):
        assert client.post(f"/cohorts/{cohort_id}/enrol",
                           {"email": f"{key}@example.org", "role": "learner"}).status_code == 302
    cohort = db.get(Cohort, cohort_id)
    assert cohort.is_tot and cohort.lead_trainer_id == people["lead"].id
    trainees = [people[k] for k in ("t1", "t2", "t3")]
    for trainee in trainees:
        for exercise_ids in REQUIRED.values():
            for exercise_id in exercise_ids:
                db.add(ExerciseWork(exercise_id=exercise_id, cohort_id=cohort_id, owner_id=trainee.id,
                                    data={}, status="submitted"))
        for module_id in MODULES:
            db.add(QuizAttempt(user_id=trainee.id, module_id=module_id, cohort_id=cohort_id,
                               quiz_version="v1", questions=[], answers={}, score=80, passed=True,
                               pass_mark=60))
    db.commit()
    for session in cohort.sessions:  # attendance through the route: completions follow
        response = client.post(f"/sessions/{session.id}/attendance",
                               {f"status-{t.id}": "present" for t in trainees})
        assert response.status_code == 302
    client.logout()
    return cohort_id, people


def observe(client, delivery_id: int, scores: list[int]):
    data = {}
    for criterion, score in zip(RUBRIC.criteria, scores, strict=True):
        data[f"score-{criterion.id}"] = str(score)
        data[f"comment-{criterion.id}"] = f"{criterion.label}: seen {score}"
    return client.post(f"/deliveries/{delivery_id}/observe", data)


def test_tot_cohort_two_certified_one_not_and_only_they_lead_municipal_cohorts(
        app, db, client, new_client, tot):
    cohort_id, people = tot
    trainees = [people["t1"], people["t2"], people["t3"]]
    completions = db.scalar(select(func.count()).select_from(ModuleCompletion)
                            .where(ModuleCompletion.user_id.in_([t.id for t in trainees])))
    assert completions == 15  # every module of the plan, for each trainee
    assert db.scalar(select(func.count()).select_from(TrainerCertification)) == 0  # no observation yet

    # each trainee records the block they co-delivered in the first practice session
    first = db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                       .order_by(TrainingSession.start)).first()
    deliveries = {}
    for trainee in trainees:
        own = new_client()
        own.login(trainee.email)
        form = own.get(f"/cohorts/{cohort_id}/pathway/deliveries/new").get_data(as_text=True)
        assert f'value="{first.id}:1"' in form and '<label for="block">' in form
        response = own.post(f"/cohorts/{cohort_id}/pathway/deliveries/new", {"block": f"{first.id}:1"})
        assert response.status_code == 302
        deliveries[trainee.id] = int(response.headers["Location"].rsplit("/", 1)[-1])
        assert own.get(f"/deliveries/{deliveries[trainee.id]}/observe").status_code == 403
    delivery = db.get(PracticeDelivery, deliveries[people["t1"].id])
    assert delivery.kind == "practice" and delivery.module_id == first.module_id

    # the lead trainer observes: two at or above the pass mark (average 3), one below
    lead = new_client()
    lead.login("lead@example.org")
    assert observe(lead, deliveries[people["t1"].id], [3, 3, 3, 3, 3, 3]).status_code == 302
    assert observe(lead, deliveries[people["t2"].id], [4, 4, 3, 2, 2, 3]).status_code == 302
    assert observe(lead, deliveries[people["t3"].id], [2, 2, 3, 2, 2, 3]).status_code == 302
    refused = observe(lead, deliveries[people["t1"].id], [4, 4, 4, 4, 4, 4])
    assert refused.status_code == 422  # once per observer
    missing = lead.post(f"/deliveries/{deliveries[people['t3'].id]}/observe", {"score-timing": "3"})
    assert missing.status_code == 422

    certified = {c.user_id: c for c in db.scalars(select(TrainerCertification))}
    assert set(certified) == {people["t1"].id, people["t2"].id}
    for certification in certified.values():
        assert certification.rule_version == RUBRIC.rule_version and certification.cohort_id == cohort_id
        assert certification.evidence["modules"] == list(MODULES)
        assert len(certification.evidence["observations"]) == 1
    assert db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "certification.record")) == 2
    third = db.scalar(select(DeliveryObservation).join(PracticeDelivery)
                      .where(PracticeDelivery.trainee_id == people["t3"].id))
    assert not third.passed and third.total == 14

    page = visible(lead.get(f"/cohorts/{cohort_id}/pathway").get_data(as_text=True))
    assert page.count("certified") >= 2 and "an observed delivery at the pass mark" in page

    # the trainee who did not pass reflects; the observer's comments are on the delivery page
    t3 = new_client()
    t3.login("t3@example.org")
    assert t3.post(f"/deliveries/{deliveries[people['t3'].id]}/reflection",
                   {"reflection": "Я поспішала з вправою; наступного разу дам більше часу."}).status_code == 302
    detail = visible(t3.get(f"/deliveries/{deliveries[people['t3'].id]}").get_data(as_text=True))
    assert "наступного разу" in detail and "Timing kept: seen 2" in detail
    assert t3.get(f"/cohorts/{cohort_id}/pathway").status_code == 200  # their own row only
    assert "Олена Перша" not in t3.get(f"/cohorts/{cohort_id}/pathway").get_data(as_text=True)

    # the certificate: a PDF with a verification code, checked publicly
    t1 = new_client()
    t1.login("t1@example.org")
    code = certified[people["t1"].id].code
    assert code in t1.get("/my/pathway").get_data(as_text=True)
    pdf = text_of(t1.get(f"/pathway/certificates/{code}.pdf").data)
    assert "Олена Перша" in pdf and code in pdf
    assert t3.get(f"/pathway/certificates/{code}.pdf").status_code == 404
    verify = new_client().get(f"/pathway/verify/{code}")
    assert verify.status_code == 200 and "Олена Перша" in verify.get_data(as_text=True)
    assert new_client().get("/pathway/verify/AAAA-BBBB-CCCC").status_code == 404

    # only the certified two may lead a municipal cohort; a ToT cohort needs no certification
    third_code = db.scalar(select(Municipality.code).where(
        Municipality.code.not_in((VINNYTSIA, AGRONOMICHNA))).order_by(Municipality.code))
    reached = {"t1": [VINNYTSIA, AGRONOMICHNA], "t2": [third_code]}
    municipal = {}
    for key, codes in reached.items():
        own = new_client()
        own.login(f"{key}@example.org")
        municipal[key] = cohort_id_from(own.post("/cohorts/new", {
            "name": f"Громади {key}", "plan_id": "tot-two-day", "start_date": future(40),
            "timezone": "Europe/Kyiv", "capacity": 30, "municipality_codes": "\n".join(codes)}))
    refused = t3.post("/cohorts/new", {"name": "Громади t3", "plan_id": "", "capacity": 30,
                                       "timezone": "Europe/Kyiv", "municipality_codes": VINNYTSIA})
    assert refused.status_code == 200
    assert "Only certified trainers (or admins) can lead a municipal cohort." in visible(
        refused.get_data(as_text=True))
    assert t3.post("/cohorts/new", {"name": "ToT t3", "plan_id": "", "capacity": 30,
                                    "timezone": "Europe/Kyiv", "is_tot": "y"}).status_code == 302
    admin = new_client()
    admin.login("admin@example.org")
    as_lead = admin.post("/cohorts/new", {"name": "Admin leads t3", "plan_id": "", "capacity": 30,
                                          "timezone": "Europe/Kyiv", "lead_trainer_id": people["t3"].id})
    assert as_lead.status_code == 200 and "Only certified trainers" in as_lead.get_data(as_text=True)
    assert admin.post("/cohorts/new", {"name": "Admin leads", "plan_id": "", "capacity": 30,
                                       "timezone": "Europe/Kyiv",
                                       "lead_trainer_id": people["admin"].id}).status_code == 302
    assert db.scalar(select(func.count()).select_from(Cohort).where(
        Cohort.lead_trainer_id == people["t3"].id, Cohort.is_tot.is_(False))) == 0

    # t1 delivered last week; t2's cohort has not started: not delivered in six months
    move_to_past(db, municipal["t1"], days_ago=7)
    names = {m.code: m.name_en or m.name_uk for m in db.scalars(select(Municipality).where(
        Municipality.code.in_([VINNYTSIA, AGRONOMICHNA, third_code])))}
    observer = new_client()
    observer.login("observer@example.org")
    html = observer.get("/pathway/cascade").get_data(as_text=True)
    tree = html[html.index('<ul class="cascade">'):html.index("</ul></li>", html.index('<ul class="cascade">'))]
    assert "Ірина Бондаренко" in tree
    branches = {name: visible(item) for item in tree.split("<li>")
                for name in ("Олена Перша", "Богдан Другий", "Марта Третя") if name in item}
    assert set(branches) == {"Олена Перша", "Богдан Другий"}
    assert names[VINNYTSIA] in branches["Олена Перша"] and names[AGRONOMICHNA] in branches["Олена Перша"]
    assert names[third_code] in branches["Богдан Другий"] and names[VINNYTSIA] not in branches["Богдан Другий"]
    inactive = visible(html[html.index("Not delivered in the last 6 months"):])
    assert "Богдан Другий" in inactive and "Олена Перша" not in inactive
    oblasts = visible(html[html.index("By oblast"):html.index("Not delivered in the last")])
    oblast = db.scalar(select(Municipality.oblast_en).where(Municipality.code == VINNYTSIA))
    assert f"{oblast} 2 3" in oblasts  # two trainers reached three hromadas there

    own_page = visible(t1.get(f"/pathway/trainers/{people['t1'].id}").get_data(as_text=True))
    assert names[VINNYTSIA] in own_page and "Ірина Бондаренко" in own_page
    lead_page = visible(observer.get(f"/pathway/trainers/{people['lead'].id}").get_data(as_text=True))
    assert "Олена Перша" in lead_page and "Богдан Другий" in lead_page and names[third_code] in lead_page
    assert t3.get(f"/pathway/trainers/{people['t1'].id}").status_code == 404

    # an admin revokes t2 with a reason (audited); the code no longer verifies; t2 may not lead
    t2_certification = certified[people["t2"].id]
    assert observer.post(f"/pathway/certifications/{t2_certification.id}/revoke",
                         {"reason": "x"}).status_code == 403
    admin.post(f"/pathway/certifications/{t2_certification.id}/revoke", {"reason": "  "})
    db.expire_all()
    assert db.get(TrainerCertification, t2_certification.id).revoked_at is None
    assert admin.post(f"/pathway/certifications/{t2_certification.id}/revoke",
                      {"reason": "Спостереження не відбулося насправді"}).status_code == 302
    db.expire_all()
    revoked = db.get(TrainerCertification, t2_certification.id)
    assert revoked.revoked_at is not None and revoked.revoked_by_id == people["admin"].id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "certification.revoke"))
    assert event.details["reason"] == "Спостереження не відбулося насправді"
    page = new_client().get(f"/pathway/verify/{revoked.code}").get_data(as_text=True)
    assert "скасовано" in page.lower() or "revoked" in page  # anonymous visitors see Ukrainian
    t2 = new_client()
    t2.login("t2@example.org")
    assert t2.post("/cohorts/new", {"name": "Ще одна", "plan_id": "", "capacity": 30,
                                    "timezone": "Europe/Kyiv"}).status_code == 200
    # evaluating again records nothing: the revocation stands
    assert lead.post(f"/cohorts/{cohort_id}/pathway/evaluate").status_code == 302
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(TrainerCertification)) == 2
    assert db.get(TrainerCertification, t2_certification.id).revoked_at is not None


def test_a_rule_change_keeps_recorded_certifications(app, db, client, new_client, tot):
    cohort_id, people = tot
    first = db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                       .order_by(TrainingSession.start)).first()
    lead = new_client()
    lead.login("lead@example.org")
    for key, scores in (("t1", [3] * 6), ("t2", [2, 2, 3, 2, 2, 3])):
        own = new_client()
        own.login(f"{key}@example.org")
        delivery = own.post(f"/cohorts/{cohort_id}/pathway/deliveries/new", {"block": f"{first.id}:1"})
        observe(lead, int(delivery.headers["Location"].rsplit("/", 1)[-1]), scores)
    before = {c.user_id: (c.certified_at, c.rule_version, c.evidence) for c in db.scalars(
        select(TrainerCertification))}
    assert set(before) == {people["t1"].id}
    # version 2: a lower pass mark, so t2 (average 2.33) now qualifies; t1 (3.0) is untouched
    from dataclasses import replace
    from fractions import Fraction

    lowered = replace(RUBRIC, pass_mark=Fraction(2), rule_version=RUBRIC.rule_version + 1)
    with app.app_context():
        new = evaluate_certifications(db, db.get(Cohort, cohort_id), LIBRARY, None, lowered)
        db.commit()
    assert [c.user_id for c in new] == [people["t2"].id] and new[0].rule_version == 2
    after = {c.user_id: (c.certified_at, c.rule_version, c.evidence) for c in db.scalars(
        select(TrainerCertification))}
    assert after[people["t1"].id] == before[people["t1"].id]
    # version 3: stricter; nobody loses a certification already recorded
    stricter = replace(RUBRIC, pass_mark=Fraction(4), rule_version=RUBRIC.rule_version + 2)
    with app.app_context():
        assert evaluate_certifications(db, db.get(Cohort, cohort_id), LIBRARY, None, stricter) == []
        db.commit()
    assert {c.user_id: c.rule_version for c in db.scalars(select(TrainerCertification))} == \
        {people["t1"].id: 1, people["t2"].id: 2}


# --- pre/post test ----------------------------------------------------------------------------------

def answers_with(right: int) -> dict[str, list[str]]:
    """The first `right` questions answered right, the others wrong."""
    form = {}
    for index, question in enumerate(rules.paper(TEST, "en")):
        answer = question["answer"]
        wrong = [next(i for i in range(len(question["options"])) if i not in answer)]
        chosen = answer if index < right else wrong
        form[f"q-{index}"] = [str(c) for c in chosen]
    form["version"] = rules.test_version(TEST)
    return form


@pytest.fixture
def crafted(app, db, make_user):
    """A municipal cohort of four participants, its sessions a month ahead."""
    trainer = make_user("trainer", email="trainer@example.org", name="Тренерка Ганна")
    make_user("trainer", email="other@example.org")
    make_user("observer", email="observer@example.org")
    people = [make_user("participant", email=f"p{i}@example.org", name=name) for i, name in
              enumerate(("Андрій Перший", "Віра Друга", "Гліб Третій", "Дарина Четверта"), start=1)]
    with app.app_context():
        start = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=30)
        cohort = create_cohort_from_plan(
            db, CohortSpec(name="Вінниччина", lead_trainer_id=trainer.id, plan_id="tot-two-day",
                           municipality_codes=[VINNYTSIA]), LIBRARY, start.replace(hour=11, minute=0),
            trainer)
        for person in people:
            enrol(db, cohort, person, trainer)
    db.commit()
    return cohort.id, trainer, people


def take(client, cohort_id, phase, right):
    return client.post(f"/cohorts/{cohort_id}/prepost/{phase}", answers_with(right))


def test_pre_post_scores_and_learning_gain(app, db, client, new_client, crafted):
    cohort_id, _trainer, people = crafted
    total = len(TEST.questions)
    assert total == 8
    clients = []
    for person in people:
        own = new_client()
        own.login(person.email)
        clients.append(own)
    a, b, c, d = clients
    page = a.get(f"/cohorts/{cohort_id}/prepost/pre").get_data(as_text=True)
    assert page.count("<fieldset") == total and page.count("<h1>") == 1
    assert a.get(f"/cohorts/{cohort_id}/prepost/post").status_code == 200  # shown, but not open
    assert take(a, cohort_id, "post", 8).status_code == 422
    assert take(a, cohort_id, "pre", 2).status_code == 302          # 25%
    assert take(b, cohort_id, "pre", 4).status_code == 302          # 50%
    assert take(c, cohort_id, "pre", 6).status_code == 302          # 75% (no post-test)
    assert take(a, cohort_id, "pre", 8).status_code == 409          # once only
    partial = answers_with(8)
    del partial["q-3"]
    assert b.post(f"/cohorts/{cohort_id}/prepost/post", partial).status_code == 422
    stale = dict(answers_with(8), version="old")
    assert d.post(f"/cohorts/{cohort_id}/prepost/pre", stale).status_code == 409
    outsider = new_client()
    outsider.login("other@example.org")
    assert outsider.get(f"/cohorts/{cohort_id}/prepost/pre").status_code in (403, 404)

    move_to_past(db, cohort_id, days_ago=1)
    assert take(d, cohort_id, "pre", 8).status_code == 422           # too late for the pre-test
    assert take(a, cohort_id, "post", 6).status_code == 302         # 75%: +50
    assert take(b, cohort_id, "post", 4).status_code == 302         # 50%: 0
    assert take(d, cohort_id, "post", 8).status_code == 302         # 100%, no pre-test
    scores = {(x.user_id, x.phase): x.score for x in db.scalars(select(PrePostAttempt))}
    ids = [p.id for p in people]
    assert scores == {(ids[0], "pre"): 25, (ids[1], "pre"): 50, (ids[2], "pre"): 75,
                      (ids[0], "post"): 75, (ids[1], "post"): 50, (ids[3], "post"): 100}
    result = visible(a.get(f"/cohorts/{cohort_id}/prepost/post").get_data(as_text=True))
    assert "6 of 8" in result and "75%" in result

    trainer_client = new_client()
    trainer_client.login("trainer@example.org")
    html = trainer_client.get(f"/cohorts/{cohort_id}/learning-report").get_data(as_text=True)
    gain = visible(section(html, "learning-gain"))
    assert "over the 2 participants who took both" in gain
    assert "Average before 37.5%" in gain and "Average after 62.5%" in gain
    assert "Average gain +25.0" in gain
    assert "Андрій Перший 25% 75% +50" in gain and "Віра Друга 50% 50% 0" in gain
    assert "Гліб Третій 75% — —" in gain and "Дарина Четверта — 100% —" in gain
    assert "1 before only, 1 after only" in gain
    assert a.get(f"/cohorts/{cohort_id}/learning-report").status_code == 403


# --- feedback ------------------------------------------------------------------------------------------

ANSWERS = [  # usefulness, pace, trainer, what to improve
    (5, 3, 4, "Zebra: більше прикладів з ЦНАП"),
    (4, 4, 5, ""),
    (2, 5, 3, "Alpha: коротша перерва"),
    (4, 2, 5, "Mango: роздаткові матеріали заздалегідь"),
]


def test_feedback_is_anonymous_to_trainers_and_aggregated(app, db, client, new_client, crafted):
    cohort_id, _trainer, people = crafted
    session = db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                         .order_by(TrainingSession.start)).first()
    own = [new_client() for _ in people]
    for person, c in zip(people, own, strict=True):
        c.login(person.email)
    assert own[0].post(f"/sessions/{session.id}/feedback",
                       {"usefulness": 5, "pace": 3, "trainer": 4}).status_code == 422  # not open yet
    move_to_past(db, cohort_id, days_ago=1)
    form = own[0].get(f"/sessions/{session.id}/feedback").get_data(as_text=True)
    assert "anonymous" in form and '<label for="improve">' in form and form.count("<legend>") == 3
    assert own[0].post(f"/sessions/{session.id}/feedback",
                       {"usefulness": 9, "pace": 3, "trainer": 4}).status_code == 422

    trainer_client = new_client()
    trainer_client.login("trainer@example.org")
    results_url = f"/sessions/{session.id}/feedback/results"
    for index, (usefulness, pace, trainer_score, improve) in enumerate(ANSWERS):
        response = own[index].post(f"/sessions/{session.id}/feedback", {
            "usefulness": usefulness, "pace": pace, "trainer": trainer_score, "improve": improve})
        assert response.status_code == 302
        if index == 1:  # two answers: only the count is shown
            early = visible(trainer_client.get(results_url).get_data(as_text=True))
            assert "2 answers so far" in early and "Zebra" not in early and "4.5" not in early
    again = own[0].post(f"/sessions/{session.id}/feedback", {"usefulness": 1, "pace": 1, "trainer": 1})
    assert again.status_code == 422
    assert db.scalar(select(func.count()).select_from(SessionFeedback)) == 4
    assert db.scalar(select(func.count()).select_from(SessionFeedbackReceipt)) == 4

    # the answers are stored without anybody's identity
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("session_feedback")}
    assert columns == {"id", "session_id", "usefulness", "pace", "trainer", "improve", "released"}
    receipt_columns = {c["name"] for c in inspect(db.get_bind()).get_columns("session_feedback_receipt")}
    assert receipt_columns == {"session_id", "user_id"}

    names = [p.name for p in people] + [p.email for p in people]
    # the first three answers are shown together; the fourth waits for two more (answers are
    # released FEEDBACK_MIN_RESPONSES at a time: tests/web/test_feedback_anonymity.py)
    comments = ["Alpha: коротша перерва", "Zebra: більше прикладів з ЦНАП"]  # alphabetical
    waiting = "Mango: роздаткові матеріали заздалегідь"
    expected = {"usefulness": ("3.7", (0, 1, 0, 1, 1)), "pace": ("4.0", (0, 0, 1, 1, 1)),
                "trainer": ("4.0", (0, 0, 1, 1, 1))}

    def check_feedback(block: str) -> None:
        text = visible(block)
        assert not any(name in text for name in names), "a name appears next to the feedback"
        assert waiting not in text and "1 newer answer is not shown yet" in text
        positions = [text.index(comment) for comment in comments]
        assert positions == sorted(positions)
        for scale, (average, counts) in expected.items():
            row = text[text.index(_question(scale)):]
            assert row.split(_question(scale), 1)[1].split()[:6] == [average, *map(str, counts)]

    # every route that shows feedback, as the cohort's trainer
    check_feedback(section(trainer_client.get(results_url).get_data(as_text=True), "feedback"))
    report = trainer_client.get(f"/cohorts/{cohort_id}/learning-report").get_data(as_text=True)
    check_feedback(section(report, "feedback"))
    outside = report.replace(section(report, "feedback"), "")
    assert not any(comment in outside for comment in comments)
    pdf = text_of(trainer_client.get(f"/cohorts/{cohort_id}/learning-report.pdf").data)
    feedback_part = pdf[pdf.index("Session feedback"):]
    assert not any(name in feedback_part for name in names)
    assert all(comment in feedback_part for comment in comments)
    assert "3.7" in feedback_part and "4.0" in feedback_part and waiting not in feedback_part
    # nothing else a trainer can open shows an answer
    for url in (f"/cohorts/{cohort_id}", f"/sessions/{session.id}", f"/sessions/{session.id}/report",
                f"/cohorts/{cohort_id}/quiz-results", "/my/pathway", f"/sessions/{session.id}/feedback"):
        page = trainer_client.get(url).get_data(as_text=True)
        assert not any(comment in page for comment in comments), url

    # who may see the aggregates: the cohort's trainers, admins, observers, never participants
    assert own[0].get(results_url).status_code == 403
    other = new_client()
    other.login("other@example.org")
    assert other.get(results_url).status_code == 404
    assert other.get(f"/cohorts/{cohort_id}/learning-report").status_code == 404
    observer = new_client()
    observer.login("observer@example.org")
    assert observer.get(results_url).status_code == 200
    # a participant sees only that they answered
    mine = visible(own[0].get(f"/sessions/{session.id}/feedback").get_data(as_text=True))
    assert "You have given feedback" in mine and "Zebra" not in mine


def _question(scale: str) -> str:
    return {"usefulness": "How useful was this session for your work?",
            "pace": "How well did the pace suit you?",
            "trainer": "How clear and helpful was the trainer?"}[scale]


# --- the cohort report ----------------------------------------------------------------------------------

def test_cohort_report_pdf_has_the_figures_of_its_page(app, db, client, new_client, crafted):
    cohort_id, _trainer, people = crafted
    clients = []
    for person in people:
        own = new_client()
        own.login(person.email)
        clients.append(own)
    for own, right in zip(clients[:3], (2, 4, 6), strict=True):
        take(own, cohort_id, "pre", right)
    move_to_past(db, cohort_id, days_ago=1)
    for own, right in zip(clients[:2], (6, 6), strict=True):
        take(own, cohort_id, "post", right)
    sessions = list(db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort_id)
                               .order_by(TrainingSession.start)))
    trainer_client = new_client()
    trainer_client.login("trainer@example.org")
    for index, session in enumerate(sessions):  # 4, 3, 3, 2, 4 of 4 present
        present = people[: (4, 3, 3, 2, 4)[index]]
        trainer_client.post(f"/sessions/{session.id}/attendance",
                            {f"status-{p.id}": "present" for p in present})
    for own, values in zip(clients[:3], ANSWERS, strict=False):
        own.post(f"/sessions/{sessions[0].id}/feedback", {
            "usefulness": values[0], "pace": values[1], "trainer": values[2], "improve": values[3]})

    html = trainer_client.get(f"/cohorts/{cohort_id}/learning-report").get_data(as_text=True)
    assert html.count("<h1>") == 1 and "<script" not in html and "style=" not in html
    figures = {key: visible(re.search(rf'<dd id="{key}">(.*?)</dd>', html).group(1))
               for key in ("attendance-rate", "completed-all", "average-gain", "average-pre",
                           "average-post")}
    assert figures == {"attendance-rate": "80.0%", "completed-all": "0 / 4", "average-gain": "+37.5",
                       "average-pre": "37.5%", "average-post": "75.0%"}
    cells = [visible(c) for c in re.findall(r'<td class="num">(.*?)</td>', html)]
    assert "100.0%" in cells and "50.0%" in cells and "+50" in cells and "+25" in cells
    pdf = trainer_client.get(f"/cohorts/{cohort_id}/learning-report.pdf")
    assert pdf.mimetype == "application/pdf"
    text = text_of(pdf.data)
    for value in [*figures.values(), *cells]:
        assert value in text, value
    for person in people:
        assert person.name in text
    assert "Вінниччина" in text

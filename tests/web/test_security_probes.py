"""Security probes: a table of bad inputs, each with the safe outcome it must get.

Every probe talks to the app through `World` (whose requests all end in `check()`: whatever
else a probe expects, no answer may be a server error) or, for the pure builders, through
`check_cli()`. The probes are grouped in tables (text fields x hostile values, links,
redirects, CSRF, sizes, encodings, e-mail case, times, guessed ids, spreadsheet formulas);
each table row is one parametrised test, run on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL too.

A failing probe is a finding about the app: fix the app, never the expectation.
"""

from __future__ import annotations

import csv
import functools
import importlib
import io
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import func, select, update
from werkzeug.datastructures import MultiDict

from tests.conftest import (
    CSRF_RE,
    HROMADAS_CSV,
    PASSWORD,
    ROOT,
    TEST_OVERRIDES,
    VINNYTSIA,
    _truncate_postgres,
)

AGRONOMICHNA = "UA05020010000053508"
FIXTURES = ROOT / "tests" / "fixtures" / "security"
KYIV = ZoneInfo("Europe/Kyiv")

# Script and HTML: a tag, a quoted attribute break-out and an event handler in one value.
XSS = '"><script>alert("spilno")</script><img src=x onerror=alert(1)>'
RAW_MARKS = ("<script>alert", "<img src=x")          # never in an HTML page
SHOWN_MARK = "&lt;script&gt;alert("                    # the same text, escaped, is shown
TEMPLATE = "ti{{ 7*7 }}ti"                             # typed; "ti49ti" would be evaluated
NUL = "Олена\x00Ткач"
LONG = "Я" * 10_000
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


# --- the final word of every probe ------------------------------------------------------------

def check(response):
    """Every request of every probe ends here: never a server error, whatever else."""
    where = f"{response.request.method} {response.request.path}"
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    return response


def check_cli(result):
    """The same for the command line: the command ran to its end, no crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    return result


def assert_escaped(body: str, where: str = "") -> None:
    for mark in RAW_MARKS:
        assert mark not in body, f"unescaped {mark!r} in {where}"


def refused(world: World, who: str | None, response) -> str:
    """The answer refuses the input with something a person can read; returns that text."""
    if response.status_code in (301, 302, 303):
        response = world.get(who, response.headers["Location"])
    body = response.get_data(as_text=True)
    if response.status_code in (400, 413):
        return body
    assert response.status_code in (200, 409, 422), response.status_code
    shown = 'class="error"' in body or "alert-error" in body or '"error"' in body
    assert shown, f"refused without a message: {response.request.method} {response.request.path}"
    return body


# --- the world: people, a cohort, sessions and works, made on first use -----------------------

PEOPLE = {
    "admin": {"role": "admin", "email": "admin@example.org", "name": "Адміністраторка АМУ"},
    "trainer": {"role": "trainer", "email": "lead@example.org", "name": "Ірина Бондаренко"},
    "other_trainer": {"role": "trainer", "email": "t2@example.org", "name": "Mark Evans"},
    "observer": {"role": "observer", "email": "obs@example.org", "name": "Спостерігач"},
    "gov": {"role": "participant", "email": "gov@example.org", "name": "Тарас Шевчук"},
    "cso": {"role": "participant", "email": "cso@example.org", "name": "Мар'яна Ткаченко",
                "stakeholder": "civil_society"},
    "other": {"role": "participant", "email": "other@example.org", "name": "Олег Сусід",
                  "municipality": AGRONOMICHNA},
    "stranger": {"role": "participant", "email": "stranger@example.org", "name": "Чужа Людина",
                     "municipality": AGRONOMICHNA},
}
SECRET = "Таємниця громади 7341"  # what another team wrote: must never leak


def future(days: int) -> date:
    return (datetime.now(KYIV) + timedelta(days=days)).date()


class World:
    def __init__(self, app, db, make_user, new_client):
        self.app, self.db = app, db
        self._make_user, self._new_client = make_user, new_client
        self._users: dict[str, int] = {}
        self._clients: dict[str | None, Any] = {}
        self._ids: dict[str, int] = {}
        self._tokens: dict[str | None, str] = {}
        self.answers: list[tuple[str, int]] = []  # every request the probe made, and its status

    def _checked(self, response):
        self.answers.append((f"{response.request.method} {response.request.path}",
                             response.status_code))
        return check(response)

    def finish(self) -> None:
        """The final assertion of every probe: it asked something, and no answer was a 500."""
        assert self.answers, "the probe sent no request"
        assert [a for a in self.answers if a[1] >= 500] == []

    # people and their browsers
    def user_id(self, key: str) -> int:
        if key not in self._users:
            user = self._make_user(**PEOPLE[key])
            user.locale = "en"  # messages in English, so probes can read them
            self.db.commit()
            self._users[key] = user.id
        return self._users[key]

    def user(self, key: str):
        from app.auth.models import User

        self.db.expire_all()
        return self.db.get(User, self.user_id(key))

    def client(self, who: str | None):
        if who not in self._clients:
            client = self._new_client()
            if who is not None:
                self.user_id(who)
                self._checked(client.login(PEOPLE[who]["email"]))
            self._clients[who] = client
        return self._clients[who]

    def get(self, who, url, **kw):
        return self._checked(self.client(who).get(url, **kw))

    def post(self, who, url, data=None, csrf=True, **kw):
        data = data.copy() if isinstance(data, MultiDict) else dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf(who)
        response = self._checked(self.client(who).raw.post(url, data=data, **kw))
        if url in ("/login", "/logout"):
            self._tokens.pop(who, None)  # a new session, a new token
        return response

    def raw_post(self, who, url, **kw):
        """No token added: the probe sends exactly what it means to."""
        return self._checked(self.client(who).raw.post(url, **kw))

    def csrf(self, who) -> str:
        """The browser's CSRF token (read once per session: it lasts as long as the session)."""
        if who not in self._tokens:
            page = self.get(who, "/").get_data(as_text=True)
            self._tokens[who] = CSRF_RE.search(page).group(1)
        return self._tokens[who]

    def text(self, who, url) -> str:
        response = self.get(who, url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response.get_data(as_text=True)

    # things, made once per probe on first use
    def _once(self, key, make):
        if key not in self._ids:
            self._ids[key] = make()
        return self._ids[key]

    @property
    def cohort(self) -> int:
        return self._once("cohort", lambda: self._cohort("trainer", ("gov", "cso", "other"), "ABC789"))

    @property
    def other_cohort(self) -> int:
        return self._once("other_cohort", lambda: self._cohort("other_trainer", ("stranger",), "XYZ456"))

    def _cohort(self, lead: str, learners, code: str) -> int:
        from app.scheduling.models import Cohort, Enrolment

        cohort = Cohort(name=f"Група {code}", join_code=code, lead_trainer_id=self.user_id(lead))
        self.db.add(cohort)
        self.db.flush()
        self.db.add(Enrolment(cohort_id=cohort.id, user_id=self.user_id(lead), role="trainer"))
        for key in learners:
            self.db.add(Enrolment(cohort_id=cohort.id, user_id=self.user_id(key), role="learner"))
        self.db.commit()
        return cohort.id

    @property
    def session(self) -> int:
        return self._once("session", lambda: self._session(self.cohort, "trainer", 30))

    @property
    def other_session(self) -> int:
        return self._once("other_session", lambda: self._session(self.other_cohort, "other_trainer", 31))

    def _session(self, cohort_id: int, trainer: str, days: int) -> int:
        from app.scheduling.models import SessionTrainer, TrainingSession

        start = datetime.combine(future(days), datetime.min.time().replace(hour=10), KYIV)
        session = TrainingSession(cohort_id=cohort_id, module_id="M1", content_version="0" * 16,
                                  start=start.astimezone(ZoneInfo("UTC")),
                                  end=(start + timedelta(hours=1)).astimezone(ZoneInfo("UTC")),
                                  timezone="Europe/Kyiv", checkin_code="ABCD")
        self.db.add(session)
        self.db.flush()
        self.db.add(SessionTrainer(session_id=session.id, user_id=self.user_id(trainer)))
        self.db.commit()
        return session.id

    def open_work(self, who: str, cohort_id: int, exercise_id: str) -> int:
        response = self.post(who, f"/cohorts/{cohort_id}/exercises/{exercise_id}/open")
        assert response.status_code == 302, response.status_code
        return int(response.headers["Location"].rsplit("/", 1)[-1])

    @property
    def work(self) -> int:
        """The problem tree of gov's hromada (Vinnytsia) in the cohort."""
        return self._once("work", lambda: self.open_work("gov", self.cohort, "problem-tree"))

    @property
    def roadmap(self) -> int:
        return self._once("roadmap", lambda: self.open_work("gov", self.cohort, "cocreation-roadmap"))

    def work_row(self, work_id: int):
        from app.exercises.models import ExerciseWork

        self.db.expire_all()
        return self.db.get(ExerciseWork, work_id)

    def session_row(self, session_id: int):
        from app.scheduling.models import TrainingSession

        self.db.expire_all()
        return self.db.get(TrainingSession, session_id)

    def save_work(self, who, work_id, **fields):
        data = {"version": str(self.work_row(work_id).version),
                **{f"f-{k}": v for k, v in fields.items()}}
        return self.post(who, f"/works/{work_id}", data)

    def autosave(self, who, work_id, token=None, **fields):
        data = {"version": str(self.work_row(work_id).version),
                **{f"f-{k}": v for k, v in fields.items()}}
        headers = {"Accept": "application/json"}
        if token is not False:
            headers["X-CSRFToken"] = self.csrf(who) if token is None else token
        return self.raw_post(who, f"/works/{work_id}/autosave", data=data, headers=headers)

    def municipality(self, code: str):
        from app.registry.models import Municipality

        self.db.expire_all()
        return self.db.scalar(select(Municipality).where(Municipality.code == code))

    def count(self, model, *where) -> int:
        self.db.expire_all()
        return self.db.scalar(select(func.count()).select_from(model).where(*where)) or 0


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_app(request, tmp_path_factory):
    """One app per database for the whole table: building an app costs 0.2-0.4 s, and there
    are a few hundred probes. Each probe still starts from an empty database (see `app`)."""
    from app import create_app

    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("probes") / "spilno.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    application = create_app({**TEST_OVERRIDES, "DATABASE_URL": url})

    def reset() -> None:
        application.extensions["db_engine"].dispose()
        if request.param == "sqlite":
            source, target = sqlite3.connect(template), sqlite3.connect(path)
            source.backup(target)
            source.close()
            target.close()
        else:
            _truncate_postgres(url)

    yield application, reset
    application.extensions["db_engine"].dispose()


@pytest.fixture
def app(shared_app):
    """The conftest's `app`, but shared: the same config, an empty database per probe."""
    application, reset = shared_app
    reset()
    yield application
    application.extensions["db_engine"].dispose()


@functools.cache
def _registry_slice():
    from app.registry.hromada_csv import parse_hromadas

    return tuple(parse_hromadas(HROMADAS_CSV.read_text(encoding="utf-8"))[:40])


@pytest.fixture
def hromadas(db):
    """The conftest's slice of the registry (its first 40 rows), the file parsed only once."""
    from app.registry.services import upsert_municipalities

    upsert_municipalities(db, list(_registry_slice()))
    db.commit()


@pytest.fixture
def world(app, db, make_user, new_client):
    return World(app, db, make_user, new_client)


def upload(name: str, body: bytes):
    return (io.BytesIO(body), name)


# --- text fields: how a value goes in, where it is kept, where it comes out --------------------

@dataclass(frozen=True)
class TextField:
    name: str
    submit: Callable[[World, str], Any]          # -> the response to the submission
    stored: Callable[[World], Any]               # the saved value (None when nothing saved)
    pages: Callable[[World], list[str]]          # the HTML pages that show it


def _new_user_submit(w, value):
    return w.post("admin", "/admin/users/new", {
        "email": "new.person@example.org", "name": value, "role": "trainer",
        "municipality_code": "", "stakeholder_type": "", "organisation": "", "position": ""})


def _new_user_stored(w):
    from app.auth.services import user_by_email

    w.db.expire_all()
    user = user_by_email(w.db, "new.person@example.org")
    return user.name if user else None


def _new_user_pages(w):
    from app.auth.services import user_by_email

    user = user_by_email(w.db, "new.person@example.org")
    return [w.text("admin", "/admin/users"), w.text("admin", f"/admin/users/{user.id}"),
            w.text("trainer", "/cohorts/new")]  # trainers are offered as co-trainers


def _edit_user_submit(w, value):
    return w.post("admin", f"/admin/users/{w.user_id('gov')}", {
        "name": value, "role": "participant", "municipality_code": VINNYTSIA,
        "stakeholder_type": "government", "active": "y"})


def _profile(field):
    def submit(w, value):
        data = {"name": PEOPLE["gov"]["name"], "organisation": "", "position": "", "locale": "en"}
        data[field] = value
        return w.post("gov", "/profile", data)

    return submit


def _gov_attr(attr):
    return lambda w: getattr(w.user("gov"), attr)


def _gov_name_pages(w):
    w.session  # noqa: B018 - the cohort's session lists its people
    return [w.text("gov", "/profile"), w.text("gov", "/"), w.text("admin", "/admin/users"),
            w.text("admin", f"/admin/users/{w.user_id('gov')}"),
            w.text("trainer", f"/cohorts/{w.cohort}"), w.text("trainer", f"/sessions/{w.session}"),
            w.text("trainer", f"/works/{w.work}")]


def _organisation_pages(w):
    from app.scheduling.models import Attendance

    w.db.add(Attendance(session_id=w.session, user_id=w.user_id("gov"), status="present"))
    w.db.commit()
    return [w.text("gov", "/profile"), w.text("trainer", f"/sessions/{w.session}/report")]


def _cohort_submit(w, value):
    w.user_id("trainer")
    return w.post("trainer", "/cohorts/new", {
        "name": value, "plan_id": "tot-two-day", "start_date": future(20).isoformat(),
        "start_time": "", "timezone": "Europe/Kyiv", "capacity": 30,
        "municipality_codes": VINNYTSIA, "venue": "", "online_link": ""})


def _new_cohort(w):
    from app.scheduling.models import Cohort

    w.db.expire_all()
    return w.db.scalar(select(Cohort).where(Cohort.join_code.not_in(("ABC789", "XYZ456")))
                       .order_by(Cohort.id.desc()).limit(1))


def _cohort_stored(w):
    cohort = _new_cohort(w)
    return cohort.name if cohort else None


def _cohort_pages(w):
    cohort = _new_cohort(w)
    w.user_id("gov")
    joined = w.post("gov", "/join", {"code": cohort.join_code})  # "Welcome to <name>!"
    assert joined.status_code == 302
    return [w.text("trainer", "/cohorts"), w.text("trainer", f"/cohorts/{cohort.id}"),
            w.text("gov", joined.headers["Location"]), w.text("gov", "/my/sessions"),
            w.text("trainer", f"/cohorts/{cohort.id}/agenda.html"),
            w.text("trainer", f"/cohorts/{cohort.id}/exercises")]


def _venue_submit(w, value):
    return w.post("trainer", f"/cohorts/{w.cohort}/sessions/new", {
        "module_id": "M1", "date": future(40).isoformat(), "start_time": "10:00", "end_time": "",
        "timezone": "Europe/Kyiv", "venue": value, "online_link": ""})


def _last_session(w):
    from app.scheduling.models import TrainingSession

    w.db.expire_all()
    return w.db.scalar(select(TrainingSession).where(TrainingSession.cohort_id == w.cohort)
                       .order_by(TrainingSession.id.desc()).limit(1))


def _venue_stored(w):
    session = _last_session(w)
    return session.venue if session else None


def _venue_pages(w):
    session = _last_session(w)
    return [w.text("trainer", f"/sessions/{session.id}"), w.text("trainer", f"/cohorts/{w.cohort}"),
            w.text("gov", "/my/sessions"), w.text("gov", f"/sessions/{session.id}")]


def _work_pages(w):
    from app.exercises.models import ExerciseRevision

    revision = w.db.scalar(select(ExerciseRevision.id).where(ExerciseRevision.work_id == w.work)
                           .order_by(ExerciseRevision.id.desc()).limit(1))
    return [w.text("gov", f"/works/{w.work}"), w.text("trainer", f"/works/{w.work}"),
            w.text("gov", f"/works/{w.work}/revisions"),
            w.text("gov", f"/works/{w.work}/revisions/{revision}"),
            w.text("gov", f"/cohorts/{w.cohort}/workbook"),
            w.text("trainer", f"/cohorts/{w.cohort}/workbook?municipality={VINNYTSIA}")]


def _feedback_submit(w, value):
    return w.post("trainer", f"/works/{w.work}/review", {"decision": "comment", "body": value})


def _feedback_stored(w):
    from app.exercises.models import Feedback

    w.db.expire_all()
    return w.db.scalar(select(Feedback.body).where(Feedback.work_id == w.work)
                       .order_by(Feedback.id.desc()).limit(1))


def _report_submit(w, value):
    return w.post("trainer", f"/sessions/{w.session}/report", {"report_notes": value})


def _reason_submit(w, value):
    return w.post("trainer", f"/sessions/{w.session}/reschedule", {
        "date": future(35).isoformat(), "start_time": "14:00", "end_time": "15:00", "reason": value})


def _reason_stored(w):
    from app.scheduling.models import SessionChange

    w.db.expire_all()
    return w.db.scalar(select(SessionChange.reason).where(SessionChange.session_id == w.session)
                       .order_by(SessionChange.id.desc()).limit(1))


def _import_submit(w, value):
    rows = io.StringIO()
    csv.writer(rows).writerows([["name", "email", "municipality_code", "stakeholder_type"],
                                [value, "new.person@example.org", VINNYTSIA, "government"]])
    return w.post("trainer", f"/cohorts/{w.cohort}/import",
                  {"file": upload("people.csv", rows.getvalue().encode("utf-8"))})


def _open_feedback(w):
    """The cohort's session, moved to an hour ago: its feedback form is open."""
    session = w.session_row(w.session)
    now = datetime.now(ZoneInfo("UTC"))
    session.start, session.end = now - timedelta(hours=2), now - timedelta(hours=1)
    w.db.commit()
    return session.id


def _session_feedback_submit(w, value):
    session_id = _open_feedback(w)
    return w.post("gov", f"/sessions/{session_id}/feedback",
                  {"usefulness": "4", "pace": "3", "trainer": "5", "improve": value})


def _session_feedback_stored(w):
    from app.pathway.models import SessionFeedback

    w.db.expire_all()
    return w.db.scalar(select(SessionFeedback.improve).where(
        SessionFeedback.session_id == w.session, SessionFeedback.improve != "").limit(1))


def _session_feedback_pages(w):
    from app.pathway.models import SessionFeedback

    for _ in range(2):  # answers are shown from three on, so that nobody can be recognised,
        # and released three at a time: these two and the probe's own make a batch
        w.db.add(SessionFeedback(session_id=w.session, usefulness=3, pace=3, trainer=3, improve=""))
    w.db.flush()
    w.db.execute(update(SessionFeedback).where(SessionFeedback.session_id == w.session).values(released=True))
    w.db.commit()
    return [w.text("trainer", f"/sessions/{w.session}/feedback/results"),
            w.text("trainer", f"/cohorts/{w.cohort}/learning-report")]


def _import_pages(w):
    return [w.text("trainer", f"/cohorts/{w.cohort}"), w.text("admin", "/admin/users")]


FIELDS = {f.name: f for f in [
    TextField("admin-new-user-name", _new_user_submit, _new_user_stored, _new_user_pages),
    TextField("admin-edit-user-name", _edit_user_submit, _gov_attr("name"), _gov_name_pages),
    TextField("profile-name", _profile("name"), _gov_attr("name"), _gov_name_pages),
    TextField("profile-organisation", _profile("organisation"), _gov_attr("organisation"),
              _organisation_pages),
    TextField("cohort-name", _cohort_submit, _cohort_stored, _cohort_pages),
    TextField("session-venue", _venue_submit, _venue_stored, _venue_pages),
    TextField("exercise-form", lambda w, v: w.save_work("gov", w.work, core_problem=v),
              lambda w: w.work_row(w.work).data.get("core_problem"), _work_pages),
    TextField("exercise-autosave", lambda w, v: w.autosave("gov", w.work, core_problem=v),
              lambda w: w.work_row(w.work).data.get("core_problem"), _work_pages),
    TextField("feedback-comment", _feedback_submit, _feedback_stored,
              lambda w: [w.text("gov", f"/works/{w.work}"), w.text("trainer", f"/works/{w.work}")]),
    TextField("report-notes", _report_submit, lambda w: w.session_row(w.session).report_notes,
              lambda w: [w.text("trainer", f"/sessions/{w.session}/report"),
                         w.text("observer", f"/sessions/{w.session}/report")]),
    TextField("reschedule-reason", _reason_submit, _reason_stored,
              lambda w: [w.text("trainer", f"/sessions/{w.session}")]),
    TextField("csv-import-name", _import_submit, _new_user_stored, _import_pages),
    TextField("session-feedback-improve", _session_feedback_submit, _session_feedback_stored,
              _session_feedback_pages),
]}


def probe_text_shown_escaped(w: World, field: str) -> None:
    """Script and HTML are kept as typed and every page shows them as text."""
    spec = FIELDS[field]
    response = spec.submit(w, XSS)
    if response.status_code == 200 and field == "csv-import-name":
        assert_escaped(response.get_data(as_text=True), "the import page")
    assert spec.stored(w) == XSS, f"{field}: the text was not kept as typed"
    pages = spec.pages(w)
    for body in pages:
        assert_escaped(body, field)
    assert any(SHOWN_MARK in body for body in pages), f"{field}: the text is shown nowhere"


def probe_template_stays_literal(w: World, field: str) -> None:
    """`{{ 7*7 }}` is text: kept and shown as typed, never evaluated."""
    spec = FIELDS[field]
    spec.submit(w, TEMPLATE)
    assert spec.stored(w) == TEMPLATE
    pages = spec.pages(w)
    assert not any("ti49ti" in body for body in pages), f"{field}: a template was evaluated"
    assert any(TEMPLATE in body for body in pages), f"{field}: the text is shown nowhere"


def probe_refused_and_not_saved(w: World, field: str, value: str) -> None:
    """NUL bytes, 10,000 characters, names of nothing but zero-width characters: refused
    with a message before they reach the database; nothing is saved."""
    spec = FIELDS[field]
    before = spec.stored(w)
    response = spec.submit(w, value)
    after = spec.stored(w)
    assert after == before, f"{field}: saved {after!r:.60}"
    who = {"exercise-form": "gov", "exercise-autosave": "gov", "profile-name": "gov",
           "profile-organisation": "gov", "admin-new-user-name": "admin",
           "admin-edit-user-name": "admin", "session-feedback-improve": "gov"}.get(field, "trainer")
    refused(w, who, response)


NAMES = {
    "apostrophe-ascii": "Мар'яна Ткаченко",
    "apostrophe-right-quote": "Мар’яна Ткаченко",
    "apostrophe-modifier": "Марʼяна Ткаченко",
    "emoji": "Олена 🌻 Коваль 👩🏽‍💻",
    "rtl-arabic": "سارة أحمد",
    "rtl-hebrew-mixed": "Олена שרה 2026",
    "nfd-combining": "Андрі\u0439 Йосипенко".replace("\u0439", "\u0438\u0306"),
}


def probe_name_kept_intact(w: World, field: str, key: str) -> None:
    """Cyrillic, apostrophes, emoji and right-to-left text: stored and shown exactly."""
    spec = FIELDS[field]
    name = NAMES[key]
    response = spec.submit(w, name)
    assert response.status_code in (200, 302)
    assert spec.stored(w) == name, f"stored {spec.stored(w)!r}, typed {name!r}"
    pages = spec.pages(w)
    assert any(str(escape(name)) in body for body in pages), "the name is not shown intact"


def probe_zero_width_name_refused(w: World, field: str) -> None:
    probe_refused_and_not_saved(w, field, ZERO_WIDTH)


TEXT_PROBES = (
    [pytest.param(probe_text_shown_escaped, (f,), id=f"xss-{f}") for f in FIELDS]
    + [pytest.param(probe_template_stays_literal, (f,), id=f"template-{f}")
       for f in ("profile-name", "cohort-name", "session-venue", "exercise-form",
                 "feedback-comment", "report-notes", "session-feedback-improve")]
    + [pytest.param(probe_refused_and_not_saved, (f, NUL), id=f"nul-{f}") for f in FIELDS]
    + [pytest.param(probe_refused_and_not_saved, (f, LONG), id=f"10000-chars-{f}")
       for f in ("admin-new-user-name", "admin-edit-user-name", "profile-name",
                 "profile-organisation", "cohort-name", "session-venue", "exercise-form",
                 "csv-import-name", "session-feedback-improve")]
    + [pytest.param(probe_refused_and_not_saved, (f, "Я" * (limit + 1)), id=f"over-limit-{f}")
       for f, limit in (("report-notes", 20_000), ("feedback-comment", 10_000),
                        ("reschedule-reason", 300))]
    + [pytest.param(probe_zero_width_name_refused, (f,), id=f"zero-width-{f}")
       for f in ("admin-new-user-name", "profile-name", "cohort-name", "csv-import-name")]
    + [pytest.param(probe_name_kept_intact, ("profile-name", k), id=f"name-{k}") for k in NAMES]
    + [pytest.param(probe_name_kept_intact, ("csv-import-name", k), id=f"csv-name-{k}")
       for k in ("apostrophe-ascii", "apostrophe-right-quote", "apostrophe-modifier")]
)


# --- where script comes out besides pages: Markdown, SVG, JSON, exports, PDF ---------------------

def probe_markdown_export_escaped(w: World) -> None:
    w.save_work("gov", w.work, core_problem=XSS, causes=f"{XSS}\n  [x](javascript:alert(1))",
                evidence="<b>bold</b> {{ 7*7 }}")
    md = w.get("gov", f"/works/{w.work}/export.md").get_data(as_text=True)
    assert re.search(r"(?<!\\)<(script|img|b>)", md) is None, md
    assert "\\<script\\>" in md and "\\[x\\](javascript" in md and "\\{\\{ 7\\*7 \\}\\}" in md


def probe_svg_escaped(w: World) -> None:
    w.save_work("gov", w.work, core_problem=XSS, causes=XSS, effects=XSS)
    response = w.get("gov", f"/works/{w.work}/tree.svg")
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml" and "default-src 'none'" in \
        response.headers["Content-Security-Policy"]
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def probe_roadmap_outputs(w: World) -> None:
    """Step text in the Gantt SVG is escaped; the CSV carries it literally, as text/csv."""
    w.roadmap  # noqa: B018
    w.save_work("gov", w.roadmap, plan_start="2027-01-01", plan_end="2027-12-31", **{
        "steps-0-step_id": "1.1", "steps-0-title": XSS, "steps-0-start_date": "2027-01-10",
        "steps-0-end_date": "2027-02-10", "steps-0-owner": XSS, "steps-0-status": "in_progress",
        "steps-0-notes": XSS})
    svg = w.get("gov", f"/works/{w.roadmap}/gantt.svg").get_data(as_text=True)
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
    response = w.get("gov", f"/works/{w.roadmap}/roadmap.csv")
    assert response.mimetype == "text/csv" and response.headers["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [rows[2][1], rows[2][4], rows[2][6]] == [XSS, XSS, XSS]  # literal, not mangled


def probe_autosave_answers_json(w: World) -> None:
    response = w.autosave("gov", w.work, core_problem=XSS)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["saved"] is True


def probe_conflict_page_escaped(w: World) -> None:
    """A stale save shows the newer version (rendered Markdown) next to yours: both escaped."""
    w.user_id("cso")
    version = w.work_row(w.work).version
    w.post("gov", f"/works/{w.work}", {"version": str(version), "f-core_problem": XSS})
    response = w.post("cso", f"/works/{w.work}", {"version": str(version),
                                                   "f-core_problem": XSS + " (cso)"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert_escaped(body, "the conflict page")
    assert SHOWN_MARK in body


def probe_pdf_reads_back_literally(w: World) -> None:
    from pypdf import PdfReader

    text = 'Бюджет <script>alert("pdf")</script> & <b>bold</b> {{ 7*7 }}'
    w.save_work("gov", w.work, core_problem=text)
    response = w.get("gov", f"/works/{w.work}/export.pdf")
    assert response.mimetype == "application/pdf"
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(pdf.split())
    assert '<script>alert("pdf")</script>' in flat and "<b>bold</b>" in flat and "{{ 7*7 }}" in flat


def probe_certificate_pdf_name(w: World) -> None:
    from pypdf import PdfReader

    from app.orientation.services import issue_certificate

    gov = w.user("gov")
    gov.name = "Тарас <script>alert(1)</script>"
    w.db.commit()
    code = issue_certificate(w.db, "module", user_id=gov.id, module_id="M1").code
    w.db.commit()
    response = w.get("gov", f"/certificates/{code}.pdf")
    assert response.status_code == 200
    pdf = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages).split())
    assert "<script>alert(1)</script>" in pdf
    assert_escaped(w.text(None, f"/verify/{code}"), "the public verification page")


def probe_session_deck_venue(w: World) -> None:
    session = w.session_row(w.session)
    session.venue = 'Зал <script>alert("venue")</script>'
    w.db.commit()
    response = w.get("trainer", f"/sessions/{w.session}/deck.pptx")
    assert response.status_code == 200
    assert "<script" not in _pptx_xml(response.data)
    assert 'Зал <script>alert("venue")</script>' in _pptx_text(response.data)


def probe_quiz_answers(w: World) -> None:
    response = w.post("gov", "/course/modules/M1/quiz", {"version": XSS, "q-0": XSS, "q-1": "-1",
                                                          "q-x": XSS})
    assert response.status_code in (409, 422)
    assert_escaped(response.get_data(as_text=True), "the quiz page")


def probe_registry_names(w: World) -> None:
    """Hromada names and oblasts come from an imported registry: shown as text everywhere,
    including the dashboard's inline SVG chart."""
    from app.orientation.services import issue_certificate

    hromada = w.municipality(VINNYTSIA)
    hromada.name_uk, hromada.name_en, hromada.oblast = XSS, XSS, XSS
    hromada.oblast_en = XSS
    w.db.commit()
    code = issue_certificate(w.db, "municipality", municipality_id=hromada.id).code
    w.db.commit()
    pages = [w.text("observer", "/dashboard"), w.text("observer", "/dashboard/municipalities"),
             w.text("observer", f"/dashboard/municipalities/{VINNYTSIA}"),
             w.text("trainer", f"/admin/municipalities/{VINNYTSIA}"),
             w.text("admin", "/admin/municipalities"), w.text(None, f"/verify/{code}")]
    for body in pages:
        assert_escaped(body, "a registry page")
    assert all(SHOWN_MARK in body for body in pages)


def probe_reflected_search(w: World) -> None:
    pages = [w.text("admin", f"/admin/users?q={XSS}"), w.text("admin", f"/admin/municipalities?q={XSS}"),
             w.text("observer", f"/dashboard/municipalities?q={XSS}&oblast={XSS}"),
             w.text("observer", f"/dashboard/missing?q={XSS}")]
    for body in pages:
        assert_escaped(body, "a search page")
    assert any(SHOWN_MARK in body for body in pages)


def probe_reflected_login_next(w: World) -> None:
    body = w.text(None, f"/login?next={XSS}")
    assert_escaped(body, "the login page")


def probe_reflected_verify_code(w: World) -> None:
    response = w.get(None, "/verify/<script>alert(1)")
    assert response.status_code == 404
    assert "<script>alert" not in response.get_data(as_text=True)


def probe_reflected_agenda_parameters(w: World) -> None:
    w.user_id("gov")
    for query in (f"start={XSS}", f"start=2030-01-10T10:00&tz={XSS}"):
        response = w.get("gov", f"/course/plans/tot-two-day/agenda.html?{query}")
        body = refused(w, "gov", response)
        assert_escaped(body, query)


OUTPUT_PROBES = [pytest.param(f, (), id=name) for name, f in [
    ("xss-markdown-export", probe_markdown_export_escaped),
    ("xss-problem-tree-svg", probe_svg_escaped),
    ("xss-roadmap-svg-and-csv", probe_roadmap_outputs),
    ("xss-autosave-json", probe_autosave_answers_json),
    ("xss-conflict-page", probe_conflict_page_escaped),
    ("xss-exercise-pdf", probe_pdf_reads_back_literally),
    ("xss-certificate-pdf", probe_certificate_pdf_name),
    ("xss-session-deck-venue", probe_session_deck_venue),
    ("xss-quiz", probe_quiz_answers),
    ("xss-reflected-search", probe_reflected_search),
    ("xss-hromada-registry-names", probe_registry_names),
    ("xss-reflected-login-next", probe_reflected_login_next),
    ("xss-reflected-verify-code", probe_reflected_verify_code),
    ("xss-reflected-agenda-parameters", probe_reflected_agenda_parameters),
]]


# --- links -----------------------------------------------------------------------------------------

BAD_LINKS = {
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "javascript-entity": "&#106;avascript:alert(1)",
    "vbscript": "vbscript:msgbox(1)",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "protocol-relative": "//evil.example/x",
    "backslash-relative": "\\\\evil.example/x",
}


def probe_online_link_refused(w: World, link: str) -> None:
    from app.scheduling.models import TrainingSession

    before = w.count(TrainingSession)
    response = w.post("trainer", f"/cohorts/{w.cohort}/sessions/new", {
        "module_id": "M1", "date": future(45).isoformat(), "start_time": "10:00", "end_time": "",
        "timezone": "Europe/Kyiv", "venue": "", "online_link": link})
    body = refused(w, "trainer", response)
    assert "https://" in body  # the message says what a link must look like
    assert w.count(TrainingSession) == before


def probe_cohort_online_link_refused(w: World, link: str) -> None:
    from app.scheduling.models import Cohort

    w.user_id("trainer")
    response = w.post("trainer", "/cohorts/new", {
        "name": "Онлайн", "plan_id": "tot-two-day", "start_date": future(20).isoformat(),
        "start_time": "", "timezone": "Europe/Kyiv", "capacity": 30, "municipality_codes": "",
        "venue": "", "online_link": link})
    refused(w, "trainer", response)
    assert w.count(Cohort) == 0


LINK_PROBES = (
    [pytest.param(probe_online_link_refused, (link,), id=f"online-link-{key}")
     for key, link in BAD_LINKS.items()]
    + [pytest.param(probe_cohort_online_link_refused, ("javascript:alert(1)",),
                    id="cohort-online-link-javascript")]
)

MARKDOWN_LINKS = {
    "inline-javascript": "[click](javascript:alert(1))",
    "inline-javascript-case": "[click](JAVASCRIPT:alert(1))",
    "inline-javascript-entity": "[click](&#x6A;avascript:alert(1))",
    "inline-javascript-escaped-colon": "[click](javascript&colon;alert(1))",
    "inline-data": "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "inline-protocol-relative": "[click](//evil.example/x)",
    "inline-vbscript": "[click](vbscript:msgbox(1))",
    "image-javascript": "![pic](javascript:alert(1))",
    "image-data": "![pic](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Pg==)",
    "autolink-javascript": "<javascript:alert(1)>",
    "reference-javascript": "[click][r]\n\n[r]: javascript:alert(1)",
    "reference-protocol-relative": "[click][r]\n\n[r]: //evil.example/x",
    "raw-html-script": "<script>alert(1)</script>",
    "raw-html-img": '<img src=x onerror="alert(1)">',
    "raw-html-anchor": '<a href="javascript:alert(1)">click</a>',
}
SAFE_URL = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


@pytest.mark.parametrize("source", MARKDOWN_LINKS.values(), ids=list(MARKDOWN_LINKS))
def test_markdown_probe(source):
    """Only http, https and mailto links survive Markdown rendering; raw HTML is text."""
    from app.content.markdown import render_html

    html = check_html(render_html(f"Before {source} after.\n\n[ok](https://ok.example/)"))
    urls = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert "https://ok.example/" in urls
    assert all(SAFE_URL.match(url) for url in urls), urls
    assert "<script" not in html.lower()
    assert not re.search(r"<img[^>]*onerror", html, re.IGNORECASE)


def check_html(html: str) -> str:
    """The pure renderer's `check()`: it answered, with text."""
    assert isinstance(html, str)
    return html


# --- the deck built from a module with script in its text ------------------------------------------

def _pptx_text(data: bytes) -> str:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)


def _pptx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as pptx:
        return "\n".join(pptx.read(name).decode("utf-8") for name in pptx.namelist()
                         if name.endswith((".xml", ".rels")) and not name.startswith("ppt/theme/"))


@pytest.mark.parametrize("lang", ["uk"])
def test_deck_probe(plain_runner, tmp_path, lang):
    """Script, HTML, braces and bad links in a module stay literal text on the slides."""
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    check_cli(plain_runner.invoke(args=["deck", str(FIXTURES / "script-module.md"), "-o", str(out),
                                        "--lang", lang]))
    xml = _pptx_xml(out.read_bytes())
    assert "<script" not in xml and "<img" not in xml and "<b>" not in xml
    assert "&lt;script&gt;alert('bullet')&lt;/script&gt;" in xml
    assert not re.search(r'Target="(javascript:|data:|//)', xml), "a bad link became a hyperlink"
    texts = _pptx_text(out.read_bytes())
    prs = Presentation(str(out))
    for literal in ("Deck <script>alert('deck')</script>", "Bullet <script>alert('bullet')</script>",
                    "Welcome <script>alert('topic')</script>", "{{ 7*7 }}"):
        assert literal in texts, literal
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert "Trainer note <script>alert('notes')</script>" in notes


# --- redirects after login -------------------------------------------------------------------------

BAD_NEXT = {
    "absolute": "https://evil.example/",
    "protocol-relative": "//evil.example/",
    "backslash": "/\\evil.example",
    "double-backslash": "\\\\evil.example",
    "javascript": "javascript:alert(1)",
    "scheme-no-slashes": "https:evil.example",
    "triple-slash": "///evil.example",
    "tab-inside": "/\t/evil.example",
    "leading-space": " //evil.example",
    "encoded-slashes": "/%2F%2Fevil.example",
}


def probe_login_next(w: World, target: str) -> None:
    w.user_id("trainer")
    response = w.post(None, "/login", {"email": PEOPLE["trainer"]["email"], "password": PASSWORD,
                                       "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    if target.startswith("/%2F"):  # percent-encoded slashes are one local path segment
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc and location.startswith("/%2F"), location
    else:
        assert location in ("/", "http://localhost/"), location
    assert w.get(None, "/profile").status_code == 200  # logged in all the same


def probe_locale_next(w: World, target: str) -> None:
    response = w.post(None, "/locale", {"locale": "en", "next": target})
    assert response.status_code == 302 and response.headers["Location"] in ("/", "http://localhost/")


REDIRECT_PROBES = (
    [pytest.param(probe_login_next, (t,), id=f"login-next-{k}") for k, t in BAD_NEXT.items()]
    + [pytest.param(probe_locale_next, (BAD_NEXT[k],), id=f"locale-next-{k}")
       for k in ("protocol-relative", "backslash")]
)


# --- CSRF: missing or someone else's token ---------------------------------------------------------

def _foreign_token(w: World) -> str:
    """A valid token, but of another browser's session."""
    return w.csrf("cso")


def probe_csrf_form(w: World, who, url_of, data, token, unchanged) -> None:
    data = dict(data)
    if token == "foreign":
        data["csrf_token"] = _foreign_token(w)
    w.client(who)
    url = url_of(w)
    state = unchanged(w)
    response = w.raw_post(who, url, data=data)
    assert response.status_code == 400
    assert unchanged(w) == state


def probe_csrf_autosave(w: World, token) -> None:
    work = w.work
    header = False if token == "missing" else _foreign_token(w)
    response = w.autosave("gov", work, token=header, core_problem="підроблено")
    assert response.status_code == 400
    assert w.work_row(work).version == 1


def _count_of(model_path: str):
    def count(w):
        module, name = model_path.rsplit(".", 1)
        return w.count(getattr(importlib.import_module(module), name))

    return count


CSRF_CASES = {
    "profile": ("gov", lambda w: "/profile", {"name": "Hijacked", "organisation": "", "position": "",
                                              "locale": "en"}, _gov_attr("name")),
    "work-form": ("gov", lambda w: f"/works/{w.work}", {"version": "1", "f-core_problem": "x"},
                  lambda w: w.work_row(w.work).version),
    "new-cohort": ("trainer", lambda w: "/cohorts/new", {"name": "CSRF", "plan_id": "",
                   "timezone": "Europe/Kyiv", "capacity": 30}, _count_of("app.scheduling.models.Cohort")),
    "new-user": ("admin", lambda w: "/admin/users/new", {"email": "x@example.org", "name": "X",
                 "role": "admin"}, _count_of("app.auth.models.User")),
    "attendance": ("trainer", lambda w: f"/sessions/{w.session}/attendance",
                   {}, _count_of("app.scheduling.models.Attendance")),
    "report-notes": ("trainer", lambda w: f"/sessions/{w.session}/report", {"report_notes": "x"},
                     lambda w: w.session_row(w.session).report_notes),
    "review": ("trainer", lambda w: f"/works/{w.work}/review", {"decision": "comment", "body": "x"},
               _count_of("app.exercises.models.Feedback")),
    "logout": ("gov", lambda w: "/logout", {}, lambda w: w.client("gov").get("/profile").status_code),
    "login": (None, lambda w: "/login", {"email": PEOPLE["trainer"]["email"], "password": PASSWORD},
              lambda w: w.client(None).get("/profile").status_code),
}


def _attendance_data(w):
    return {f"status-{w.user_id('gov')}": "present"}


def probe_csrf(w: World, case: str, token: str) -> None:
    who, url_of, data, unchanged = CSRF_CASES[case]
    if case == "attendance":
        data = _attendance_data(w)
    if case == "login":
        w.user_id("trainer")
    probe_csrf_form(w, who, url_of, data, token, unchanged)


CSRF_PROBES = (
    [pytest.param(probe_csrf, (case, "missing"), id=f"csrf-missing-{case}") for case in CSRF_CASES]
    + [pytest.param(probe_csrf, (case, "foreign"), id=f"csrf-foreign-{case}")
       for case in ("profile", "work-form", "new-user", "review")]
    + [pytest.param(probe_csrf_autosave, (t,), id=f"csrf-{t}-autosave") for t in ("missing", "foreign")]
)


# --- sizes and encodings ---------------------------------------------------------------------------

TEN_MB = 10 * 1024 * 1024


def probe_huge_urlencoded(w: World, who, url_of) -> None:
    body = b"csrf_token=" + w.csrf(who).encode() + b"&name=" + b"a" * TEN_MB
    response = w.raw_post(who, url_of(w), data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def probe_huge_upload(w: World) -> None:
    response = w.post("trainer", f"/cohorts/{w.cohort}/import",
                      {"file": upload("big.csv", b"name,email\n" + b"a" * TEN_MB)})
    assert response.status_code == 413


def probe_invalid_utf8_field(w: World) -> None:
    """Bytes that are not UTF-8 in a form field: a clear message or 400, nothing mangled saved."""
    before = w.user("gov").name
    body = (b"csrf_token=" + w.csrf("gov").encode() + b"&name=Ol\xff\xfeena&organisation=&position="
            b"&locale=en")
    response = w.raw_post("gov", "/profile", data=body, content_type="application/x-www-form-urlencoded")
    if response.status_code != 400:
        refused(w, "gov", response)
    assert w.user("gov").name == before


def probe_invalid_utf8_percent_encoded(w: World) -> None:
    """%FF%FE cannot be decoded as UTF-8: refused, or kept as the literal escape; never a
    replacement character or a lone surrogate that would break an export or PostgreSQL."""
    before = w.user("gov").name
    body = (b"csrf_token=" + w.csrf("gov").encode() + b"&name=Ol%FF%FEena%ED%A0%80&organisation="
            b"&position=&locale=en")
    response = w.raw_post("gov", "/profile", data=body, content_type="application/x-www-form-urlencoded")
    name = w.user("gov").name
    if name != before:
        assert response.status_code == 302
        assert "\ufffd" not in name and name.encode("utf-8"), repr(name)
        assert_escaped(w.text("gov", "/profile"), "the profile page")


def probe_invalid_utf8_autosave(w: World) -> None:
    work = w.work
    body = (b"version=1&f-core_problem=\xc3\x28\xa0\xa1")
    response = w.raw_post("gov", f"/works/{work}/autosave", data=body,
                          content_type="application/x-www-form-urlencoded",
                          headers={"X-CSRFToken": w.csrf("gov"), "Accept": "application/json"})
    if response.status_code != 400:
        assert response.status_code == 422, response.status_code
    assert w.work_row(work).version == 1


BAD_CSV = b"name,email,municipality_code,stakeholder_type\n" + \
    "Олена,olena@example.org,".encode("cp1251") + VINNYTSIA.encode() + b",government\n\xff\xfe\n"


def probe_invalid_utf8_csv(w: World, who, url_of) -> None:
    from app.auth.models import User

    url = url_of(w)
    w.client(who)
    before = w.count(User)
    response = w.post(who, url, {"file": upload("people.csv", BAD_CSV)})
    body = refused(w, who, response)
    assert "UTF-8" in body
    assert w.count(User) == before


def probe_nul_in_csv(w: World, who, url_of) -> None:
    from app.auth.models import User

    url = url_of(w)
    w.client(who)
    before = w.count(User)
    text = f"name,email,municipality_code,stakeholder_type,status\nОлена,ole\x00na@example.org,{VINNYTSIA},government,present\n"
    response = w.post(who, url, {"file": upload("people.csv", text.encode("utf-8"))})
    refused(w, who, response)
    assert w.count(User) == before


def probe_nul_in_query(w: World, who, url) -> None:
    response = w.get(who, url)
    assert response.status_code in (200, 400, 404)


def probe_nul_in_repeated_field(w: World) -> None:
    """A second value of a field (the app reads the first) or a list field with NUL."""
    from app.scheduling.models import Cohort

    w.user_id("other_trainer")
    response = w.post("trainer", "/cohorts/new", MultiDict([
        ("name", "Перша назва"), ("name", "Друга\x00назва"), ("plan_id", ""),
        ("timezone", "Europe/Kyiv"), ("capacity", "30"), ("municipality_codes", ""),
        ("co_trainer_ids", str(w.user_id("other_trainer"))), ("co_trainer_ids", "1\x00")]))
    assert response.status_code in (200, 302, 400)
    w.db.expire_all()
    assert not any("\x00" in name for name in w.db.scalars(select(Cohort.name)))


def probe_nul_login(w: World) -> None:
    w.user_id("trainer")
    response = w.post(None, "/login", {"email": "lead@example.org\x00", "password": PASSWORD})
    assert response.status_code in (200, 400)
    assert w.get(None, "/profile").status_code == 302  # not logged in


def probe_nul_revoke_reason(w: World) -> None:
    from app.orientation.models import ModuleCompletion

    completion = ModuleCompletion(user_id=w.user_id("gov"), module_id="M1", evidence={})
    w.db.add(completion)
    w.db.commit()
    response = w.post("admin", f"/dashboard/completions/{completion.id}/revoke",
                      {"reason": "помилка\x00"})
    refused(w, "admin", response)
    w.db.expire_all()
    assert w.db.get(ModuleCompletion, completion.id).revoked_at is None


def probe_nul_enrol_and_join(w: World) -> None:
    from app.scheduling.models import Enrolment

    w.client("trainer"), w.client("stranger"), w.cohort
    before = w.count(Enrolment)
    refused(w, "trainer", w.post("trainer", f"/cohorts/{w.cohort}/enrol",
                                 {"email": "stranger@example.org\x00", "role": "learner"}))
    refused(w, "stranger", w.post("stranger", "/join", {"code": "ABC\x00789"}))
    assert w.count(Enrolment) == before


SIZE_PROBES = [
    pytest.param(probe_huge_urlencoded, (None, lambda w: "/login"), id="10mb-urlencoded-login"),
    pytest.param(probe_huge_urlencoded, ("gov", lambda w: "/profile"), id="10mb-urlencoded-profile"),
    pytest.param(probe_huge_upload, (), id="10mb-csv-upload"),
    pytest.param(probe_invalid_utf8_field, (), id="invalid-utf8-form-field"),
    pytest.param(probe_invalid_utf8_percent_encoded, (), id="invalid-utf8-percent-encoded-field"),
    pytest.param(probe_invalid_utf8_autosave, (), id="invalid-utf8-autosave-field"),
    pytest.param(probe_invalid_utf8_csv, ("admin", lambda w: "/admin/users/import"),
                 id="invalid-utf8-csv-user-import"),
    pytest.param(probe_invalid_utf8_csv, ("trainer", lambda w: f"/cohorts/{w.cohort}/import"),
                 id="invalid-utf8-csv-participant-import"),
    pytest.param(probe_invalid_utf8_csv, ("trainer", lambda w: f"/sessions/{w.session}/attendance/import"),
                 id="invalid-utf8-csv-attendance-import"),
    pytest.param(probe_nul_in_csv, ("trainer", lambda w: f"/cohorts/{w.cohort}/import"),
                 id="nul-csv-participant-import"),
    pytest.param(probe_nul_in_csv, ("admin", lambda w: "/admin/users/import"), id="nul-csv-user-import"),
    pytest.param(probe_nul_in_csv, ("trainer", lambda w: f"/sessions/{w.session}/attendance/import"),
                 id="nul-csv-attendance-import"),
    pytest.param(probe_nul_login, (), id="nul-login-email"),
    pytest.param(probe_nul_in_repeated_field, (), id="nul-repeated-field-values"),
    pytest.param(probe_nul_in_query, ("admin", "/admin/users?q=%FF%FE%C0%80&role=%FF"),
                 id="invalid-utf8-query"),
    pytest.param(probe_nul_in_query, (None, "/verify/%FF%FE"), id="invalid-utf8-path"),
    pytest.param(probe_nul_revoke_reason, (), id="nul-revoke-reason"),
    pytest.param(probe_nul_enrol_and_join, (), id="nul-enrol-email-and-join-code"),
    pytest.param(probe_nul_in_query, ("admin", "/admin/users?q=Ол%00ена"), id="nul-query-user-search"),
    pytest.param(probe_nul_in_query, ("observer", "/dashboard/municipalities?q=Він%00&oblast=%00"),
                 id="nul-query-dashboard-search"),
    pytest.param(probe_nul_in_query, ("trainer", "/admin/municipalities?q=%00&oblast=%00"),
                 id="nul-query-hromada-search"),
    pytest.param(probe_nul_in_query, (None, "/verify/AB%00CD"), id="nul-path-verify-code"),
    pytest.param(probe_nul_in_query, ("admin", "/admin/municipalities/UA%0005020030000031457"),
                 id="nul-path-hromada-code"),
    pytest.param(probe_nul_in_query, (None, "/calendar/ab%00cd.ics"), id="nul-path-calendar-token"),
]


# --- e-mail addresses in other letter case ------------------------------------------------------------

def probe_email_case_admin_form(w: World, first: str, second: str) -> None:
    from app.auth.models import User

    w.client("admin")

    def create(email):
        return w.post("admin", "/admin/users/new", {
            "email": email, "name": "Олена Коваль", "role": "trainer", "municipality_code": "",
            "stakeholder_type": "", "organisation": "", "position": ""})

    assert create(first).status_code == 302
    before = w.count(User)
    body = refused(w, "admin", create(second))
    assert "already exists" in body
    assert w.count(User) == before


def probe_email_case_csv(w: World, first: str, second: str) -> None:
    """Two spellings of one address in the same file: refused; against an existing account:
    that account is enrolled, no second one is made."""
    from app.auth.models import User

    header = "name,email,municipality_code,stakeholder_type\n"
    both = f"{header}Олена,{first},{VINNYTSIA},government\nОлена,{second},{VINNYTSIA},government\n"
    w.client("trainer"), w.cohort
    before = w.count(User)
    body = refused(w, "trainer", w.post("trainer", f"/cohorts/{w.cohort}/import",
                                        {"file": upload("p.csv", both.encode())}))
    assert "twice" in body
    assert w.count(User) == before
    one = f"{header}Олена,{first},{VINNYTSIA},government\n"
    assert w.post("trainer", f"/cohorts/{w.cohort}/import",
                  {"file": upload("p.csv", one.encode())}).status_code == 200
    again = f"{header}Олена,{second},{VINNYTSIA},government\n"
    assert w.post("trainer", f"/cohorts/{w.cohort}/import",
                  {"file": upload("p.csv", again.encode())}).status_code == 200
    assert w.count(User) == before + 1


EMAIL_PROBES = [
    pytest.param(probe_email_case_admin_form, ("olena@example.org", "Olena@Example.ORG"),
                 id="email-case-latin"),
    pytest.param(probe_email_case_admin_form, ("олена@приклад.укр", "ОЛЕНА@Приклад.УКР"),
                 id="email-case-cyrillic"),
    pytest.param(probe_email_case_admin_form, ("Olena@Example.org", " olena@example.org "),
                 id="email-case-and-spaces"),
    pytest.param(probe_email_case_csv, ("olena@example.org", "OLENA@EXAMPLE.ORG"), id="email-case-csv"),
    pytest.param(probe_email_case_csv, ("Їжак@Приклад.укр", "їжак@приклад.УКР"),
                 id="email-case-csv-cyrillic"),
]


# --- times that cannot be -----------------------------------------------------------------------------

def probe_bad_session_time(w: World, day: str, start: str, end: str, module: str, words) -> None:
    from app.scheduling.models import TrainingSession

    before = w.count(TrainingSession)
    response = w.post("trainer", f"/cohorts/{w.cohort}/sessions/new", {
        "module_id": module, "date": day, "start_time": start, "end_time": end,
        "timezone": "Europe/Kyiv", "venue": "", "online_link": ""})
    body = refused(w, "trainer", response)
    assert any(word in body for word in words), body[-2000:]
    assert w.count(TrainingSession) == before


def probe_bad_reschedule(w: World, day: str, start: str, end: str, words) -> None:
    old = w.session_row(w.session).start
    response = w.post("trainer", f"/sessions/{w.session}/reschedule",
                      {"date": day, "start_time": start, "end_time": end, "reason": ""})
    body = refused(w, "trainer", response)
    assert any(word in body for word in words), body[-2000:]
    assert w.session_row(w.session).start == old


TIME_PROBES = [
    pytest.param(probe_bad_session_time, (future(50).isoformat(), "10:00", "09:00", "M1",
                                          ["end must be after the start"]), id="session-end-before-start"),
    pytest.param(probe_bad_session_time, (future(50).isoformat(), "10:00", "10:00", "M1",
                                          ["end must be after the start"]), id="session-end-equals-start"),
    pytest.param(probe_bad_session_time, ("9999-12-31", "23:30", "", "M2", ["9999", "year", "date"]),
                 id="session-year-9999-overflowing-end"),
    pytest.param(probe_bad_session_time, ("9999-06-01", "10:00", "12:00", "M1", ["9999", "year", "date"]),
                 id="session-year-9999"),
    pytest.param(probe_bad_session_time, ("0001-01-01", "00:30", "", "M1", ["past", "year", "date"]),
                 id="session-year-0001"),
    pytest.param(probe_bad_session_time, ("2026-03-29", "03:30", "", "M1", ["does not exist"]),
                 id="session-dst-gap-2026-03-29"),
    pytest.param(probe_bad_session_time, ("2027-03-28", "03:30", "", "M1", ["does not exist"]),
                 id="session-dst-gap-2027-03-28"),
    pytest.param(probe_bad_session_time, ("2027-10-31", "03:30", "", "M1", ["happens twice"]),
                 id="session-dst-repeated-hour-2027-10-31"),
    pytest.param(probe_bad_session_time, ("2027-02-30", "10:00", "", "M1", ["Not a valid date", "date"]),
                 id="session-february-30"),
    pytest.param(probe_bad_reschedule, (future(60).isoformat(), "15:00", "14:00",
                                        ["end must be after the start"]), id="reschedule-end-before-start"),
    pytest.param(probe_bad_reschedule, ("2027-03-28", "03:15", "04:30", ["does not exist"]),
                 id="reschedule-dst-gap"),
    pytest.param(probe_bad_reschedule, ("9999-12-31", "22:00", "23:59", ["9999", "year", "date"]),
                 id="reschedule-year-9999"),
]


# --- guessing ids ---------------------------------------------------------------------------------------

def _secret_work(w: World) -> int:
    w.save_work("gov", w.work, core_problem=SECRET, causes=SECRET)
    return w.work


def probe_foreign_work_read(w: World, who: str, suffix: str) -> None:
    work = _secret_work(w)
    if who == "stranger":
        w.other_cohort  # noqa: B018 - a participant of another cohort
    response = w.get(who, f"/works/{work}{suffix}")
    assert response.status_code in (403, 404), response.status_code
    assert SECRET.encode() not in response.data and "Таємниця".encode("utf-16-be") not in response.data


def probe_foreign_work_write(w: World, how: str) -> None:
    work = _secret_work(w)
    version = w.work_row(work).version
    if how == "form":
        response = w.post("other", f"/works/{work}", {"version": str(version), "f-core_problem": "x"})
    elif how == "autosave":
        response = w.autosave("other", work, core_problem="x")
    elif how == "submit":
        response = w.post("other", f"/works/{work}/submit")
    else:
        response = w.post("other_trainer", f"/works/{work}/review", {"decision": "comment", "body": "x"})
    assert response.status_code in (403, 404)
    assert SECRET.encode() not in response.data
    assert w.work_row(work).version == version and w.work_row(work).status == "draft"


def probe_foreign_roadmap_export(w: World, fmt: str) -> None:
    roadmap = w.roadmap
    w.save_work("gov", roadmap, plan_start="2027-01-01", plan_end="2027-12-31",
                **{"steps-0-step_id": "1.1", "steps-0-title": SECRET})
    response = w.get("other", f"/works/{roadmap}/roadmap.{fmt}")
    assert response.status_code in (403, 404)
    assert SECRET.encode() not in response.data


def probe_foreign_attendance(w: World, who: str) -> None:
    from app.scheduling.models import Attendance

    session = w.session
    data = {f"status-{w.user_id('gov')}": "present"}
    if who == "trainer":  # their own session, but a learner of another cohort
        w.other_cohort  # noqa: B018
        data = {f"status-{w.user_id('stranger')}": "present"}
    elif who == "other_trainer":
        w.other_session  # noqa: B018 - they run a cohort of their own
    response = w.post(who, f"/sessions/{session}/attendance", data)
    assert response.status_code in (400, 403, 404)
    assert w.count(Attendance) == 0


def probe_foreign_session_pages(w: World) -> None:
    w.other_session  # noqa: B018
    session_row = w.session_row(w.session)
    session_row.report_notes = SECRET
    w.db.commit()
    for url in (f"/sessions/{w.session}", f"/sessions/{w.session}/report",
                f"/sessions/{w.session}/deck.pptx", f"/sessions/{w.session}/show/state",
                f"/cohorts/{w.cohort}", f"/cohorts/{w.cohort}/exercises"):
        response = w.get("other_trainer", url)
        assert response.status_code in (403, 404), url
        assert SECRET.encode() not in response.data


def probe_foreign_certificate(w: World, kind: str) -> None:
    from app.orientation.services import issue_certificate

    if kind == "municipality":
        certificate = issue_certificate(w.db, "municipality",
                                        municipality_id=w.municipality(VINNYTSIA).id)
    else:
        certificate = issue_certificate(w.db, "module", user_id=w.user_id("gov"), module_id="M1")
    w.db.commit()
    assert w.get("gov", f"/certificates/{certificate.code}.pdf").status_code == 200  # the holder may
    response = w.get("other", f"/certificates/{certificate.code}.pdf")  # another hromada may not
    assert response.status_code in (403, 404)
    assert not response.data.startswith(b"%PDF")


def probe_guessed_certificate_code(w: World) -> None:
    w.user_id("gov")
    for code in ("AAAA-BBBB-CCCC", "0000-0000-0000", "%25", "..%2F..%2Fetc%2Fpasswd"):
        response = w.get("gov", f"/certificates/{code}.pdf")
        assert response.status_code in (400, 404)


def probe_foreign_workbook(w: World) -> None:
    _secret_work(w)
    response = w.get("other", f"/cohorts/{w.cohort}/workbook?municipality={VINNYTSIA}")
    assert response.status_code in (403, 404)
    response = w.get("other", f"/cohorts/{w.cohort}/workbook.pdf?municipality={VINNYTSIA}")
    assert response.status_code in (403, 404)
    body = w.text("other", f"/cohorts/{w.cohort}/workbook")  # their own: without the secret
    assert SECRET not in body


def probe_foreign_quiz_attempt(w: World) -> None:
    from app.quizzes.models import QuizAttempt

    attempt = QuizAttempt(user_id=w.user_id("gov"), module_id="M1", cohort_id=w.cohort,
                          quiz_version="probe", questions=[], answers={}, score=0, passed=False,
                          pass_mark=60)
    w.db.add(attempt)
    w.db.commit()
    assert w.get("other", f"/quiz-attempts/{attempt.id}").status_code == 404
    w.user_id("stranger")
    assert w.get("stranger", f"/quiz-attempts/{attempt.id}").status_code == 404


ID_PROBES = (
    [pytest.param(probe_foreign_work_read, ("other", s), id=f"idor-other-team-work{s or '-page'}")
     for s in ("", "/export.md", "/export.pdf", "/tree.svg", "/revisions", "/stakeholders.svg")]
    + [pytest.param(probe_foreign_work_read, ("stranger", ""), id="idor-other-cohort-participant-work"),
       pytest.param(probe_foreign_work_read, ("other_trainer", "/export.pdf"), id="idor-other-trainer-work")]
    + [pytest.param(probe_foreign_work_write, (h,), id=f"idor-other-team-{h}")
       for h in ("form", "autosave", "submit", "review")]
    + [pytest.param(probe_foreign_roadmap_export, (f,), id=f"idor-roadmap-{f}") for f in ("csv", "xlsx")]
    + [pytest.param(probe_foreign_attendance, (who,), id=f"idor-attendance-{who}")
       for who in ("other_trainer", "trainer", "gov")]
    + [pytest.param(probe_foreign_session_pages, (), id="idor-other-cohort-session-pages"),
       pytest.param(probe_foreign_certificate, ("municipality",), id="idor-other-hromada-certificate"),
       pytest.param(probe_foreign_certificate, ("module",), id="idor-other-person-certificate"),
       pytest.param(probe_guessed_certificate_code, (), id="idor-guessed-certificate-codes"),
       pytest.param(probe_foreign_workbook, (), id="idor-other-hromada-workbook"),
       pytest.param(probe_foreign_quiz_attempt, (), id="idor-quiz-attempt")]
)


# --- numbers no column can hold, digits that are not numbers, JSON too deep to parse ------------

BIG = "99999999999999999999"  # above 2**63 - 1: fits no INTEGER or BIGINT column


def probe_huge_id(w: World, who: str, method: str, url_of) -> None:
    """An id nobody could have: 404 (or 400), like any other id that does not exist."""
    url = url_of(w)
    response = w.get(who, url) if method == "GET" else w.post(who, url, {"status": "present"})
    assert response.status_code in (400, 403, 404), response.status_code


def probe_huge_version(w: World, how: str, version: str = BIG) -> None:
    work = w.work
    data = {"version": version, "f-core_problem": "Проблема"}
    if how == "form":
        response = w.post("gov", f"/works/{work}", data)
    else:
        response = w.raw_post("gov", f"/works/{work}/autosave", data=data,
                              headers={"X-CSRFToken": w.csrf("gov"), "Accept": "application/json"})
    assert response.status_code in (400, 409, 422)
    assert w.work_row(work).version == 1


def probe_checklist_not_a_number(w: World, how: str, value: str) -> None:
    """Checklist boxes are posted as item numbers: '²' passes str.isdigit() but is no int;
    5,000 digits are over Python's int() limit."""
    work = w.work
    data = {"version": "1", "f-definition_check": value}
    if how == "form":
        response = w.post("gov", f"/works/{work}", data)
    else:
        response = w.raw_post("gov", f"/works/{work}/autosave", data=data,
                              headers={"X-CSRFToken": w.csrf("gov"), "Accept": "application/json"})
    assert response.status_code in (302, 200, 400, 422)
    assert w.work_row(work).data.get("definition_check") in ([], None)


def probe_deep_json(w: World, body: str) -> None:
    w.user_id("gov")
    response = w.raw_post("gov", "/api/smart-check", data=body, content_type="application/json",
                          headers={"X-CSRFToken": w.csrf("gov")})
    assert response.status_code == 400 and response.mimetype == "application/json"


HUGE_IDS = {
    "work": ("gov", "GET", lambda w: f"/works/{BIG}"),
    "work-pdf": ("gov", "GET", lambda w: f"/works/{BIG}/export.pdf"),
    "revision": ("gov", "GET", lambda w: f"/works/{w.work}/revisions/{BIG}"),
    "cohort": ("trainer", "GET", lambda w: f"/cohorts/{BIG}"),
    "session": ("trainer", "GET", lambda w: f"/sessions/{BIG}"),
    "session-attendance": ("trainer", "POST", lambda w: f"/sessions/{BIG}/attendance"),
    "quiz-attempt": ("gov", "GET", lambda w: f"/quiz-attempts/{BIG}"),
    "quiz-cohort-arg": ("gov", "GET", lambda w: f"/course/modules/M1/quiz?cohort={BIG}"),
    "admin-user": ("admin", "GET", lambda w: f"/admin/users/{BIG}"),
    "just-over-bigint": ("gov", "GET", lambda w: "/works/9223372036854775808"),
    "just-over-int32": ("gov", "GET", lambda w: "/works/2147483648"),  # PostgreSQL INTEGER
}

NUMBER_PROBES = (
    [pytest.param(probe_huge_id, args, id=f"huge-id-{k}") for k, args in HUGE_IDS.items()]
    + [pytest.param(probe_huge_version, (h,), id=f"huge-version-{h}") for h in ("form", "autosave")]
    + [pytest.param(probe_huge_version, ("autosave", "2147483648"), id="int32-version-autosave")]
    + [pytest.param(probe_checklist_not_a_number, ("autosave", "²"), id="checklist-superscript-two"),
       pytest.param(probe_checklist_not_a_number, ("form", "9" * 5000), id="checklist-5000-digits")]
    + [pytest.param(probe_deep_json, ("[" * 1000 + "]" * 1000,), id="json-nested-1000-deep"),
       pytest.param(probe_deep_json, ('{"text": ' + "[" * 5000 + "]" * 5000 + "}",),
                    id="json-nested-in-a-field")]
)


# --- spreadsheet formulas --------------------------------------------------------------------------------

FORMULAS = {
    "equals": '=HYPERLINK("https://evil.example","click")',
    "plus": '+1+cmd|" /C calc"!A0',
    "minus": '-2+3+cmd|" /C calc"!A0',
    "at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}


def _as_text_cell(value: Any) -> None:
    assert isinstance(value, str) and value.startswith("'"), repr(value)


def _xlsx_text_cell(cell) -> None:
    """XLSX: stored as text with Excel's quote prefix, without the CSV apostrophe."""
    assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.data_type)
    assert not cell.value.startswith("'"), repr(cell.value)


def _xlsx_cells(data: bytes, row_filter) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows() if row_filter(row) for cell in row]


def probe_dashboard_formula(w: World, formula: str) -> None:
    hromada = w.municipality(VINNYTSIA)
    hromada.name_uk = formula
    hromada.name_en = formula + " (en)"
    w.db.commit()
    response = w.get("admin", "/dashboard/export.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == VINNYTSIA)
    _as_text_cell(row[1])
    _as_text_cell(row[2])
    cells = _xlsx_cells(w.get("admin", "/dashboard/export.xlsx").data,
                        lambda r: r[0].value == VINNYTSIA)
    for cell in cells[1:3]:
        _xlsx_text_cell(cell)


def probe_roadmap_formula(w: World, formula: str) -> None:
    roadmap = w.roadmap
    w.save_work("gov", roadmap, plan_start="2027-01-01", plan_end="2027-12-31", **{
        "steps-0-step_id": "1.1", "steps-0-title": formula, "steps-0-start_date": "2027-01-10",
        "steps-0-end_date": "2027-02-10", "steps-0-owner": formula, "steps-0-status": "done",
        "steps-0-notes": formula})
    assert w.work_row(roadmap).data["steps"][0]["owner"].strip() == formula.strip()
    rows = list(csv.reader(io.StringIO(w.get("gov", f"/works/{roadmap}/roadmap.csv").data
                                       .decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == "1.1")
    for column in (1, 4, 6):
        _as_text_cell(row[column])
    cells = _xlsx_cells(w.get("gov", f"/works/{roadmap}/roadmap.xlsx").data,
                        lambda r: r[0].value in ("1.1", "'1.1"))
    for column in (1, 4, 6):
        _xlsx_text_cell(cells[column])


FORMULA_PROBES = (
    [pytest.param(probe_dashboard_formula, (f,), id=f"formula-dashboard-{k}") for k, f in FORMULAS.items()]
    + [pytest.param(probe_roadmap_formula, (f,), id=f"formula-roadmap-{k}")
       for k, f in FORMULAS.items() if k != "carriage-return"]
)


# --- issue 15: inputs an outside attack sent ----------------------------------------------------------------

ARABIC_INDIC_ONE = "\u0661"  # '١': str.isdigit() and re's \d accept it


def probe_table_row_index(w: World, how: str, index: str) -> None:
    """A table cell posted with a row number of 5,000 digits or of Arabic-Indic digits: a
    message, nothing saved, never a 500."""
    work = w._once("stakeholder_work", lambda: w.open_work("gov", w.cohort, "stakeholder-map"))
    data = {"version": "1", f"f-stakeholders-{index}-organisation": "ГО «Світанок»"}
    if how == "form":
        response = w.post("gov", f"/works/{work}", data)
    else:
        response = w.raw_post("gov", f"/works/{work}/autosave", data=data,
                              headers={"X-CSRFToken": w.csrf("gov"), "Accept": "application/json"})
    assert response.status_code in (400, 422), response.status_code
    body = refused(w, "gov", response)
    assert "row" in body
    assert w.work_row(work).version == 1


def probe_plan_agenda_year(w: World, start: str) -> None:
    w.user_id("gov")
    response = w.get("gov", f"/course/plans/tot-two-day/agenda.html?start={start}")
    body = refused(w, "gov", response)
    assert "2000" in body and "2100" in body


def probe_cohort_start_year(w: World, day: str) -> None:
    from app.scheduling.models import Cohort

    w.user_id("trainer")
    response = w.post("trainer", "/cohorts/new", {
        "name": "Далеке майбутнє", "plan_id": "tot-two-day", "start_date": day, "start_time": "",
        "timezone": "Europe/Kyiv", "capacity": 30, "municipality_codes": "", "venue": "",
        "online_link": ""})
    body = refused(w, "trainer", response)
    assert "2000" in body and "2100" in body
    assert w.count(Cohort) == 0


def probe_exercise_date_year(w: World, how: str, day: str) -> None:
    work = w.roadmap
    data = {"version": "1", "f-plan_start": day}
    if how == "form":
        response = w.post("gov", f"/works/{work}", data)
    else:
        response = w.raw_post("gov", f"/works/{work}/autosave", data=data,
                              headers={"X-CSRFToken": w.csrf("gov"), "Accept": "application/json"})
    body = refused(w, "gov", response)
    assert "2000" in body and "2100" in body
    assert w.work_row(work).version == 1


def probe_join_by_staff(w: World, who: str) -> None:
    """Only participants join as learners: a trainer of another cohort or an observer who
    knows the code stays out (and so cannot read the cohort's workbooks as a learner)."""
    from app.scheduling.models import Cohort, Enrolment

    code = w.db.get(Cohort, w.cohort).join_code
    response = w.post(who, "/join", {"code": code})
    refused(w, who, response)
    assert w.count(Enrolment, Enrolment.cohort_id == w.cohort, Enrolment.user_id == w.user_id(who),
                   Enrolment.role == "learner") == 0


def probe_checkin_guessing(w: World) -> None:
    from app.scheduling.models import Attendance, SessionTrainer, TrainingSession

    now = datetime.now(ZoneInfo("UTC"))
    session = TrainingSession(cohort_id=w.cohort, module_id="M1", content_version="0" * 16,
                              start=now - timedelta(minutes=5), end=now + timedelta(minutes=55),
                              timezone="Europe/Kyiv", checkin_code="QRST")
    w.db.add(session)
    w.db.flush()
    w.db.add(SessionTrainer(session_id=session.id, user_id=w.user_id("trainer")))
    w.db.commit()
    for n in range(w.app.config["GUESS_MAX_PER_ACCOUNT"]):
        w.post("gov", f"/sessions/{session.id}/checkin", {"code": f"Z{n:03d}"})
    response = w.post("gov", f"/sessions/{session.id}/checkin", {"code": "QRST"})
    body = refused(w, "gov", response)
    assert "Too many wrong codes" in body
    assert w.count(Attendance, Attendance.session_id == session.id) == 0


def probe_user_import_rows(w: World, rows: int) -> None:
    from app.auth.models import User

    w.user_id("admin")
    before = w.count(User)
    body = "email,name,role,municipality_code,stakeholder_type\n" + "".join(
        f"bulk{i}@example.org,Особа {i},participant,{VINNYTSIA},government\n" for i in range(rows))
    response = w.post("admin", "/admin/users/import", {"file": upload("users.csv", body.encode())},
                      content_type="multipart/form-data")
    text = refused(w, "admin", response)
    assert str(w.app.config["USER_IMPORT_MAX_ROWS"]) in text
    assert w.count(User) == before


def probe_attendance_csv(w: World, body: str, words) -> None:

    w.user_id("gov")
    response = w.post("trainer", f"/sessions/{w.session}/attendance/import",
                      {"file": upload("sheet.csv", body.encode())}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = w.text("trainer", response.headers["Location"])
    assert any(word in page for word in words), page[-1500:]


SAFETY_PROBES = (
    [pytest.param(probe_join_by_staff, (who,), id=f"join-by-{who}")
     for who in ("other_trainer", "observer", "admin")]
    + [pytest.param(probe_checkin_guessing, (), id="checkin-code-guessing")]
    + [pytest.param(probe_user_import_rows, (rows,), id=f"user-import-{rows}-rows")
       for rows in (10_000, 501)]
    + [pytest.param(probe_attendance_csv, ("email,status\n", ["nothing was imported"]),
                    id="attendance-csv-header-only"),
       pytest.param(probe_attendance_csv, ("Ел. пошта;Статус\ngov@example.org;присутній\n",
                                           ["Attendance imported."]),
                    id="attendance-csv-semicolons-ukrainian")]
    +
    [pytest.param(probe_plan_agenda_year, (start,), id=f"plan-agenda-start-{start[:4]}")
     for start in ("9999-12-31T23:00", "1999-01-01T10:00")]
    + [pytest.param(probe_cohort_start_year, (day,), id=f"cohort-start-{day[:4]}")
       for day in ("9999-12-31", "1900-01-01", "2101-01-01")]
    + [pytest.param(probe_exercise_date_year, (how, day), id=f"exercise-date-{day[:4]}-{how}")
       for how in ("form", "autosave") for day in ("9999-12-31", "0001-01-01")]
    +
    [pytest.param(probe_table_row_index, (how, index), id=f"table-row-index-{name}-{how}")
     for how in ("form", "autosave")
     for name, index in (("5000-digits", "9" * 5000), ("arabic-indic", ARABIC_INDIC_ONE),
                         ("arabic-indic-long", "\u0669" * 40))]
)


# --- the table ---------------------------------------------------------------------------------------------

PROBES = (TEXT_PROBES + OUTPUT_PROBES + LINK_PROBES + REDIRECT_PROBES + CSRF_PROBES + SIZE_PROBES
          + EMAIL_PROBES + TIME_PROBES + ID_PROBES + NUMBER_PROBES + FORMULA_PROBES
          + SAFETY_PROBES)


@pytest.mark.parametrize("run, args", PROBES)
def test_probe(world, run, args):
    run(world, *args)
    world.finish()

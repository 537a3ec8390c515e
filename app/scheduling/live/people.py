"""Adding people to a cohort by name (one by one, or many rows pasted from a spreadsheet),
and their invitations: sent again by the cohort's trainers, links to copy without SMTP.

Every row or none: rows are checked and added inside a savepoint; when any row is wrong the
savepoint is rolled back and every wrong row comes back with what is wrong in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import Invitation, User
from app.auth.services import NewUser, create_user, user_by_email
from app.db import utcnow
from app.errors import ServiceError
from app.registry.lookup import find_hromada, suggest
from app.registry.lookup import label as hromada_label
from app.registry.models import Municipality
from app.scheduling.live.paste import PastedRow, match_choice
from app.scheduling.models import Cohort, Enrolment
from app.scheduling.services import enrol
from app.text import email_key, uk_sort_key

COHORT_ROLES = ("learner", "trainer", "observer")
ACCOUNT_ROLE = {"learner": "participant", "trainer": "trainer", "observer": "observer"}


def _labels(messages: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each value with its label in both languages (what a person may type)."""
    out: dict[str, tuple[str, ...]] = {}
    for value, message in messages.items():
        names = []
        for lang in ("uk", "en"):
            with force_locale(lang):
                names.append(_(message))
        out[value] = tuple(names)
    return out


def stakeholder_choices() -> dict[str, tuple[str, ...]]:
    choices = _labels({"government": "Government", "civil_society": "Civil society",
                       "other_non_governmental": "Other non-governmental"})
    choices["government"] += ("влада", "органи місцевого самоврядування", "ОМС", "уряд")
    choices["civil_society"] += ("громадська організація", "ГО", "НУО")
    return choices


def role_choices() -> dict[str, tuple[str, ...]]:
    choices = _labels({"learner": "Participant", "trainer": "Co-trainer", "observer": "Observer"})
    choices["learner"] += ("participant", "учасниця", "learner")
    choices["trainer"] += ("trainer", "тренер", "тренерка", "співтренерка")
    choices["observer"] += ("спостерігачка",)
    return choices


@dataclass
class RowError:
    line: int
    field: str
    message: str
    values: dict[str, str] = field(default_factory=dict)
    candidates: list[Municipality] = field(default_factory=list)


@dataclass
class AddResult:
    created: list[User] = field(default_factory=list)
    enrolled: list[User] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _hromada(db: Session, typed: str, locale: str) -> tuple[Municipality | None, RowError | None]:
    match = find_hromada(db, typed)
    if match.found is not None:
        return match.found, None
    if match.ambiguous:
        example = hromada_label(match.candidates[0], locale)
        return None, RowError(0, "hromada", _(
            "Several hromadas are called «%(name)s»: choose one, or add the oblast in brackets, "
            "e.g. «%(example)s».", name=typed[:80], example=example), candidates=match.candidates[:20])
    return None, RowError(0, "hromada", _(
        "No hromada is called «%(name)s». Check the spelling or choose from the list.",
        name=typed[:80]), candidates=suggest(db, typed))



class _Refused(Exception):
    """Some rows were wrong: the savepoint of the whole import is rolled back."""

def add_people(db: Session, cohort: Cohort, rows: list[PastedRow], actor: User,
               locale: str = "uk") -> AddResult:
    """Creates the accounts that do not exist yet and enrols everyone (flushes), or, when a
    row is wrong, adds nobody and returns every wrong row."""
    result = AddResult()
    if not rows:
        result.errors.append(RowError(0, "rows", _("Paste at least one row.")))
        return result
    if len(rows) > 500:
        result.errors.append(RowError(0, "rows", _("At most 500 people at once.")))
        return result
    stakeholders, roles = stakeholder_choices(), role_choices()
    seen: dict[str, int] = {}
    try:
        with db.begin_nested():  # every row or none
            for row in rows:
                values = row.values

                def fail(field_name: str, message: str, candidates=None, row=row) -> None:
                    result.errors.append(RowError(row.line, field_name, message, dict(row.values),
                                                  list(candidates or [])))

                if values.get("_extra"):
                    fail("rows", _("This row has more columns than expected: %(extra)s",
                                   extra=values["_extra"][:80]))
                    continue
                role = match_choice(values.get("role", ""), roles) if values.get("role") else "learner"
                if role is None:
                    fail("role", _("Unknown role «%(v)s»: use %(list)s.", v=values["role"][:40],
                                   list=", ".join(r[0] for r in roles.values())))
                    continue
                stakeholder = ""
                if values.get("stakeholder_type"):
                    stakeholder = match_choice(values["stakeholder_type"], stakeholders) or ""
                    if not stakeholder:
                        fail("stakeholder_type", _("Unknown stakeholder type «%(v)s»: use %(list)s.",
                                                   v=values["stakeholder_type"][:40],
                                                   list=", ".join(s[0] for s in stakeholders.values())))
                        continue
                key = email_key(values.get("email", ""))
                if key and key in seen:
                    fail("email", _("This email is already in line %(n)d.", n=seen[key]))
                    continue
                if key:
                    seen[key] = row.line
                user = user_by_email(db, values.get("email", "")) if key else None
                if user is not None:
                    member = db.scalar(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id,
                                                                  Enrolment.user_id == user.id))
                    if member is not None:
                        fail("email", _("%(name)s (%(email)s) is already in this cohort.",
                                        name=user.name, email=user.email))
                        continue
                    if role == "trainer" and user.role not in ("trainer", "admin"):
                        fail("role", _("%(email)s has no trainer account.", email=user.email))
                        continue
                else:
                    municipality = None
                    if values.get("hromada"):
                        municipality, error = _hromada(db, values["hromada"], locale)
                        if error is not None:
                            fail("hromada", error.message, error.candidates)
                            continue
                    try:
                        with db.begin_nested():
                            user = create_user(db, NewUser(
                                email=values.get("email", ""), name=values.get("name", ""),
                                role=ACCOUNT_ROLE[role],
                                municipality_code=municipality.code if municipality else "",
                                stakeholder_type=stakeholder,
                                locale=locale), actor.id)
                    except ServiceError as error:
                        name = {"municipality_code": "hromada"}.get(error.field or "", error.field or "")
                        message = error.message
                        if name == "hromada":
                            message = _("A participant belongs to a hromada: enter its name.")
                        fail(name, message)
                        continue
                    result.created.append(user)
                try:
                    with db.begin_nested():
                        enrol(db, cohort, user, actor, role)
                except ServiceError as error:
                    fail("rows", error.message)
                    continue
                result.enrolled.append(user)
            if result.errors:
                raise _Refused  # leaving the block rolls the savepoint back
    except _Refused:
        result.created, result.enrolled = [], []
        return result
    audit(db, actor.id, "cohort.add_people", f"cohort:{cohort.id}",
          created=len(result.created), enrolled=len(result.enrolled))
    db.flush()
    return result


# --- invitations ------------------------------------------------------------------------------

def _token_for(invitation_id: int, user_id: int) -> str:
    """The link's secret, derived from the app's secret key: the database keeps only its hash,
    and the trainer can be shown the same link again later."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"spilno-invitation:{invitation_id}:{user_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_invitation(db: Session, user: User, actor_id: int | None) -> str:
    """A new one-time link (older open ones lapse); returns its token (flushes)."""
    now = utcnow()
    for old in db.scalars(select(Invitation).where(Invitation.user_id == user.id,
                                                   Invitation.used_at.is_(None))):
        old.used_at = now
    invitation = Invitation(user_id=user.id, token_hash=_hash(f"placeholder-{user.id}-{now}"),
                            created_by_id=actor_id, created_at=now,
                            expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]))
    db.add(invitation)
    db.flush()
    token = _token_for(invitation.id, user.id)
    invitation.token_hash = _hash(token)
    audit(db, actor_id, "user.invite", f"user:{user.id}")
    db.flush()
    return token


@dataclass
class Pending:
    user: User
    invited_at: datetime | None
    expires_at: datetime | None
    token: str | None  # None: no link that can be shown again (a new one is made on request)

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()


def pending(db: Session, cohort: Cohort) -> list[Pending]:
    """People of the cohort who have not set a password yet, with their open links."""
    people = db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                        .where(Enrolment.cohort_id == cohort.id, User.password_hash.is_(None),
                               User.active.is_(True)))
    out = []
    for user in people:
        invitation = db.scalar(select(Invitation).where(Invitation.user_id == user.id)
                               .order_by(Invitation.id.desc()).limit(1))
        token = None
        if invitation is not None and invitation.used_at is None:
            candidate = _token_for(invitation.id, user.id)
            token = candidate if hmac.compare_digest(_hash(candidate), invitation.token_hash) else None
        out.append(Pending(user, invitation.created_at if invitation else None,
                           invitation.expires_at if invitation and invitation.used_at is None else None,
                           token if invitation and invitation.expires_at > utcnow() else None))
    out.sort(key=lambda p: uk_sort_key(p.user.name))
    return out


def pending_person(db: Session, cohort: Cohort, user_id: int) -> User | None:
    """A person of this cohort still without a password (whom its trainers may invite)."""
    return db.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id)
                     .where(Enrolment.cohort_id == cohort.id, User.id == user_id,
                            User.password_hash.is_(None)))

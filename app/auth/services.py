"""Accounts: creation, login with rate limits, invitations, passwords, CSV import."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app import csvtable
from app.audit import audit, audit_many
from app.auth import throttle
from app.auth.models import ROLES, STAKEHOLDER_TYPES, Invitation, User, new_token
from app.db import insert_many, new_row, utcnow
from app.errors import ServiceError
from app.registry.lookup import CODE_RE, find_hromada
from app.registry.models import Municipality
from app.templating import LABELS
from app.text import email_key, has_control_chars, visible

_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash to check against when the account does not exist, made once per method with
    the configured PASSWORD_HASH_METHOD, so that both cases cost the same work."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(24), method=method)
    return _DUMMY_HASHES[method]


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email_key == email_key(email)))


def validate_password(password: str) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise ServiceError(_("Use at least %(n)d characters.", n=minimum), "password")
    if len(password) > 200:
        raise ServiceError(_("Use at most 200 characters."), "password")
    if has_control_chars(password):
        raise ServiceError(_("The password contains characters that cannot be used."), "password")


@dataclass
class NewUser:
    email: str
    name: str
    role: str
    municipality_code: str = ""
    stakeholder_type: str = ""
    organisation: str = ""
    position: str = ""
    locale: str = "uk"


def create_user(db: Session, new: NewUser, actor_id: int | None, password: str | None = None) -> User:
    """Validates and adds a user (flushes). Raises ServiceError naming the field."""
    email = new.email.strip()
    if email and user_by_email(db, email) is not None:
        raise ServiceError(_("An account with this email already exists."), "email")
    code = new.municipality_code.strip()
    municipality = find_hromada(db, code).found if code else None  # a name or a KATOTTG code
    user = build_user(new, municipality, password)
    db.add(user)
    db.flush()
    audit(db, actor_id, "user.create", f"user:{user.id}", role=user.role, email=user.email)
    return user


def build_user(new: NewUser, municipality: Municipality | None, password: str | None) -> User:
    """Checks what needs no database (the email's uniqueness and the hromada are looked up by
    the caller) and makes the User. Raises ServiceError naming the field."""
    email = new.email.strip()
    if not email or "@" not in email or len(email) > 254 or has_control_chars(email):
        raise ServiceError(_("Enter a valid email address."), "email")
    name = " ".join(new.name.split())
    if not visible(name) or len(name) > 200 or has_control_chars(name):
        raise ServiceError(_("Enter a name of 1 to 200 characters."), "name")
    if new.role not in ROLES:
        raise ServiceError(_("Choose a role."), "role")
    if new.municipality_code.strip() and municipality is None:
        typed_code = CODE_RE.match(new.municipality_code.strip())
        raise ServiceError(_("No hromada has this KATOTTG code.") if typed_code
                           else _("No hromada has this name or KATOTTG code."), "municipality_code")
    if new.role == "participant" and municipality is None:
        raise ServiceError(_("A participant belongs to a hromada: enter its code."), "municipality_code")
    stakeholder = new.stakeholder_type or None
    if stakeholder is not None and stakeholder not in STAKEHOLDER_TYPES:
        raise ServiceError(_("Choose a stakeholder type."), "stakeholder_type")
    if new.role == "participant" and stakeholder is None:
        raise ServiceError(_("Choose a stakeholder type."), "stakeholder_type")
    if password is not None:
        validate_password(password)
    return User(
        email=email,
        email_key=email_key(email),
        name=name,
        role=new.role,
        locale=new.locale if new.locale in ("uk", "en") else "uk",
        municipality_id=municipality.id if municipality else None,
        stakeholder_type=stakeholder,
        organisation=new.organisation.strip()[:200],
        position=new.position.strip()[:200],
        password_hash=hash_password(password) if password is not None else None,
    )


# --- login ----------------------------------------------------------------------------

@dataclass
class LoginResult:
    user: User | None = None
    error: str = ""
    retry_after: int = 0


def authenticate(db: Session, email: str, password: str, address: str) -> LoginResult:
    """Reserves the guess under the rate limits before any password hash is computed.

    The guess is recorded as a failure first and taken back when the password is right, so
    parallel guesses cannot all slip past the count (see app/auth/throttle.py).
    """
    account = email_key(email)
    guess = throttle.reserve(db, "login", account, address)
    if guess.refused:
        minutes = throttle.wait_message_minutes(guess.wait)
        return LoginResult(error=_("Too many failed attempts. Try again in %(m)d min.", m=minutes),
                           retry_after=guess.wait)
    user = user_by_email(db, email)
    # An unknown account costs the same work as a known one: the same method and cost.
    valid = check_password_hash(user.password_hash if user and user.password_hash else _dummy_hash(),
                                password)
    if user is None or not user.password_hash or not valid or not user.active:
        return LoginResult(error=_("Wrong email or password."))
    throttle.forgive_account(db, "login", user.email_key)
    return LoginResult(user=user)


@dataclass
class UserChanges:
    """What an administrator may change on an account (the email stays)."""

    name: str
    role: str
    municipality_code: str = ""
    stakeholder_type: str = ""
    active: bool = True


def update_user(db: Session, user: User, changes: UserChanges, actor: User) -> None:
    """The same rules as creation (a participant belongs to a hromada and has a stakeholder
    type), plus: nobody removes their own administrator access. Ends the account's sessions
    when it is deactivated. Raises ServiceError naming the field."""
    if user.id == actor.id and (changes.role != "admin" or not changes.active):
        raise ServiceError(_("You cannot remove your own administrator access."), "role")
    code = changes.municipality_code.strip()
    municipality = find_hromada(db, code).found if code else None
    checked = build_user(NewUser(email=user.email, name=changes.name, role=changes.role,
                                  municipality_code=code,
                                  stakeholder_type=changes.stakeholder_type),
                          municipality, None)
    before = {"role": user.role, "active": user.active}
    user.name, user.role = checked.name, checked.role
    user.municipality_id, user.stakeholder_type = checked.municipality_id, checked.stakeholder_type
    if user.active and not changes.active:
        end_sessions(user)
    user.active = changes.active
    audit(db, actor.id, "user.update", f"user:{user.id}", before=before,
          after={"role": user.role, "active": user.active})
    db.flush()


def update_profile(db: Session, user: User, name: str, organisation: str, position: str,
                   locale: str) -> None:
    """A person's own name, organisation, position and language."""
    name = " ".join((name or "").split())
    if not visible(name) or len(name) > 200 or has_control_chars(name):
        raise ServiceError(_("Enter a name of 1 to 200 characters."), "name")
    user.name = name
    user.organisation = (organisation or "").strip()[:200]
    user.position = (position or "").strip()[:200]
    set_locale(user, locale)
    db.flush()


def set_locale(user: User, locale: str) -> None:
    if locale in ("uk", "en"):
        user.locale = locale


def end_sessions(user: User) -> None:
    """Every session cookie issued so far stops working."""
    user.session_token = new_token()


def change_password(db: Session, user: User, current: str, new: str) -> None:
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise ServiceError(_("The current password is wrong."), "current_password")
    validate_password(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    audit(db, user.id, "user.password_change", f"user:{user.id}")
    db.flush()


# --- invitations ------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(db: Session, user: User, actor_id: int | None) -> str:
    """A new one-time token (only its hash is stored); older open invitations lapse."""
    now = utcnow()
    for old in db.scalars(select(Invitation).where(Invitation.user_id == user.id,
                                                   Invitation.used_at.is_(None))):
        old.used_at = now
    token = new_token()
    db.add(Invitation(user_id=user.id, token_hash=_digest(token), created_by_id=actor_id,
                      created_at=now,
                      expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"])))
    audit(db, actor_id, "user.invite", f"user:{user.id}")
    db.flush()
    return token


def open_invitation(db: Session, token: str) -> Invitation | None:
    invitation = db.scalar(select(Invitation).where(Invitation.token_hash == _digest(token or "")))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(db: Session, token: str, password: str) -> User:
    invitation = open_invitation(db, token)
    if invitation is None:
        raise ServiceError(_("This invitation link is invalid, used or expired."))
    validate_password(password)
    user = invitation.user
    user.password_hash = hash_password(password)
    invitation.used_at = utcnow()
    end_sessions(user)
    audit(db, user.id, "user.invitation_accepted", f"user:{user.id}")
    db.flush()
    return user


# --- CSV import -------------------------------------------------------------------------

USER_CSV_COLUMNS = ("email", "name", "role", "municipality_code", "stakeholder_type")
# Column names besides the ids: Ukrainian words and the interface's own labels (en and uk).
USER_CSV_NAMES = {
    "email": ("e-mail", "email address", "ел. пошта", "електронна пошта", "пошта",
              "адреса електронної пошти"),
    "name": ("full name", "ім'я", "ім'я та прізвище", "прізвище та ім'я", "прізвище, ім'я", "піб"),
    "role": ("роль",),
    "municipality_code": ("municipality", "hromada", "hromada (katottg code)", "katottg",
                          "громада", "код громади", "катоттг", "код катоттг",
                          "громада (код катоттг)"),
    "stakeholder_type": ("stakeholder type", "stakeholder", "тип зацікавленої сторони",
                         "тип учасника", "сторона", "тип сторони"),
}


def choice_labels(kind: str) -> dict[str, set[str]]:
    """Every value of a closed list with its labels in both interface languages."""
    from flask_babel import force_locale


    names: dict[str, set[str]] = {value: set() for value in LABELS[kind]}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            for value, label in LABELS[kind].items():
                names[value].add(str(label))
    return names


@dataclass
class PeopleSheet:
    """A people CSV read for an import: its rows (line, values by column id, the row's email
    key, a repeat of an earlier row's email), with everything the rows name looked up at once
    (the accounts their emails have, the hromadas their codes name), or the errors that stop
    it before any row (too many rows, missing columns)."""
    rows: list[tuple[int, dict[str, str], str, bool]] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)
    hromadas: dict[str, Municipality] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def hromada(self, db: Session, code: str) -> Municipality | None:
        """The hromada a row names by code (looked up already) or by name."""
        return self.hromadas.get(code.strip().upper()) or (find_hromada(db, code).found if code.strip() else None)


def read_people(db: Session, text: str, columns: tuple[str, ...], required: tuple[str, ...]) -> PeopleSheet:
    """Every lookup of an import first, in two queries, so that the writes after it (SQLite's
    one write lock) last only as long as the inserts. At most USER_IMPORT_MAX_ROWS rows: a
    longer file is refused whole, before any row is written."""
    sheet = PeopleSheet()
    limit = current_app.config["USER_IMPORT_MAX_ROWS"]
    try:
        table = csvtable.read_csv(text, USER_CSV_NAMES, max_rows=limit)
    except csvtable.TooManyRows:
        sheet.errors.append(_("The file has more than %(n)d rows: split it into files of at most "
                              "%(n)d rows and import them one by one.", n=limit))
        return sheet
    missing = table.missing(required)
    if missing:
        sheet.errors.append(_("line 1: missing column(s): %(c)s", c=", ".join(missing)))
        return sheet
    seen: set[str] = set()
    for row in table.rows:
        values = {k: row.values.get(k, "") for k in columns}
        key = email_key(values.get("email", ""))
        sheet.rows.append((row.line, values, key, key in seen))
        seen.add(key)
    keys = {key for _line, _values, key, _again in sheet.rows}
    if keys:
        sheet.accounts = {u.email_key: u for u in db.scalars(select(User).where(User.email_key.in_(keys)))}
    codes = {values.get("municipality_code", "").strip().upper() for _l, values, _k, _a in sheet.rows} - {""}
    if codes:
        sheet.hromadas = {m.code: m for m in db.scalars(select(Municipality).where(Municipality.code.in_(codes)))}
    if not sheet.rows:
        sheet.errors.append(_("The file has no rows: nothing was imported."))
    return sheet


@dataclass
class UserImport:
    created: list[User] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_users_csv(db: Session, text: str, actor_id: int | None) -> UserImport:
    """Every row or none: on any error the caller rolls back and shows `line N: message`."""
    result = UserImport()
    sheet = read_people(db, text, USER_CSV_COLUMNS, ("email", "name"))
    if sheet.errors:
        result.errors = sheet.errors
        return result
    roles, stakeholders = choice_labels("role"), choice_labels("stakeholder")
    for line, values, key, again in sheet.rows:
        if again:
            result.errors.append(_("line %(n)d: this email appears twice in the file", n=line))
            continue
        if values["role"]:
            values["role"] = csvtable.choose(values["role"], roles) or values["role"]
        else:
            values["role"] = "participant"
        if values["stakeholder_type"]:
            values["stakeholder_type"] = (csvtable.choose(values["stakeholder_type"], stakeholders)
                                          or values["stakeholder_type"])
        try:
            if key in sheet.accounts:
                raise ServiceError(_("An account with this email already exists."), "email")
            result.created.append(build_user(NewUser(**values), sheet.hromada(db, values["municipality_code"]),
                                             None))
        except ServiceError as error:
            result.errors.append(_("line %(n)d: %(m)s", n=line, m=error.message))
    if result.errors:
        result.created = []
        return result
    result.created = insert_users(db, result.created, actor_id)
    return result


def insert_users(db: Session, users: list[User], actor_id: int | None) -> list[User]:
    """Writes users built by `build_user` in one batch, each with its audit line, and returns
    them as stored (with their ids), in the same order. Imports write this way so that the
    write transaction (SQLite's one write lock) is a handful of statements, not one a row."""
    insert_many(db, User, [new_row(user) for user in users])
    keys = [user.email_key for user in users]
    stored = {u.email_key: u for u in db.scalars(select(User).where(User.email_key.in_(keys)))} if keys else {}
    created = [stored[key] for key in keys]
    audit_many(db, actor_id, "user.create",
               [(f"user:{u.id}", {"role": u.role, "email": u.email}) for u in created])
    return created


def invite_new_users(db: Session, users: list[User], actor_id: int | None) -> list[str]:
    """One-time tokens for users just created (they have no older invitation to lapse)."""
    now = utcnow()
    expires = now + timedelta(days=current_app.config["INVITATION_DAYS"])
    tokens = [new_token() for _user in users]
    insert_many(db, Invitation, [{"user_id": u.id, "token_hash": _digest(t), "created_by_id": actor_id,
                                  "created_at": now, "expires_at": expires}
                                 for u, t in zip(users, tokens, strict=True)])
    audit_many(db, actor_id, "user.invite", [(f"user:{u.id}", {}) for u in users])
    return tokens

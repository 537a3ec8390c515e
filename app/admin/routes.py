"""AUC administration: users, invitations, the hromada registry, the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from app.admin.forms import EditUserForm, UserForm, UserImportForm
from app.audit import AuditEvent
from app.auth import services as accounts
from app.auth.access import role_required
from app.auth.models import User
from app.db import committing, get_db
from app.errors import ServiceError
from app.forms import uploaded_text
from app.mail import send_invitation
from app.pagination import page_arg, paginate, paginate_list
from app.registry import services as registry
from app.registry.models import MUNICIPALITY_TYPES, Municipality
from app.text import people_sorted, search_key, uk_sort_key

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _invitation_url(token: str) -> str:
    return url_for("auth.invitation", token=token, _external=True)


def _deliver(user: User, token: str) -> None:
    """Email the invitation when SMTP is set up; always show the link to pass on too."""

    url = _invitation_url(token)
    if send_invitation(user.email, user.name, url, user.locale):
        flash(_("Invitation emailed to %(email)s. The one-time link (valid 7 days): %(url)s",
                email=user.email, url=url), "success")
    else:
        flash(_("Send this one-time link (valid 7 days): %(url)s", url=url), "success")


@bp.route("/users")
@role_required("admin")
def users():
    db = get_db()
    q = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "")
    # Ukrainian alphabetical order in SQL, page by page: the stored key of each name
    stmt = select(User).order_by(User.name_sort, User.id)
    if q:
        key = search_key(q)
        stmt = stmt.where(or_(User.email_key.contains(key, autoescape=True),
                              User.name.contains(q, autoescape=True)))
    if role:
        stmt = stmt.where(User.role == role)
    page = paginate(db, stmt, page_arg(request.args.get("page")))
    return render_template("admin/users.html", page=page, q=q, role=role)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    form = UserForm()
    if form.validate_on_submit():
        db = get_db()
        with committing(form) as done:
            user = accounts.create_user(db, accounts.NewUser(
                email=form.email.data, name=form.name.data, role=form.role.data,
                municipality_code=form.municipality_code.data or "",
                stakeholder_type=form.stakeholder_type.data or "",
                organisation=form.organisation.data or "", position=form.position.data or "",
            ), current_user.id)
            token = accounts.create_invitation(db, user, current_user.id)
        if done.ok:
            _deliver(user, token)
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_detail(user_id: int):
    db = get_db()
    user = db.get(User, user_id) or abort(404)
    form = EditUserForm(obj=user, municipality_code=user.municipality.code if user.municipality else "")
    if form.validate_on_submit():
        with committing(form) as done:
            accounts.update_user(db, user, accounts.UserChanges(
                name=form.name.data, role=form.role.data,
                municipality_code=form.municipality_code.data or "",
                stakeholder_type=form.stakeholder_type.data or "", active=form.active.data),
                current_user)
        if done.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_detail.html", user=user, form=form)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required("admin")
def invite_user(user_id: int):
    db = get_db()
    user = db.get(User, user_id) or abort(404)
    with committing():
        token = accounts.create_invitation(db, user, current_user.id)
    _deliver(user, token)
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/import", methods=["GET", "POST"])
@role_required("admin")
def import_users():
    form = UserImportForm()
    errors: list[str] = []
    links: list[tuple[User, str]] = []
    if form.validate_on_submit():
        db = get_db()
        text = uploaded_text(form.file.data)
        if text is None:
            errors = [_("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")]
        else:
            with committing():
                result = accounts.import_users_csv(db, text, current_user.id)
                if result.errors:
                    raise ServiceError(_("Nothing was imported."))
                tokens = accounts.invite_new_users(db, result.created, current_user.id)
                links = [(u, _invitation_url(t)) for u, t in zip(result.created, tokens, strict=True)]
            errors = result.errors
    return render_template("admin/user_import.html", form=form, errors=errors, links=links)


@bp.route("/municipalities")
@role_required("admin", "observer", "trainer")
def municipalities():
    db = get_db()
    q = request.args.get("q", "").strip()[:200]
    oblast = request.args.get("oblast", "")[:100]
    type_ = request.args.get("type", "")
    if type_ not in MUNICIPALITY_TYPES:
        type_ = ""
    # Ukrainian alphabetical order (the database sorts by code point: Є and І first)
    listed = sorted(db.scalars(registry.municipality_query(q, oblast, type_).order_by(None)),
                    key=lambda m: (uk_sort_key(m.oblast), uk_sort_key(m.name_uk)))
    page = paginate_list(listed, page_arg(request.args.get("page")))
    return render_template("admin/municipalities.html", page=page, q=q, oblast=oblast,
                           type_=type_, oblasts=registry.oblasts(db), types=MUNICIPALITY_TYPES)


@bp.route("/municipalities/<code>")
@role_required("admin", "observer", "trainer")
def municipality(code: str):
    db = get_db()
    item = registry.municipality_by_code(db, code) or abort(404)
    members = []
    if current_user.has_role("admin", "observer"):
        members = people_sorted(db.scalars(select(User).where(User.municipality_id == item.id)))
    return render_template("admin/municipality.html", item=item, members=members)


@bp.route("/audit")
@role_required("admin", "observer")
def audit_log():
    db = get_db()
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    page = paginate(db, stmt, page_arg(request.args.get("page")))
    actor_ids = {e.actor_id for e in page.items if e.actor_id}
    actors = {u.id: u for u in db.scalars(select(User).where(User.id.in_(actor_ids)))}
    return render_template("admin/audit.html", page=page, actors=actors)


__all__ = ["Municipality", "bp"]

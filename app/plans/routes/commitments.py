"""Commitments: drafted from the training, edited in both languages, checked beside the form."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.services import library
from app.db import committing, get_db
from app.exercises.models import ExerciseWork
from app.exercises.smart import check_commitment as smart_check
from app.exercises.smart import criterion_label
from app.i18n import catalogue
from app.plans import access, evidence, rules, services, vocab
from app.plans.forms import (
    CommentForm,
    commitment_data,
    has_control,
)
from app.plans.models import ActionPlan, Commitment
from app.plans.routes.common import (
    _commitment,
    _editable,
    _lang,
    _message,
    _plan,
    _rule_messages,
    _team_municipality,
    bp,
    field_error,
    messages,
)
from app.registry.models import Municipality

# --- commitments ----------------------------------------------------------------------------

def _items() -> dict[str, tuple[str, ...]]:
    """The commitment exercise's checklist items (its data stores their positions)."""

    exercise = library().exercise("commitment-template")
    if exercise is None:
        return {}
    return {f.id: f.items for f in exercise.fields if f.items}


@bp.route("/plans/<int:plan_id>/commitments", methods=["POST"])
@login_required
def new_commitment(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    pulled: dict[str, str] = {}
    with committing() as done:
        commitment = services.new_commitment(db, plan, current_user)
        if request.form.get("pull") == "1":
            pulled = services.pull_drafts(db, plan, commitment, current_user,
                                          _team_municipality(plan), _items())
    if not done.ok:
        flash(_message(done.error), "error")
        return redirect(url_for("plans.plan", plan_id=plan.id))
    _flash_pulled(pulled)
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id))


def _flash_pulled(pulled: dict[str, str]) -> None:
    if pulled:
        names = ", ".join(f"{vocab.FIELD_OF[k]}" for k in pulled)
        flash(_("Drafted from your exercises (fields %(fields)s): check and edit them.",
                fields=names), "success")


def _checks(plan: ActionPlan, commitment: Commitment,
            data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The rule panel and SMART report of a commitment: as stored, or (`data`, the form as
    typed, not saved) as it would be; fields that cannot be read are left out."""

    value = services.plan_value(plan, _lang())
    position = plan.commitments.index(commitment)
    mine = value.commitments[position]
    if data is not None:
        bad = {path.split("[")[0].split(".")[0] for path in services.validate_commitment(data)}
        typed = rules.parse_commitment({k: v for k, v in data.items()
                                        if k not in bad and k != "jurisdiction"})
        typed.number, typed.jurisdiction = mine.number, mine.jurisdiction
        value.commitments[position] = mine = typed
    number = mine.number if mine.number is not None else position + 1
    results = [r for r in rules.check_rules(value) if r.commitment == number]
    translations = catalogue(_lang())
    try:
        smart = smart_check(rules.smart_input(mine, _lang()), lang=_lang(),
                                 translations=translations)
    except ValueError:
        smart = None
    criteria = {name: criterion_label(name, translations) for name in (smart or {}).get(
        "criteria", {})}
    return {"rules_list": _rule_messages(results), "smart": smart, "criteria": criteria,
            "missing": set(rules.commitment_missing_english(mine))}


def _commitment_page(plan: ActionPlan, commitment: Commitment, data: dict[str, Any] | None = None,
                     errors: dict[str, str] | None = None, status: int = 200,
                     version: int | None = None):
    db = get_db()
    ids = services.municipality_ids(plan)
    return render_template(
        "plans/commitment.html", plan=plan, commitment=commitment,
        d=data or services.commitment_data(commitment), errors=errors or {},
        stale=status == 409, **_checks(plan, commitment),
        editable=access.can_edit(current_user, ids),
        commentable=access.can_comment(db, current_user, ids), comment_form=CommentForm(),
        comments=[c for c in evidence.comments_of(db, plan) if c.commitment_id == commitment.id],
        window=services.change_window(plan, commitment), vocab=vocab, lang=_lang(),
        msg=messages(), version=version or commitment.version, dmy=rules.dmy,
        works=services.team_works(db, _team_municipality(plan))
        if access.can_edit(current_user, ids) else {}), status


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>")
@login_required
def commitment(plan_id: int, commitment_id: int):
    plan = _plan(plan_id)
    return _commitment_page(plan, _commitment(plan, commitment_id))


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>/check", methods=["POST"])
@login_required
def check_commitment(plan_id: int, commitment_id: int):
    """The live panel (plans.js posts the form as typed): the checks of the unsaved text,
    as HTML rendered by the server; nothing is saved."""
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    data = commitment_data(request.form)
    if has_control(data):
        abort(400)
    return render_template("plans/_commitment_checks.html", **_checks(plan, commitment, data))


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>", methods=["POST"])
@login_required
def save_commitment(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    data = commitment_data(request.form)
    if has_control(data):
        return _commitment_page(plan, commitment, data, {"form": messages()["control"]}, 400)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    with committing() as done:
        services.save_commitment(db, commitment, data, version, current_user,
                                 request.form.get("reason", ""),
                                 request.form.get("approved_by", ""))
    error = done.error
    if isinstance(error, services.StaleError):
        flash(messages()["stale"], "error")
        plan = _plan(plan_id)
        return _commitment_page(plan, _commitment(plan, commitment_id), data, {}, 409,
                                version=error.current_version)
    if isinstance(error, services.FieldErrors):
        plan = _plan(plan_id)
        shown = {key: field_error(code) for key, code in error.errors.items()}
        return _commitment_page(plan, _commitment(plan, commitment_id), data, shown, 400)
    flash(_("Commitment %(n)d is saved.", n=commitment.number), "success")
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id)
                    + "#rules")


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>/pull", methods=["POST"])
@login_required
def pull(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    with committing():
        pulled = services.pull_drafts(db, plan, commitment, current_user,
                                      _team_municipality(plan), _items())
    if pulled:
        _flash_pulled(pulled)
    else:
        flash(_("Nothing to take: these fields are already written, or the team has not done "
                "the exercises yet."), "info")
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id))


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>/delete", methods=["POST"])
@login_required
def delete_commitment(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    with committing() as done:
        services.delete_commitment(db, plan, commitment)
    if not done.ok:
        flash(_message(done.error), "error")
        return redirect(url_for("plans.commitment", plan_id=plan.id,
                                commitment_id=commitment_id))
    flash(_("The commitment is deleted."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.route("/works/<int:work_id>/to-plan", methods=["POST"])
@login_required
def from_work(work_id: int):
    """The commitment exercise as one way to start a commitment of the hromada's plan."""

    db = get_db()
    work = db.get(ExerciseWork, work_id)
    if work is None or work.exercise_id != "commitment-template":
        abort(404)
    municipality_id = work.municipality_id or (current_user.municipality_id
                                               if work.owner_id == current_user.id else None)
    if municipality_id is None or not access.can_edit(current_user, [municipality_id]):
        abort(403)
    with committing() as done:
        plan = services.plan_to_continue(db, db.get(Municipality, municipality_id),
                                         current_user)
        commitment = services.new_commitment(db, plan, current_user, source_work_id=work.id)
        pulled = services.pull_drafts(db, plan, commitment, current_user, municipality_id,
                                      _items(), template=work)
    if not done.ok:
        flash(_message(done.error), "error")
        return redirect(url_for("plans.index"))
    _flash_pulled(pulled)
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id))


@bp.app_context_processor
def _work_actions() -> dict[str, Any]:
    """Offered on an exercise's page (the exercises floor does not know plans): the team's
    commitment exercise starts a commitment of the hromada's action plan."""

    def work_actions(work) -> list[dict[str, str]]:
        if getattr(work, "exercise_id", None) != "commitment-template" or \
                not current_user.is_authenticated:
            return []
        municipality_id = work.municipality_id or (current_user.municipality_id
                                                   if work.owner_id == current_user.id else None)
        if municipality_id is None or not access.can_edit(current_user, [municipality_id]):
            return []
        return [{"id": "to-plan", "url": url_for("plans.from_work", work_id=work.id),
                 "label": _("Add to our action plan"),
                 "help": _("Start a commitment of your hromada's action plan from this draft; "
                           "the other exercises fill what it leaves empty.")}]

    return {"work_actions": work_actions}

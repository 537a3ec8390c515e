"""The course library: modules, exercises, session plans and the co-creation cycle."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from app.content.markdown import render_html
from app.content.services import glossary as terms
from app.content.services import library, localized, localized_all
from app.text import uk_sort_key

bp = Blueprint("content", __name__, url_prefix="/course")


def _lang() -> str:
    return str(get_locale() or "uk")


def _sees_notes() -> bool:
    return current_user.has_role("admin", "trainer")


def _markdown(text: str):
    return Markup(render_html(text, show_notes=_sees_notes(), notes_label=_("Trainer notes")))


@bp.route("/")
@login_required
def index():
    return render_template("content/library.html", lib=library(),
                           modules=localized_all("module", _lang()))


@bp.route("/modules/<module_id>")
@login_required
def module(module_id: str):
    item, note = localized("module", module_id, _lang())
    if item is None:
        abort(404)
    exercises = [localized("exercise", e, _lang())[0] for e in item.exercises]
    return render_template("content/module.html", module=item, body=_markdown(item.body),
                           exercises=[e for e in exercises if e], note=note)


@bp.route("/modules/<module_id>/handouts/<int:number>")
@login_required
def handout(module_id: str, number: int):
    """One handout of a module (a "## Handout: ..." section) as a page to print."""
    item, note = localized("module", module_id, _lang())
    if item is None or not 1 <= number <= len(item.handouts):
        abort(404)
    section = item.handouts[number - 1]
    return render_template("content/handout.html", module=item, section=section, note=note,
                           body=Markup(render_html(section.text)))


@bp.route("/exercises")
@login_required
def exercises():
    lib = library()
    return render_template("content/exercises.html", lib=lib,
                           exercises=localized_all("exercise", _lang()))


@bp.route("/exercises/<exercise_id>")
@login_required
def exercise(exercise_id: str):
    lib = library()
    item, note = localized("exercise", exercise_id, _lang())
    if item is None:
        abort(404)
    return render_template("content/exercise.html", exercise=item, body=_markdown(item.body),
                           module=localized("module", item.module, _lang())[0],
                           step=lib.step(item.step), note=note)


@bp.route("/plans")
@login_required
def plans():
    return render_template("content/plans.html", plans=localized_all("plan", _lang()))


@bp.route("/plans/<plan_id>")
@login_required
def plan(plan_id: str):
    lib = library()
    item, note = localized("plan", plan_id, _lang())
    if item is None:
        abort(404)
    return render_template("content/plan.html", plan=item, note=note,
                           days=plan_timetable(item, lib, _lang()))


@bp.route("/glossary")
@login_required
def glossary():

    lang = _lang()
    items = sorted(terms(), key=lambda t: uk_sort_key(t["uk"]) if lang == "uk" else t["en"].casefold())
    return render_template("content/glossary.html", terms=items)


@bp.route("/cycle")
@login_required
def cycle():
    lib = library()
    by_step: dict[str, list] = {}
    for ex in lib.exercises:
        by_step.setdefault(ex.step, []).append(ex)
    return render_template("content/cycle.html", phases=lib.phases, by_step=by_step)


def plan_timetable(plan, lib, lang: str = "en") -> list[dict]:
    """Each day's items with local clock times from the plan's own start times."""
    days = []
    for day in plan.days:
        hours, minutes = (int(x) for x in day.start.split(":"))
        clock = hours * 60 + minutes
        rows = []
        for item in day.items:
            module = lib.translated("module", item.module, lang)[0] if item.module else None
            length = module.duration_min if module else item.minutes
            rows.append({"start": clock, "end": clock + length, "module": module, "item": item})
            clock += length
        days.append({"day": day, "rows": rows})
    return days

"""The course library: modules, exercises, session plans and the co-creation cycle."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.markdown import render_html
from app.content.services import library

bp = Blueprint("content", __name__, url_prefix="/course")


def _sees_notes() -> bool:
    return current_user.has_role("admin", "trainer")


def _markdown(text: str):
    from markupsafe import Markup

    return Markup(render_html(text, show_notes=_sees_notes(), notes_label=_("Trainer notes")))


@bp.route("/")
@login_required
def index():
    return render_template("content/library.html", lib=library())


@bp.route("/modules/<module_id>")
@login_required
def module(module_id: str):
    lib = library()
    item = lib.module(module_id) or abort(404)
    exercises = [lib.exercise(e) for e in item.exercises if lib.exercise(e)]
    return render_template("content/module.html", module=item, body=_markdown(item.body),
                           exercises=exercises)


@bp.route("/exercises")
@login_required
def exercises():
    lib = library()
    return render_template("content/exercises.html", lib=lib)


@bp.route("/exercises/<exercise_id>")
@login_required
def exercise(exercise_id: str):
    lib = library()
    item = lib.exercise(exercise_id) or abort(404)
    return render_template("content/exercise.html", exercise=item, body=_markdown(item.body),
                           module=lib.module(item.module), step=lib.step(item.step))


@bp.route("/plans")
@login_required
def plans():
    return render_template("content/plans.html", lib=library())


@bp.route("/plans/<plan_id>")
@login_required
def plan(plan_id: str):
    lib = library()
    item = lib.plan(plan_id) or abort(404)
    return render_template("content/plan.html", plan=item, days=plan_timetable(item, lib))


@bp.route("/cycle")
@login_required
def cycle():
    lib = library()
    by_step: dict[str, list] = {}
    for ex in lib.exercises:
        by_step.setdefault(ex.step, []).append(ex)
    return render_template("content/cycle.html", phases=lib.phases, by_step=by_step)


def plan_timetable(plan, lib) -> list[dict]:
    """Each day's items with local clock times from the plan's own start times."""
    days = []
    for day in plan.days:
        hours, minutes = (int(x) for x in day.start.split(":"))
        clock = hours * 60 + minutes
        rows = []
        for item in day.items:
            module = lib.module(item.module) if item.module else None
            length = module.duration_min if module else item.minutes
            rows.append({"start": clock, "end": clock + length, "module": module, "item": item})
            clock += length
        days.append({"day": day, "rows": rows})
    return days

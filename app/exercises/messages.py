"""Translations of the pure validators' problem codes (the pure code cannot use Babel)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.exercises.schema import Problem


def problem_text(problem: Problem) -> str:
    params = dict(problem.params)
    texts = {
        "not_object": lambda: _("The data must be an object of fields."),
        "expected_text": lambda: _("Expected text."),
        "too_long": lambda: _("At most %(limit)d characters (now %(now)d).", **params),
        "control_chars": lambda: _("Contains characters that cannot be saved."),
        "bad_date": lambda: _("Use a date like 2026-05-31."),
        "date_out_of_range": lambda: _("Use a date between %(first)d and %(last)d.", **params),
        "bad_choice": lambda: _("Choose one of the options."),
        "bad_number": lambda: _("Enter a number."),
        "bad_list": lambda: _("Expected a list of at most %(limit)d lines.", **params),
        "bad_checklist": lambda: _("Tick items of the checklist only."),
        "bad_tree": lambda: _("Expected a list of boxes."),
        "tree_too_big": lambda: _("At most %(limit)d boxes in one tree.", **params),
        "tree_too_deep": lambda: _("At most %(limit)d levels.", **params),
        "bad_table": lambda: _("Expected at most %(limit)d rows of cells.", **params),
        "bad_row_index": lambda: _("A row of this table has a number the form never sends: "
                                   "reload the page and enter the rows again."),
    }
    return texts.get(problem.code, problem.english)()

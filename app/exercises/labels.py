"""Words of the workbook and figure captions, in the languages of the course."""

from __future__ import annotations

from app.i18n import N_, Localised

WORKBOOK_LABELS: Localised = Localised(
    {
        "workbook": N_("Workbook"),
        "contents": N_("Contents"),
        "not_started": N_("Not started yet"),
        "version": N_("version"),
        "tree": N_("Problem tree"),
        "stakeholders": N_("Stakeholder map"),
        "ranking": N_("Problems by weighted total"),
        "gantt": N_("Co-creation roadmap"),
        "nothing": N_("No exercise has been started yet."),
    }
)

FIGURE_CAPTIONS = WORKBOOK_LABELS  # "tree", "stakeholders", "ranking", "gantt"

"""Words of the workbook and figure captions, in the languages of the course."""

from __future__ import annotations

WORKBOOK_LABELS: dict[str, dict[str, str]] = {
    "en": {"workbook": "Workbook", "contents": "Contents", "not_started": "Not started yet",
           "version": "version", "tree": "Problem tree", "stakeholders": "Stakeholder map",
           "ranking": "Problems by weighted total", "gantt": "Co-creation roadmap",
           "nothing": "No exercise has been started yet."},
    "uk": {"workbook": "Робочий зошит", "contents": "Зміст", "not_started": "Ще не розпочато",
           "version": "версія", "tree": "Дерево проблем", "stakeholders": "Карта зацікавлених сторін",
           "ranking": "Проблеми за зваженою сумою", "gantt": "Дорожня карта співтворення",
           "nothing": "Жодну вправу ще не розпочато."},
}

FIGURE_CAPTIONS = WORKBOOK_LABELS  # "tree", "stakeholders", "ranking", "gantt"

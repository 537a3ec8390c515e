"""The dashboard's list as CSV or XLSX: every hromada of the filter, its status and what it
still misses, with labels and place names in the language of the export."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.services import library
from app.orientation import rules, services
from app.orientation.models import OrientationCompletion
from app.registry.models import Municipality
from app.spreadsheets import CSV_MIMETYPE, XLSX_MIMETYPE, csv_bytes, xlsx_bytes
from app.text import transliterate

HEADER = {
    "en": ["KATOTTG code", "Hromada", "Hromada (English)", "Oblast", "Raion", "Type", "Status",
           "Completed at", "Modules still to complete", "People still needed",
           "Exercises still to submit"],
    "uk": ["Код КАТОТТГ", "Громада", "Громада (англ.)", "Область", "Район", "Тип", "Стан",
           "Дата завершення", "Модулі, які ще треба завершити", "Кого ще бракує",
           "Вправи, які ще треба подати"],
}
STATUS = {"en": {"completed": "completed", "in_progress": "in progress", "enrolled": "enrolled",
                 "not_enrolled": "not enrolled"},
          "uk": {"completed": "завершено", "in_progress": "триває", "enrolled": "зареєстровано",
                 "not_enrolled": "не зареєстровано"}}
TYPES = {"en": {"city": "city hromada", "settlement": "settlement hromada",
                "village": "village hromada"},
         "uk": {"city": "міська громада", "settlement": "селищна громада",
                "village": "сільська громада"}}
SECTORS = {"en": {"government": "government representatives: %s more",
                  "non_government": "non-government representatives: %s more"},
           "uk": {"government": "представників органів влади: ще %s",
                  "non_government": "представників неурядового сектору: ще %s"}}
MIMETYPES = {"csv": CSV_MIMETYPE, "xlsx": XLSX_MIMETYPE}


def place_names(municipality: Municipality, lang: str) -> tuple[str, str]:
    """(oblast, raion) in the export's language: the registry's English oblast name, and the
    raion in the official transliteration (the registry has no English raion names)."""
    if lang == "uk":
        return municipality.oblast, municipality.raion or ""
    return (municipality.oblast_en or transliterate(municipality.oblast),
            transliterate(municipality.raion or ""))


def sector_text(need: str, lang: str) -> str:
    sector, _sep, count = need.partition(":")
    return SECTORS[lang].get(sector, "%s") % count


def gap_cells(gaps: rules.Gaps, lang: str, exercise_title: Callable[[str], str]) -> list[str]:
    return ["; ".join(gaps.modules), "; ".join(sector_text(n, lang) for n in gaps.sectors),
            "; ".join(exercise_title(e) for e in gaps.exercises)]


def export_rows(db: Session, fmt: str, lang: str = "en", q: str = "", oblast: str = "",
                type_: str = "", status: str = "", raion: str = "", *,
                rule: rules.Rule | None = None,
                exercise_title: Callable[[str], str] | None = None,
                delimiter: str = ",") -> tuple[bytes, str]:
    lang = "uk" if lang == "uk" else "en"
    if rule is None:

        rule = services.rule_for(library(), services.DEFAULT_PLAN)
    title = exercise_title or (lambda exercise_id: exercise_id)
    completed = dict(db.execute(select(OrientationCompletion.municipality_id,
                                       OrientationCompletion.completed_at)
                                .where(OrientationCompletion.revoked_at.is_(None))).all())
    listed = services.sorted_rows(db, services.municipality_rows(q, oblast, type_, status, raion))
    missing = services.what_is_missing(db, [m for m, _state in listed], rule, people_limit=0)
    rows = []
    for (m, state), gaps in zip(listed, missing, strict=True):
        oblast_name, raion_name = place_names(m, lang)
        done = completed.get(m.id)
        rows.append([m.code, m.name_uk, m.name_en, oblast_name, raion_name,
                     TYPES[lang].get(m.type, m.type), STATUS[lang][state],
                     done.date() if done else None, *gap_cells(gaps.gaps, lang, title)])
    sheet = "Орієнтація" if lang == "uk" else "Orientation"
    if fmt == "xlsx":
        return xlsx_bytes(HEADER[lang], rows, sheet), MIMETYPES["xlsx"]
    return csv_bytes(HEADER[lang], rows, delimiter), MIMETYPES["csv"]

"""The dashboard's list as CSV or XLSX."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.registry.models import Municipality
from app.exports import csv_bytes, xlsx_bytes
from app.orientation import services
from app.orientation.models import OrientationCompletion

HEADER = {
    "en": ["KATOTTG code", "Hromada", "Hromada (English)", "Oblast", "Raion", "Type", "Status",
           "Completed at"],
    "uk": ["Код КАТОТТГ", "Громада", "Громада (англ.)", "Область", "Район", "Тип", "Стан",
           "Дата завершення"],
}
STATUS = {"en": {"completed": "completed", "in_progress": "in progress", "enrolled": "enrolled",
                 "not_enrolled": "not enrolled"},
          "uk": {"completed": "завершено", "in_progress": "триває", "enrolled": "зареєстровано",
                 "not_enrolled": "не зареєстровано"}}
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_rows(db: Session, fmt: str, lang: str = "en", q: str = "", oblast: str = "",
                type_: str = "", status: str = "") -> tuple[bytes, str]:
    lang = "uk" if lang == "uk" else "en"
    stmt = services.municipality_rows(q, oblast, type_, status).add_columns(
        select(OrientationCompletion.completed_at)
        .where(OrientationCompletion.municipality_id == Municipality.id,
               OrientationCompletion.revoked_at.is_(None)).scalar_subquery())
    rows = [(m.code, m.name_uk, m.name_en, m.oblast, m.raion, m.type, STATUS[lang][state],
             completed_at.date() if completed_at else None)
            for m, state, completed_at in db.execute(stmt)]
    if fmt == "xlsx":
        return xlsx_bytes(HEADER[lang], rows, "Orientation"), MIMETYPES["xlsx"]
    return csv_bytes(HEADER[lang], rows), MIMETYPES["csv"]

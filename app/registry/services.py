"""The hromada registry: import, search and look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.registry.hromada_csv import HromadaRow
from app.registry.models import Municipality
from app.text import search_key, uk_sort_key


@dataclass(frozen=True)
class ImportResult:
    imported: int
    updated: int
    unchanged: int

    def summary(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}"


def _values(row: HromadaRow) -> dict[str, Any]:
    return {
        "name_uk": row.name_uk,
        "name_en": row.name_en,
        "oblast": row.oblast,
        "oblast_en": row.oblast_en,
        "raion": row.raion,
        "type": row.type,
        "population": row.population,
        "admin_centre": row.admin_centre,
        "search_text": search_key(f"{row.name_uk} {row.name_en} {row.admin_centre}"),
    }


def upsert_municipalities(db: Session, rows: list[HromadaRow]) -> ImportResult:
    """Insert new codes, update changed ones; rows were validated before (all or nothing)."""
    existing = {m.code: m for m in db.scalars(select(Municipality))}
    imported = updated = unchanged = 0
    for row in rows:
        values = _values(row)
        current = existing.get(row.code)
        if current is None:
            db.add(Municipality(code=row.code, **values))
            imported += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            updated += 1
        else:
            unchanged += 1
    db.flush()
    return ImportResult(imported, updated, unchanged)


def municipality_query(
    q: str = "", oblast: str = "", type_: str = ""
) -> Select[tuple[Municipality]]:
    stmt = select(Municipality)
    if q:
        key = search_key(q)
        stmt = stmt.where(
            or_(Municipality.search_text.contains(key, autoescape=True),
                Municipality.code == q.strip().upper())
        )
    if oblast:
        stmt = stmt.where(or_(Municipality.oblast == oblast, Municipality.oblast_en == oblast))
    if type_:
        stmt = stmt.where(Municipality.type == type_)
    return stmt.order_by(Municipality.oblast, Municipality.name_uk)


def oblasts(db: Session) -> list[tuple[str, str]]:
    """(Ukrainian, English) oblast names, sorted."""
    rows = db.execute(
        select(Municipality.oblast, func.max(Municipality.oblast_en))
        .group_by(Municipality.oblast)
        .order_by(Municipality.oblast)
    )
    return sorted(((uk, en or uk) for uk, en in rows), key=lambda pair: uk_sort_key(pair[0]))


def municipality_by_code(db: Session, code: str) -> Municipality | None:
    return db.scalar(select(Municipality).where(Municipality.code == (code or "").strip().upper()))

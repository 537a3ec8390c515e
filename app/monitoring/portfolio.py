"""AUC's portfolio and the API list: every member with its computed status, read in a fixed
number of queries whatever the number of members (statuses stale since yesterday, or whose
plans were saved today, are computed first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.monitoring import calendar as cal
from app.monitoring import source
from app.monitoring.models import MemberStatus
from app.monitoring.services import calendar_inputs, refresh_status, today_kyiv
from app.registry.models import Municipality
from app.text import uk_sort_key

# --- AUC's portfolio and the API -----------------------------------------------------------

PORTFOLIO_STATUSES = ("active", "inactive", "voluntarily_inactive")
PORTFOLIO_RISKS = ("green", "amber", "red", "grey")


@dataclass
class PortfolioRow:
    municipality: Municipality
    status: MemberStatus


def ensure_fresh(db: Session, today: date | None = None) -> int:
    """Members whose status was not computed today, or whose plans were saved since, are
    computed now (the daily command normally did the rest); a fixed number of queries."""
    today = today or today_kyiv()
    stale = set(db.scalars(
        source.member_ids().outerjoin(
            MemberStatus, MemberStatus.municipality_id == source.member_municipality_column())
        .where((MemberStatus.computed_on.is_(None)) | (MemberStatus.computed_on < today))))
    # a plan saved since (submitted, a commitment completed) counts at once
    stale |= source.changed_after_status(db)
    stale = sorted(stale)
    if stale:
        refresh_status(db, stale, today)
    return len(stale)


def portfolio(db: Session, oblast: str = "", status: str = "", risk: str = "") -> list[PortfolioRow]:
    """Every member hromada with its status, in Ukrainian alphabetical order: one query."""

    stmt = (select(Municipality, MemberStatus)
            .join(MemberStatus, MemberStatus.municipality_id == Municipality.id)
            .where(Municipality.id.in_(source.member_ids())))
    if oblast:
        stmt = stmt.where((Municipality.oblast == oblast) | (Municipality.oblast_en == oblast))
    if status in PORTFOLIO_STATUSES:
        stmt = stmt.where(MemberStatus.status == status)
    if risk in PORTFOLIO_RISKS:
        stmt = stmt.where(MemberStatus.risk == risk)
    rows = [PortfolioRow(m, s) for m, s in db.execute(stmt)]
    rows.sort(key=lambda row: uk_sort_key(row.municipality.name_uk))
    return rows


def portfolio_counts(rows: list[PortfolioRow]) -> dict[str, int]:
    counts = {risk: 0 for risk in PORTFOLIO_RISKS}
    for row in rows:
        counts[row.status.risk] = counts.get(row.status.risk, 0) + 1
    return counts


def api_row(row: PortfolioRow) -> dict:
    s = row.status
    return {"code": row.municipality.code, "name_uk": row.municipality.name_uk,
            "name_en": row.municipality.name_en, "oblast": row.municipality.oblast,
            "status": s.status, "risk": s.risk, "conditions": list(s.conditions or []),
            "next_deadline": ({"kind": s.next_deadline_kind,
                               "due": s.next_deadline_due.isoformat()}
                              if s.next_deadline_due else None),
            "last_tracker_update": s.last_update_at.isoformat() if s.last_update_at else None}


def calendar_api(db: Session, municipality: Municipality, today: date | None = None
                 ) -> dict | None:
    today = today or today_kyiv()
    data = calendar_inputs(db, [municipality.id], today).get(municipality.id)
    if data is None:
        return None
    return {"code": municipality.code, "today": today.isoformat(),
            **cal.compute(data).as_json()}

"""Paginating a select() statement (one count query, one page query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(db: Session, stmt: Select, page: int, per_page: int = 50) -> Page:
    total = db.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(db.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items, page, per_page, total)


def page_arg(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100000))
    except ValueError:
        return 1


def paginate_list(items: list[Any], page: int, per_page: int = 50) -> Page:
    """A page of a list already in memory (lists sorted in Python, such as the registry's
    hromadas in Ukrainian alphabetical order: databases sort by code point)."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(1, page), pages)
    return Page(items[(page - 1) * per_page:page * per_page], page, per_page, len(items))

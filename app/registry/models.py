"""The hromada registry: territorial communities keyed by KATOTTG code."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

MUNICIPALITY_TYPES = ("city", "settlement", "village")


class Municipality(Base):
    """A territorial community (hromada), keyed by its KATOTTG code."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_uk: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    oblast: Mapped[str] = mapped_column(String(100), index=True)
    oblast_en: Mapped[str] = mapped_column(String(100), default="")
    raion: Mapped[str] = mapped_column(String(100), default="")
    type: Mapped[str] = mapped_column(String(20), index=True)
    population: Mapped[int | None] = mapped_column(Integer, nullable=True)
    admin_centre: Mapped[str] = mapped_column(String(200), default="")
    # casefolded names for case-insensitive search on SQLite and PostgreSQL alike
    search_text: Mapped[str] = mapped_column(String(600), index=True)

    def display_name(self, locale: str) -> str:
        return self.name_in(locale, self.name_uk, self.name_en)

    @staticmethod
    def name_in(locale: str, name_uk: str, name_en: str | None) -> str:
        """A hromada's name in the reader's language (English when there is one), for rows
        read without the object (app.scheduling.services.attendance.grid_people)."""
        return name_en if locale == "en" and name_en else name_uk

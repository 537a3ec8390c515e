"""The base of exercise kinds: the plain form, pictures, downloads and the registry."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from app.content.course import Exercise, Library


@dataclass(frozen=True)
class Figure:
    """A picture of the work: `name` is its URL name (/works/<id>/<name>.svg)."""

    kind: str
    caption: str
    svg: str

    @property
    def name(self) -> str:
        return self.kind

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class Download:
    body: bytes
    mimetype: str


class Kind:
    """The plain form: no starting data beyond the schema's, no pictures, no downloads."""

    name: ClassVar[str] = "form"
    figure_names: ClassVar[tuple[str, ...]] = ()
    download_formats: ClassVar[tuple[str, ...]] = ()

    def initial(self, data: dict[str, Any], exercise: Exercise, library: Library,
                lang: str) -> dict[str, Any]:
        return data

    def figures(self, exercise: Exercise, data: Mapping[str, Any], lang: str,
                today: date | None = None) -> tuple[Figure, ...]:
        return ()

    def figure(self, name: str, exercise: Exercise, data: Mapping[str, Any], lang: str,
               today: date | None = None) -> Figure | None:
        return next((f for f in self.figures(exercise, data, lang, today) if f.name == name), None)

    def live(self, exercise: Exercise, data: Mapping[str, Any]) -> dict[str, Any]:
        """Extra figures the work page shows and the autosave answer refreshes."""
        return {}

    def download(self, fmt: str, exercise: Exercise, data: Mapping[str, Any], title: str,
                 uid: str, lang: str) -> Download | None:
        return None


KINDS: dict[str, Kind] = {}
_PLAIN = Kind()


def register(cls: type[Kind]) -> type[Kind]:
    KINDS[cls.name] = cls()
    return cls


def kind_of(exercise: Exercise) -> Kind:
    return KINDS.get(exercise.kind, _PLAIN)


def lang_of(lang: str) -> str:
    return "uk" if lang == "uk" else "en"


def parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


Caption = Callable[[str], str]

"""The co-creation roadmap: the cycle's steps as starting rows, a Gantt chart, and the
plan as CSV, XLSX and iCalendar."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.content.course import Exercise, Library
from app.exercises import roadmap as drawing
from app.exercises.kinds.base import Download, Figure, Kind, lang_of, parse_date, register
from app.exercises.labels import FIGURE_CAPTIONS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def steps(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{**row, "step": row.get("step_id", "")} for row in data.get("steps") or []
            if isinstance(row, Mapping)]


@register
class Roadmap(Kind):
    name = "roadmap"
    figure_names = ("gantt",)
    download_formats = ("csv", "xlsx", "ics")

    def initial(self, data: dict[str, Any], exercise: Exercise, library: Library,
                lang: str) -> dict[str, Any]:
        data["steps"] = [{"step_id": s["step"], "title": s["title"], "start_date": "",
                          "end_date": "", "owner": "", "status": "not_started", "notes": ""}
                         for s in drawing.default_steps(library.phases, lang=lang)]
        return data

    def figures(self, exercise: Exercise, data: Mapping[str, Any], lang: str,
                today: date | None = None) -> tuple[Figure, ...]:
        lang = lang_of(lang)
        svg = drawing.gantt_svg(steps(data), today=today,
                                plan_start=parse_date(data.get("plan_start")),
                                plan_end=parse_date(data.get("plan_end")),
                                labels=drawing.GANTT_LABELS[lang])
        return (Figure("gantt", FIGURE_CAPTIONS[lang]["gantt"], svg),)

    def download(self, fmt: str, exercise: Exercise, data: Mapping[str, Any], title: str,
                 uid: str, lang: str) -> Download | None:
        rows = steps(data)
        start, end = parse_date(data.get("plan_start")), parse_date(data.get("plan_end"))
        if fmt == "csv":
            text = "\ufeff" + drawing.roadmap_csv(rows, start, end, lang=lang)
            return Download(text.encode("utf-8"), "text/csv")
        if fmt == "xlsx":
            return Download(drawing.roadmap_xlsx(rows, start, end, title, lang=lang), XLSX)
        if fmt == "ics":
            return Download(drawing.roadmap_ics(rows, title, uid, lang=lang), "text/calendar")
        return None

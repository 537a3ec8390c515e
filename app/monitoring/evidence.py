"""Tracker vocabulary and upload checks: the IRM completion scale, the handbook's Annex 5
evidence types (English and Ukrainian labels, in pairs, like plans/vocab.py) and the rules an
uploaded evidence file must pass.

Pure: no Flask, no database, no I/O. Labels are written in our own words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from app.monitoring.calendar import add_months


class Label(NamedTuple):
    key: str
    en: str
    uk: str

    def text(self, lang: str) -> str:
        return self.uk if lang == "uk" else self.en


# --- the IRM completion scale --------------------------------------------------------------
COMPLETION: tuple[Label, ...] = (
    Label("not_started", "Not started", "Не розпочато"),
    Label("limited", "Limited", "Обмежене"),
    Label("substantial", "Substantial", "Суттєве"),
    Label("complete", "Complete", "Завершено"),
    Label("no_evidence", "No evidence available", "Немає доказів"),
)
COMPLETION_KEYS = tuple(label.key for label in COMPLETION)
_ORDER = {"not_started": 0, "limited": 1, "substantial": 2, "complete": 3}


def is_progress(previous: str | None, current: str) -> bool:
    """Progress in a quarter: the completion moved up the scale (a complete commitment stays
    counted as progress, there is nothing left to do). 'No evidence available' never is."""
    if current not in _ORDER:
        return False
    if current == "complete":
        return True
    before = _ORDER.get(previous or "not_started", 0)
    return _ORDER[current] > before


# --- Annex 5: what counts as evidence ------------------------------------------------------
EVIDENCE_TYPES: tuple[Label, ...] = (
    Label("consultation_plan", "Consultation plan, timeline or invitations",
          "План консультацій, графік чи запрошення"),
    Label("forum_constitution", "Terms of reference or composition of the forum",
          "Положення чи склад форуму"),
    Label("meeting_record", "Meeting agenda, minutes or list of participants",
          "Порядок денний, протокол чи список учасників зустрічі"),
    Label("public_input", "Proposals from the public and how they were answered",
          "Пропозиції громадськості та відповіді на них"),
    Label("legal_act", "Draft law, decision, regulation or order",
          "Проєкт акту, рішення, положення чи розпорядження"),
    Label("procurement", "Research, procurement or consultancy terms of reference",
          "Технічне завдання на дослідження, закупівлю чи консультації"),
    Label("technical_document", "Technical documentation of a database or IT system",
          "Технічна документація бази даних чи ІТ-системи"),
    Label("strategy_document", "Strategy, concept paper or work plan",
          "Стратегія, концепція чи робочий план"),
    Label("monitoring_report", "Monitoring, evaluation, audit or third-party report",
          "Звіт моніторингу, оцінювання, аудиту чи незалежний звіт"),
    Label("budget_decision", "Budget, financial or staffing decision",
          "Бюджетне, фінансове чи кадрове рішення"),
    Label("media", "Photos, video or other media of progress or events",
          "Фото, відео чи інші медіа про прогрес або події"),
    Label("usage_statistics", "User statistics", "Статистика користувачів"),
)
EVIDENCE_KEYS = tuple(label.key for label in EVIDENCE_TYPES)


def label_of(labels: tuple[Label, ...], key: str, lang: str) -> str:
    for label in labels:
        if label.key == key:
            return label.text(lang)
    return key


# --- uploads -------------------------------------------------------------------------------
MAX_UPLOAD_BYTES = 3 * 1024 * 1024
MAX_NAME = 120


class FileKind(NamedTuple):
    extension: str
    mimetype: str


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "application/pdf"),
    "png": FileKind("png", "image/png"),
    "jpg": FileKind("jpg", "image/jpeg"),
    "jpeg": FileKind("jpeg", "image/jpeg"),
    "docx": FileKind("docx", "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document"),
    "xlsx": FileKind("xlsx", "application/vnd.openxmlformats-officedocument."
                             "spreadsheetml.sheet"),
    "pptx": FileKind("pptx", "application/vnd.openxmlformats-officedocument."
                             "presentationml.presentation"),
    "odt": FileKind("odt", "application/vnd.oasis.opendocument.text"),
    "ods": FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "csv": FileKind("csv", "text/csv"),
    "txt": FileKind("txt", "text/plain"),
}
_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",), "ods": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    code: str = ""            # empty, or: empty_file, too_large, bad_type, content_mismatch
    name: str = ""
    mimetype: str = ""
    params: tuple[tuple[str, object], ...] = ()


def sanitise_name(name: str) -> str:
    """A safe file name: the last path part only, letters (any script), digits, space and
    `-_.()`; no leading dot; at most MAX_NAME characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    cleaned = "".join(ch if (ch.isalnum() or ch in " -_.()") else "_" for ch in name
                      if unicodedata.category(ch)[0] != "C")
    cleaned = re.sub(r"[ _]{2,}", "_", cleaned).strip(" ._")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if not cleaned:
        cleaned = "evidence"
    if len(cleaned) > MAX_NAME:
        stem, dot, ext = cleaned.rpartition(".")
        keep_extension = bool(dot) and len(ext) <= 5
        cleaned = (stem[:MAX_NAME - len(ext) - 1] + "." + ext) if keep_extension \
            else cleaned[:MAX_NAME]
    return cleaned


def check_upload(name: str, body: bytes, limit: int = MAX_UPLOAD_BYTES) -> UploadCheck:
    """Type by extension and by content, size, and a sanitised name."""
    safe = sanitise_name(name)
    extension = safe.rpartition(".")[2].lower() if "." in safe else ""
    if not body:
        return UploadCheck(False, "empty_file", safe)
    if len(body) > limit:
        return UploadCheck(False, "too_large", safe,
                           params=(("limit_mb", limit // (1024 * 1024)),))
    kind = KINDS.get(extension)
    if kind is None:
        return UploadCheck(False, "bad_type", safe,
                           params=(("types", ", ".join(sorted(set(KINDS)))),))
    if extension in _MAGIC:
        if not body.startswith(_MAGIC[extension]):
            return UploadCheck(False, "content_mismatch", safe)
    else:
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            return UploadCheck(False, "content_mismatch", safe)
        if "\x00" in text:
            return UploadCheck(False, "content_mismatch", safe)
    return UploadCheck(True, "", safe, kind.mimetype)


def content_disposition(name: str) -> str:
    """An attachment header that carries a Cyrillic name safely (RFC 6266 / 5987)."""
    from urllib.parse import quote

    safe = sanitise_name(name)
    ascii_name = safe.encode("ascii", "ignore").decode() or "evidence"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    if ascii_name.startswith("."):
        ascii_name = "evidence" + ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe)}"


# --- links ---------------------------------------------------------------------------------

def check_link(url: str) -> bool:
    """Evidence links: http or https only, with a host, no spaces or control characters."""
    url = (url or "").strip()
    if len(url) > 500 or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return False
    return bool(re.match(r"^https?://[^/\s?#]+", url, re.IGNORECASE))


# --- implementation meetings ---------------------------------------------------------------

def meetings_per_year(meeting_days: list, start, end) -> list[tuple[object, object, int]]:
    """Count meetings in each implementation year of a plan [start, end]: a list of
    (year_start, year_end, count). The handbook asks for two a year."""
    from datetime import timedelta


    years = []
    first = start
    while first <= end:
        following = add_months(first, 12)
        last = min(following - timedelta(days=1), end)
        years.append((first, last, sum(1 for day in meeting_days if first <= day <= last)))
        first = following
    return years

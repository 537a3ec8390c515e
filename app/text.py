"""Small text helpers shared by features (pure)."""

from __future__ import annotations

import unicodedata

APOSTROPHES = "’ʼ`´‘"


def search_key(text: str) -> str:
    """Casefolded, NFC-normalised text with one apostrophe, for search and unique keys."""
    text = unicodedata.normalize("NFC", text or "")
    for mark in APOSTROPHES:
        text = text.replace(mark, "'")
    return " ".join(text.casefold().split())


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


def has_control_chars(text: str) -> bool:
    """NUL and other C0 controls (except tab, CR, LF) are refused before they reach a DB."""
    return any((ord(c) < 32 and c not in "\t\r\n") or c == "\x7f" for c in text)


def visible(text: str) -> str:
    """The text without invisible format characters (zero-width spaces, joiners, BOM,
    direction marks), so that a name made only of them counts as empty."""
    return "".join(c for c in text or "" if unicodedata.category(c) != "Cf").strip()


UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_ORDER = {letter: index for index, letter in enumerate(UKRAINIAN_ALPHABET)}


def uk_sort_key(text: str) -> tuple:
    """Ukrainian alphabetical order (Python's code-point order puts І and Є first)."""
    return tuple(_ORDER.get(c, 100 + ord(c)) for c in search_key(text))

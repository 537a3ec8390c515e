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
# Cyrillic first (as in the Ukrainian collation of CLDR), then the letters of neighbouring
# languages that turn up in names, then Latin; digits come before all letters
_EXTRA_CYRILLIC = "ёъыэ"
_ORDER = {letter: 20 + index for index, letter in enumerate(UKRAINIAN_ALPHABET)}
_ORDER.update({"ё": _ORDER["е"], "ъ": _ORDER["ь"], "ы": _ORDER["и"], "э": _ORDER["є"]})
_ORDER.update({chr(ord("0") + d): 10 + d for d in range(10)})
_ORDER.update({chr(ord("a") + i): 100 + i for i in range(26)})
_SEPARATORS = " -‐‑–—/.,()«»\""  # word boundaries: sort before any letter
_IGNORED = "'" + APOSTROPHES  # the apostrophe is not a letter: Мар'янівська = Марянівська + a tie-break


def uk_sort_key(text: str) -> tuple:
    """Ukrainian alphabetical order (Python's code-point order puts Є, І, Ї before А and Ґ
    after Я). Letters compare as in the alphabet (а б в г ґ д е є ж з и і ї й ...), case is
    ignored, the apostrophe is skipped (and only breaks ties), and a space or hyphen ends a
    word, so "Біла Церква" comes before "Білгород". Then lower case before capitals, then
    the text itself, so the order is total and stable."""
    folded = unicodedata.normalize("NFC", text or "")
    primary: list[int] = []
    for char in folded.casefold():
        if char in _IGNORED or unicodedata.category(char) == "Mn":
            continue
        if char in _SEPARATORS or char.isspace():
            if primary and primary[-1] != 1:
                primary.append(1)
            continue
        base = unicodedata.normalize("NFD", char)[0] if char not in _ORDER else char
        primary.append(_ORDER.get(base, 1000 + ord(char)))
    while primary and primary[-1] == 1:
        primary.pop()
    apostrophes = tuple(i for i, c in enumerate(folded) if c in _IGNORED)
    case = tuple(c.isupper() for c in folded)
    return (tuple(primary), apostrophes, case, folded)


def uk_sorted(items, key=lambda item: item):
    """`items` in Ukrainian alphabetical order of `key(item)`."""
    return sorted(items, key=lambda item: uk_sort_key(key(item)))

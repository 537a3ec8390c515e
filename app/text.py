"""Small text helpers shared by features (pure)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=16384)  # pages sort the same names on every view (people, hromadas)
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


def uk_sort_bytes(text: str) -> bytes:
    """The same order as `uk_sort_key`, as bytes a database compares byte by byte (BLOB on
    SQLite, bytea on PostgreSQL), so paginated lists can be ordered in SQL: each letter's
    rank in three bytes, an end mark, then the folded text to break ties."""
    primary, _apostrophes, _case, folded = uk_sort_key(text)
    return b"".join(rank.to_bytes(3, "big") for rank in primary) + b"\x00\x00\x00" + folded.encode()


def uk_sorted(items, key=lambda item: item):
    """`items` in Ukrainian alphabetical order of `key(item)`."""
    return sorted(items, key=lambda item: uk_sort_key(key(item)))


def person_key(person) -> tuple:
    """Sort key of anything with a `name` (and an `id`): the name in Ukrainian alphabetical
    order, then the id, so two people of the same name keep one order on every page."""
    return (uk_sort_key(person.name), getattr(person, "id", None) or 0)


def people_sorted(people) -> list:
    """People (users, members) in Ukrainian alphabetical order of their names. Databases order
    names by code point (Є, І, Ї before А; Ґ after Я), so lists of people are sorted here."""
    return sorted(people, key=person_key)


# The official Ukrainian-Latin transliteration (Cabinet of Ministers resolution 55, 2010), used
# where the registry has no English name (raions). Є, Ї, Й, Ю, Я are spelled differently at
# the start of a word; "зг" is "zgh"; the soft sign and the apostrophe are dropped.
_LATIN = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
          "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
          "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
          "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
          "я": "ia"}
_LATIN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterate(text: str) -> str:
    """Ukrainian text in Latin letters: "Вінницький" -> "Vinnytskyi", "Знам'янка" -> "Znamianka"."""
    text = unicodedata.normalize("NFC", text or "")
    out: list[str] = []
    initial = True
    for index, char in enumerate(text):
        lower = char.lower()
        if lower in _IGNORED:
            continue
        if lower not in _LATIN:
            out.append(char)
            initial = not char.isalpha()
            continue
        if lower == "г" and index > 0 and text[index - 1].lower() == "з":
            latin = "gh"
        else:
            latin = _LATIN_INITIAL.get(lower, _LATIN[lower]) if initial else _LATIN[lower]
        if char.isupper() and latin:
            following = text[index + 1:index + 2]
            latin = latin.upper() if following.isupper() and len(latin) > 1 else latin.capitalize()
        out.append(latin)
        initial = False
    return "".join(out)

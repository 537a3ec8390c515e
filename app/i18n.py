"""The interface catalogue for a language code, outside Flask-Babel's request locale.

Pure modules that speak to people (the SMART check, ...) take a `translations` object with
gettext and ngettext instead of keeping their own English/Ukrainian dicts; routes and commands
get one here for the language they answer in. It is the same compiled catalogue Flask-Babel
uses (app/translations), so there is one way to translate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=8)
def catalogue(lang: str) -> NullTranslations:
    """Babel translations for `lang` ("uk", "uk-UA", "en", ...); English is the msgids."""
    code = "uk" if isinstance(lang, str) and lang.lower().startswith("uk") else "en"
    if code == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [code])


def N_(text: str) -> str:
    """Marks an English text for the catalogue (pybabel's default keyword) without
    translating it here; `Localised` translates it when a language asks for it."""
    return text


def _translated(value: Any, translations: NullTranslations) -> Any:
    if isinstance(value, str):
        return translations.gettext(value) if value else value
    if isinstance(value, tuple):
        return tuple(_translated(v, translations) for v in value)
    if isinstance(value, list):
        return [_translated(v, translations) for v in value]
    if isinstance(value, dict):
        return {k: _translated(v, translations) for k, v in value.items()}
    return value


class Localised(Mapping[str, Any]):
    """Texts written once, in English, and translated through the catalogue: `LABELS["uk"]`
    is the same structure (dict, tuple, ...) in Ukrainian. So pure modules keep no
    Ukrainian dicts of their own, and the catalogue test sees every text."""

    LANGUAGES = ("en", "uk")

    def __init__(self, english: Any):
        self._english = english
        self._cache: dict[str, Any] = {}

    def __getitem__(self, lang: str) -> Any:
        if lang not in self.LANGUAGES:
            raise KeyError(lang)
        if lang not in self._cache:
            self._cache[lang] = _translated(self._english, catalogue(lang))
        return self._cache[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self.LANGUAGES)

    def __len__(self) -> int:
        return len(self.LANGUAGES)

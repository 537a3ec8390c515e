"""The interface catalogue for a language code, outside Flask-Babel's request locale.

Pure modules that speak to people (the SMART check, ...) take a `translations` object with
gettext and ngettext instead of keeping their own English/Ukrainian dicts; routes and commands
get one here for the language they answer in. It is the same compiled catalogue Flask-Babel
uses (app/translations), so there is one way to translate.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=8)
def catalogue(lang: str) -> NullTranslations:
    """Babel translations for `lang` ("uk", "uk-UA", "en", ...); English is the msgids."""
    code = "uk" if isinstance(lang, str) and lang.lower().startswith("uk") else "en"
    if code == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [code])

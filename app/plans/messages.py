"""Translating the rule messages outside a request (the CLI): the app's own catalogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def catalogue_gettext(lang: str) -> Callable[[str], str]:
    """gettext of the compiled interface catalogue for `lang` (identity when absent)."""
    from babel.support import Translations

    translations = Translations.load(str(TRANSLATIONS), [lang])
    return translations.gettext

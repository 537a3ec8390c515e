"""The trainer pathway's rules: numbers as people read them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def fmt(value: Fraction | float | None, places: int = 1) -> str:
    """A number rounded half up to `places` decimals ("—" for none): the same text on the page
    and in the PDF."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        number = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        number = Decimal(str(value))
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    text = str(number.quantize(quantum, rounding=ROUND_HALF_UP))
    return "0" + text[2:] if text.startswith("-0") and Decimal(text) == 0 else text


def _local(text: str, lang: str) -> str:
    """Ukrainian writes a decimal comma: 66,7."""
    return text.replace(".", ",") if lang == "uk" else text


def pct(value: Fraction | int | None, places: int = 1, lang: str = "en") -> str:
    """A percentage: "66.7%" in English, "66,7 %" in Ukrainian (no-break space; "—" for none)."""
    if value is None:
        return "—"
    text = _local(fmt(value, places), lang)
    return f"{text}\u00a0%" if lang == "uk" else f"{text}%"


def signed(value: Fraction | int | None, places: int = 1, lang: str = "en") -> str:
    """A gain with its sign: +12.5, -3.0, 0.0 (+12,5 in Ukrainian)."""
    if value is None:
        return "—"
    text = fmt(value, places)
    return _local(text if text.startswith("-") or Decimal(text) == 0 else f"+{text}", lang)


def mean(values: Sequence[int | Fraction]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None



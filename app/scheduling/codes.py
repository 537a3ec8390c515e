"""Short, unambiguous codes: cohort join codes and self check-in codes (pure)."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 5/S or 2/Z pairs: codes are read aloud and typed from a projector.
ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
# Ukrainian keyboards: Cyrillic letters that look like Latin ones count as those.
LOOKALIKES = str.maketrans("АВЕКМНОРСТХУІ", "ABEKMHOPCTXYI")


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def format_code(code: str) -> str:
    """ABC123 -> ABC-123, easier to read aloud."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 6 else code


def normalise_code(text: str) -> str:
    """What a person typed, in the stored form: upper case, no dashes or spaces."""
    cleaned = (text or "").upper().translate(LOOKALIKES)
    return "".join(c for c in cleaned if c.isalnum())[:16]

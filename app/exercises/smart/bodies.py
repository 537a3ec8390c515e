"""Who a commitment names: specific units (a department, an office, a utility company) and
the council or executive as a whole, read from text as short phrases."""

from __future__ import annotations

import re

from app.exercises.smart.lexicon import GENERIC_BODY, SPECIFIC_BODY


def _is_generic(body: str) -> bool:
    return bool(GENERIC_BODY.search(body)) and not SPECIFIC_BODY.search(body)


STOP_LEFT = {"the", "a", "an", "by", "and", "of", "with", "led", "is", "will", "be", "to", "for",
             "in", "on", "lead", "responsible", "agency", "from", "its", "our", "their"}
UK_VERB_END = re.compile(r"\w+(?:ить|ать|ять|ує|ює|ме|муть|ться|ється|ено|ано)$", re.IGNORECASE)


def _body_phrase(text: str, m: re.Match[str]) -> str:
    """The body with its qualifiers: 'Reconstruction department', 'відділ освіти міської ради'."""
    if m.group(0).isascii():
        left = []
        for word in reversed(re.findall(r"[\w'-]+", text[max(0, m.start() - 60):m.start()])[-3:]):
            if word.lower() in STOP_LEFT:
                break
            left.insert(0, word)
        right = re.match(r"(?: (?:of|for) (?:the )?[\w'-]+(?: [\w'-]+)?)?", text[m.end():])
        return " ".join([*left, m.group(0) + (right.group(0) if right else "")])
    right_words = []
    for raw in text[m.end():m.end() + 100].split("\n")[0].split(" ")[1:5]:
        word = raw.strip().rstrip(",.;:)»\"")
        if not re.fullmatch(r"[\w'-]+", word) or UK_VERB_END.match(word):
            break
        right_words.append(word)
        if word != raw.strip():  # punctuation closes the name
            break
    return " ".join([m.group(0), *right_words])


def _bodies(text: str) -> tuple[list[str], list[str]]:
    """(specific bodies, generic bodies) named in the text, as short phrases."""
    specific = [_body_phrase(text, m) for m in SPECIFIC_BODY.finditer(text)]
    utility = re.search(r"(?<!\w)КП(?!\w)[^,.;\n]{0,40}", text)  # case matters: КП, not кп
    if utility:
        specific.append(utility.group(0).strip())
    named = " ".join(specific).lower()
    # 'council' in 'Procurement Department of the City Council' is not a second body.
    generic = [g for g in dict.fromkeys(m.group(0).lower() for m in GENERIC_BODY.finditer(text))
               if g not in named]
    return list(dict.fromkeys(specific))[:4], generic[:3]

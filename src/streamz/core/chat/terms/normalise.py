"""Normalising chat text and blocked terms so look-alike spellings compare equal (stdlib only).

Text goes through NFKC (full-width and compatibility forms), casefolding, removal of combining
marks (accents) and invisible format characters, a map of confusable digits, symbols and
Cyrillic/Greek look-alikes to Latin letters, and then every run of characters that are not
letters or digits becomes one space. ``"Ｂ@D  w0rd!!"`` and ``"bad word"`` both become
``"bad word"``.
"""

from __future__ import annotations

import re
import unicodedata

from streamz.core.errors import FieldError

MIN_TERM = 2
MAX_TERM = 500
MAX_KEY_BYTES = 2000  # the stored key stays well inside a unique index's entry limit
WILDCARD = "*"

_CONFUSABLES = {
    # digits and symbols used as letters
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    # Cyrillic look-alikes (after casefolding)
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "і": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    # Greek look-alikes (after casefolding)
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
}
_TABLE = str.maketrans(_CONFUSABLES)
_SEPARATORS = re.compile(r"[\W_]+")  # anything but letters and digits (Unicode-aware)


def normalise_text(text: str) -> str:
    """``text`` as matching sees it: lower-case letters and digits, single spaces between words,
    none at either end."""
    if text.isascii():  # the common case: nothing to compose, fold or strip
        mapped = text.lower().translate(_TABLE)
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
        decomposed = unicodedata.normalize("NFKD", folded)
        kept = "".join(
            c
            for c in decomposed
            if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
        )
        mapped = unicodedata.normalize("NFC", kept).translate(_TABLE)
    return _SEPARATORS.sub(" ", mapped).strip()


def check_term(errors: list[FieldError], field: str, term: str) -> tuple[str, str]:
    """``term`` trimmed and its matching key (``*`` kept at either end); a ``FieldError`` for
    ``field`` when it breaks a rule.

    - 2-500 characters after trimming.
    - ``*`` only as the first and/or last character (``*bad``, ``bad*``, ``*bad*``), once each.
    - Something to match once normalised (not only ``*``, spaces or punctuation).
    """
    value = term.strip()
    name = field.rsplit(".", 1)[-1]
    if not MIN_TERM <= len(value) <= MAX_TERM:
        errors.append(FieldError(field, f"{name} must be {MIN_TERM}-{MAX_TERM} characters"))
        return value, ""
    prefix = WILDCARD if value.startswith(WILDCARD) else ""
    suffix = WILDCARD if value.endswith(WILDCARD) and len(value) > 1 else ""
    core = value[len(prefix) : len(value) - len(suffix)]
    if WILDCARD in core:
        errors.append(
            FieldError(field, f"{name} may hold {WILDCARD} only once at its start and/or end")
        )
        return value, ""
    key = normalise_text(core)
    if not key:
        errors.append(FieldError(field, f"{name} must contain letters or digits"))
        return value, ""
    if len(key.encode()) > MAX_KEY_BYTES:
        errors.append(FieldError(field, f"{name} is too long once normalised"))
        return value, ""
    return value, f"{prefix}{key}{suffix}"

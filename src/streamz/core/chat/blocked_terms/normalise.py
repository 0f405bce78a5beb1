"""Normalising chat text and blocked terms so look-alike spellings compare equal.

``fold`` is the skeleton of a text: NFKC (full-width and compatibility forms), casefolding,
removal of combining marks (accents) and invisible format characters (category Cf: zero-width
spaces and joiners, the byte order mark...), then every character that the Unicode confusables
data (UTS #39) says looks like an ASCII letter or digit becomes that letter or digit (see
``confusables``): ``ʜᴇᴄᴋ``, ``һеск`` and ``heck`` fold alike. Unique chat compares folds.

``normalise_text`` is what blocked terms match: the fold, then leetspeak (``0 1 3 4 5 7 @ $``
read as ``o i e a s t a s``), then every run of characters that are not letters or digits
becomes one space. ``"Ｂ@D  w0rd!!"`` and ``"bad word"`` both become ``"bad word"``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from streamz.core.chat.blocked_terms.confusables import look_alikes
from streamz.core.errors import FieldError

MIN_TERM = 2
MAX_TERM = 500
MAX_KEY_BYTES = 2000  # the stored key stays well inside a unique index's entry limit
WILDCARD = "*"

LEETSPEAK = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_TABLE = str.maketrans(LEETSPEAK)
_SYMBOLS = {k: v for k, v in LEETSPEAK.items() if not k.isdigit()}
_SYMBOLS_TABLE = str.maketrans(_SYMBOLS)
_SEPARATORS = re.compile(r"[\W_]+")  # anything but letters and digits (Unicode-aware)


@functools.cache
def _tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """The fold's table (look-alikes), matching's (look-alikes read through leetspeak, and
    leetspeak itself) and matching's with digits kept, built once at first use."""
    looks = look_alikes()
    matching = {char: LEETSPEAK.get(ascii, ascii) for char, ascii in looks.items()}
    return (
        str.maketrans(looks),
        str.maketrans({**matching, **LEETSPEAK}),
        str.maketrans({**looks, **_SYMBOLS}),
    )


def _strip(text: str) -> str:
    """NFKC, casefolded, without combining marks or format characters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    kept = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return unicodedata.normalize("NFC", kept)


def fold(text: str) -> str:
    """The skeleton of ``text``: casefolded, no accents or invisible characters, look-alike
    letters and digits as ASCII; everything else (spaces, punctuation, digits) kept."""
    if text.isascii():
        return text.lower()
    return _strip(text).translate(_tables()[0])


def normalise_text(text: str) -> str:
    """``text`` as matching sees it: lower-case letters and digits, single spaces between words,
    none at either end."""
    if text.isascii():  # the common case: nothing to compose, fold or strip
        mapped = text.lower().translate(_LEET_TABLE)
    else:
        mapped = _strip(text).translate(_tables()[1])
    return _SEPARATORS.sub(" ", mapped).strip()


def normalise_digits_kept(text: str) -> str:
    """``normalise_text`` with digits left as digits, character for character the same length
    and spacing: where it holds a digit, the normalised text's letter was one."""
    if text.isascii():
        mapped = text.lower().translate(_SYMBOLS_TABLE)
    else:
        mapped = _strip(text).translate(_tables()[2])
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

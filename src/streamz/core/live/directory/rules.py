"""Input rules of stream info and VODs: titles, tags, languages (stdlib only).

- Title: at most 140 characters once trimmed, no control characters (an empty title is
  allowed for a stream, not for a VOD).
- Tags: at most 10 once deduplicated; each is trimmed, lower-cased, runs of spaces and ``_``
  become one ``-``, and must then be 2-24 characters of ``a-z``, ``0-9`` and inner ``-``.
- Language: the shape of a BCP 47 tag: a 2-3 letter language, an optional 4-letter script, an
  optional 2-letter or 3-digit region, optional variants (5-8 letters/digits, or a digit and
  3); at most 35 characters. Stored canonically: ``pt-br`` becomes ``pt-BR``, ``zh-hant-tw``
  ``zh-Hant-TW``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from streamz.core.errors import FieldError, Invalid

MAX_TITLE = 140
MAX_TAGS = 10
MIN_TAG = 2
MAX_TAG = 24
MAX_LANGUAGE = 35
_TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG_SEPARATORS = re.compile(r"[\s_]+")
_LANGUAGE = re.compile(
    r"^(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*)$"
)


class Problems:
    """Field errors of one input, each with its problem class; ``raise_if_any`` raises the
    first one's class carrying them all."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._kinds: list[type[Invalid]] = []
        self.errors: list[FieldError] = []

    def add(self, kind: type[Invalid], field: str, message: str) -> None:
        self._kinds.append(kind)
        self.errors.append(FieldError(field, message))

    def raise_if_any(self) -> None:
        if self.errors:
            detail = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
            raise self._kinds[0](f"the {self._what} is invalid ({detail})", errors=self.errors)


def check_title(
    problems: Problems, kind: type[Invalid], field: str, title: str, *, required: bool = False
) -> str:
    value = title.strip()
    if any(unicodedata.category(c) == "Cc" for c in value):
        problems.add(kind, field, "title must not hold control characters (line breaks, tabs)")
    elif len(value) > MAX_TITLE or (required and not value):
        low = 1 if required else 0
        problems.add(kind, field, f"title must be {low}-{MAX_TITLE} characters")
    return value


def normalise_tag(tag: str) -> str:
    folded = unicodedata.normalize("NFKC", tag).strip().lower()
    return _TAG_SEPARATORS.sub("-", folded)


def check_tags(
    problems: Problems, kind: type[Invalid], field: str, tags: Iterable[str]
) -> tuple[str, ...]:
    """The tags normalised and deduplicated, in the order given."""
    out: dict[str, None] = {}
    for raw in tags:
        tag = normalise_tag(raw)
        if not (MIN_TAG <= len(tag) <= MAX_TAG and _TAG.match(tag)):
            problems.add(
                kind,
                field,
                f"tag {raw[:40]!r} must be {MIN_TAG}-{MAX_TAG} characters of a-z, 0-9 and "
                "inner '-' once trimmed and lower-cased",
            )
            return ()
        out[tag] = None
    if len(out) > MAX_TAGS:
        problems.add(kind, field, f"at most {MAX_TAGS} tags")
        return ()
    return tuple(out)


def canonical_language(tag: str) -> str | None:
    """``tag`` in canonical case if it has the shape of a BCP 47 tag, else None."""
    value = tag.strip()
    if len(value) > MAX_LANGUAGE or not value.isascii():
        return None
    match = _LANGUAGE.match(value)
    if match is None:
        return None
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(v.lower() for v in match["variants"].split("-") if v)
    return "-".join(parts)


def check_language(problems: Problems, kind: type[Invalid], field: str, language: str) -> str:
    canonical = canonical_language(language)
    if canonical is None:
        problems.add(
            kind, field, "language must be a BCP 47 tag such as 'en', 'pt-BR' or 'zh-Hant-TW'"
        )
        return language
    return canonical


def primary_language(tag: str) -> str:
    return tag.split("-", 1)[0].lower()

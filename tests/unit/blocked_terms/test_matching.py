"""Normalisation, term validation and the compiled matcher (pure core, no storage)."""

from __future__ import annotations

import pytest

from streamz.core.chat.blocked_terms.matcher import BlockedTermMatcher, pattern_of
from streamz.core.chat.blocked_terms.normalise import check_term, normalise_text
from streamz.core.errors import FieldError


def key(term: str) -> str:
    errors: list[FieldError] = []
    _, value = check_term(errors, "body.term", term)
    assert errors == [], errors
    return value


def matcher(*terms: str) -> BlockedTermMatcher:
    return BlockedTermMatcher((t, key(t)) for t in terms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BaD", "bad"),  # case
        ("Ｂａｄ　Ｗｏｒｄ", "bad word"),  # NFKC full-width letters and space
        ("bàd wörd", "bad word"),  # accents
        ("Straße", "strasse"),  # casefold
        ("b4d w0rd", "bad word"),  # confusable digits
        ("@$$", "ass"),  # confusable symbols
        ("ЖАD", "жad"),  # Cyrillic А maps, Ж has no look-alike
        ("рохес", "poxec"),  # Cyrillic look-alikes
        ("ΒΑΤ", "bat"),  # Greek look-alikes (casefolded first)
        ("b\u200bad", "bad"),  # invisible format characters vanish
        ("  bad...   word!! ", "bad word"),  # runs of spaces/punctuation: one space
        ("", ""),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


@pytest.mark.parametrize(
    ("term", "expected_key", "pattern"),
    [
        ("  Bad  ", "bad", " bad "),
        ("bad*", "bad*", " bad"),
        ("*bad", "*bad", "bad "),
        ("*BÄD*", "*bad*", "bad"),
        ("bad   word", "bad word", " bad word "),
    ],
)
def test_term_keys_and_patterns(term: str, expected_key: str, pattern: str) -> None:
    assert key(term) == expected_key
    assert pattern_of(expected_key) == pattern


@pytest.mark.parametrize(
    "term",
    ["", " a ", "x" * 501, "**", "***", "b*d", "**bad", "bad**", "*b*d*", "!!", "*..*"],
)
def test_invalid_terms(term: str) -> None:
    errors: list[FieldError] = []
    check_term(errors, "body.term", term)
    assert [e.field for e in errors] == ["body.term"]


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (("ass",), "what an ASS", "ass"),
        (("ass",), "a class act", None),  # whole word: no false positive inside words
        (("ass",), "bass", None),
        (("ass",), "assassin", None),
        (("ass",), "Ａｓｓ!", "ass"),  # full-width
        (("ass",), "àss", "ass"),  # accent
        (("ass",), "@$$", "ass"),  # confusables
        (("ass",), "а$s", "ass"),  # Cyrillic а
        (("bad*",), "badly done", "bad*"),
        (("bad*",), "so bad", "bad*"),
        (("bad*",), "notbad", None),
        (("*bad",), "notbad", "*bad"),
        (("*bad",), "badly", None),
        (("*bad*",), "xxbadxx", "*bad*"),
        (("*bad*",), "b a d", "*bad*"),  # spaced single letters are joined
        (("bad word",), "such a BAD... word!", "bad word"),
        (("bad word",), "bad words", None),
        (("one", "two"), "three two one", "two"),  # the first found in the text
        (("he", "she", "hers"), "ushers", None),  # overlapping patterns, whole words
        (("*he*", "*she*", "*hers*"), "ushers", "*she*"),
        ((), "anything", None),
    ],
)
def test_matching(terms: tuple[str, ...], text: str, found: str | None) -> None:
    assert matcher(*terms).match(text) == found


def test_a_thousand_terms_still_match_exactly() -> None:
    many = [f"word{n}x" for n in range(1000)]
    compiled = matcher(*many, "*needle*")
    assert compiled.size == 1001
    assert compiled.match("a word999x here") == "word999x"
    assert compiled.match("word1000x word99") is None
    assert compiled.match("haystackneedlehaystack") == "*needle*"

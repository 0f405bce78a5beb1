"""Evasions of blocked terms: look-alike letters from the Unicode confusables data, letters
spaced out or separated by punctuation, and stretched letters (pure core, no storage)."""

from __future__ import annotations

import pytest

from streamz.core.chat.blocked_terms.confusables import look_alikes
from streamz.core.chat.blocked_terms.matcher import BlockedTermMatcher
from streamz.core.chat.blocked_terms.normalise import normalise_text
from tests.unit.blocked_terms.test_matching import matcher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ʜᴇᴄᴋ", "heck"),  # Latin small capitals
        ("һeck", "heck"),  # U+04BB Cyrillic shha
        ("ԁamn", "damn"),  # U+0501 Cyrillic komi de
        ("ԝoԝ", "wow"),  # U+051D Cyrillic we
        ("bօօ", "boo"),  # U+0585 Armenian oh
        ("bɑd", "bad"),  # U+0251 Latin alpha
        ("ꓳk", "ok"),  # U+A4F3 Lisu letter o
        ("ᏼᎪᎠ", "bad"),  # Cherokee letters (capital and small)
        ("𝐛𝐚𝐝", "bad"),  # mathematical bold (NFKC)
        ("ЬАD", "bad"),  # Cyrillic soft sign: a b in the confusables data
    ],
)
def test_confusable_letters_fold_to_ascii(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("what the ʜᴇᴄᴋ", "heck"),
        ("һеск", "heck"),  # all Cyrillic
        ("ʜ3ᴄk", "heck"),  # look-alikes and leetspeak together
        ("hecks", None),  # still whole words
        ("check", None),
    ],
)
def test_look_alikes_match_a_term(text: str, found: str | None) -> None:
    assert matcher("heck").match(text) == found


def test_the_table_comes_from_the_confusables_data() -> None:
    table = look_alikes()
    assert len(table) > 1000  # far more than any hand-made list
    assert all(not key.isascii() for key in table)  # ASCII is left to the leetspeak map
    assert all(value.isascii() and value.isalnum() and len(value) == 1 for value in table.values())
    assert {table[c] for c in "ʜᴇᴄᴋһԁԝօɑ"} == set("heckhdwoa")
    assert "\u3002" not in table  # the ideographic full stop stays a dot for link checks


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (("bad",), "so b a d", "bad"),  # single letters with spaces are joined
        (("bad",), "so b.a.d", "bad"),
        (("bad",), "so b-a-d!", "bad"),
        (("bad",), "b_a_d", "bad"),
        (("bad",), "B . A . D", "bad"),
        (("*bad*",), "b a d", "*bad*"),
        (("bad*",), "b a dly", None),  # only single letters are joined, not to the word after
        (("bad",), "ba d", None),  # nor a letter to a word
        (("heck",), "heeeck", "heck"),  # three or more of a letter: one or more in the term
        (("heck",), "HEEEEEEEEECK", "heck"),
        (("heck",), "h333ck", None),  # digits are not stretched letters: 1000 is not 10
        (("ten",), "t3333n", None),
        (("ass",), "asssss", "ass"),
        (("hello",), "heeelllooo", "hello"),  # each stretched run on its own
        (("brrr",), "brrrrrrr", "brrr"),
        (("bad",), "b a a a d", "bad"),  # spaced and stretched
        (("f u",), "f u", "f u"),  # a term with single letters still matches them unjoined
        (("heck",), "heeck", None),  # two of a letter are two letters (good, too, see)
        (("god",), "good", None),
        (("ass",), "as s", None),
        (("ass",), "a class act", None),
        (("ass",), "grass is green", None),
        (("bad",), "a b c d", None),
    ],
)
def test_spaced_and_stretched_letters(terms: tuple[str, ...], text: str, found: str | None) -> None:
    assert matcher(*terms).match(text) == found


def test_keys_stored_by_an_older_normalisation_still_match() -> None:
    stale = BlockedTermMatcher([("һeck", "һeck"), ("ʜi*", "ʜi*")])  # keys made before the fold
    assert stale.match("oh heck") == "һeck"
    assert stale.match("hiya") == "ʜi*"

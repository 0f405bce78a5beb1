"""Unique chat compares messages by a key that ignores what a reader cannot see or would not
count as a different message: case, runs of spaces, invisible format characters, punctuation
and spaces at either end, and look-alike letters."""

from __future__ import annotations

import pytest

from streamz.core.chat.messages import errors
from streamz.core.chat.messages.enforce import unique_key
from tests.unit.messages.support import Chat

SAME_AS_COPY_PASTA = [
    "copy pasta",
    "COPY  Pasta",  # case, a run of spaces
    "copy pasta.",  # punctuation at either end
    "copy pasta!!!",
    "...copy pasta?",
    "  « copy pasta »  ",
    "copy pasta\u200b",  # zero-width space
    "copy\u200c pasta",  # zero-width non-joiner
    "co\u200dpy pasta",  # zero-width joiner
    "copy pa\u2060sta",  # word joiner
    "\ufeffcopy pasta",  # byte order mark / zero-width no-break space
    "copy\u00a0pasta",  # no-break space
    "copy\u3000pasta",  # ideographic space
    "ｃｏｐｙ ｐａｓｔａ",  # full-width
    "сору раѕта",  # Cyrillic look-alikes
    "ᴄᴏᴘʏ ᴘᴀsᴛᴀ",  # small capitals
    "cópy pästa",  # accents
]


@pytest.mark.parametrize("variant", SAME_AS_COPY_PASTA)
def test_variants_share_the_key(variant: str) -> None:
    assert unique_key(variant) == unique_key("copy pasta")


@pytest.mark.parametrize(
    "other",
    [
        "copy pastas",
        "copy, pasta",  # punctuation inside counts
        "copypasta",
        "copy pasta 2",
        "c0py pasta",  # a digit is not a look-alike here (ASCII stays as typed)
    ],
)
def test_different_messages_have_different_keys(other: str) -> None:
    assert unique_key(other) != unique_key("copy pasta")


def test_messages_of_punctuation_only_are_compared_as_they_are() -> None:
    assert unique_key("???") != unique_key("!!!")
    assert unique_key("???") == unique_key(" ??? ")


async def test_unique_chat_refuses_the_variants() -> None:
    chat = Chat()
    await chat.user("owner")
    fan = await chat.user("fan")
    await chat.settings("owner", unique_chat=True)
    await chat.send(fan, "owner", "copy pasta")
    for variant in ["copy pasta.", "copy pasta\u200b", "сору раѕта", "\ufeffCOPY pasta!"]:
        with pytest.raises(errors.DuplicateMessage):
            await chat.send(fan, "owner", variant)

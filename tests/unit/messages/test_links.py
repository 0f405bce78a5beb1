"""What counts as a link when a chatroom forbids them: what browsers turn into links (full-width
forms, Unicode full stops, look-alike letters, IP addresses, any scheme) and links written to
dodge a filter (``example[.]com``, ``example . com``); and what stays plain text."""

from __future__ import annotations

import pytest

from streamz.core.chat.messages import errors
from streamz.core.chat.messages.entities import FragmentKind
from streamz.core.chat.messages.parse import fragments, has_link
from tests.unit.messages.support import Chat


@pytest.mark.parametrize(
    "content",
    [
        "see evil.com",
        "ｅｘａｍｐｌｅ．ｃｏｍ",  # full-width letters and full stop
        "example。com",  # U+3002 ideographic full stop
        "example．com",  # U+FF0E full-width full stop
        "example｡com",  # U+FF61 half-width ideographic full stop
        "example﹒com",  # U+FE52 small full stop
        "еxample.com",  # Cyrillic е: a real (homograph) domain
        "пример.com",  # letters of any script
        "exa\u200bmple.com",  # an invisible character inside
        "go to 1.2.3.4:8080 now",
        "1.2.3.4",
        "http://1.2.3.4/x",
        "http://[::1]",
        "[::1]:8080",
        "[2001:db8::1]/admin",
        "ftp://files.host",
        "steam://run/440",
        "example[.]com",
        "example(.)com",
        "example{.}com",
        "example[dot]com",
        "example (dot) com",
        "example . com",
        "example .com",
        "example. org",
        "sub.example . io",
    ],
)
def test_links_that_are_refused(content: str) -> None:
    assert has_link(content)


@pytest.mark.parametrize(
    "content",
    [
        "version 1.2.3",
        "1.2.3.4.5",  # not an address
        "300.1.2.3",  # octets above 255
        "pi is 3.14",
        "see you at 10.30 or 12:30",
        "the dot com era",  # "dot" as a word is not obfuscation
        "example dot com",
        "a safety . net",  # spaced dots only before TLDs that are not words
        "more. info here",
        "gg . gg",
        "i am done. me too",
        "[citation needed]",
        "a::b and [x:y]",
    ],
)
def test_text_that_is_not_a_link(content: str) -> None:
    assert not has_link(content)


def test_addresses_are_link_fragments() -> None:
    parsed = fragments("at 1.2.3.4:8080 or [::1]:80 ok", {}, {})
    links = [f.text for f in parsed.fragments if f.kind is FragmentKind.LINK]
    assert links == ["1.2.3.4:8080", "[::1]:80"]


@pytest.mark.parametrize(
    "content", ["ｅｘａｍｐｌｅ．ｃｏｍ", "example。com", "1.2.3.4:8080", "example[.]com"]
)
async def test_send_refuses_them_when_links_are_off(content: str) -> None:
    chat = Chat()
    await chat.user("owner")
    fan = await chat.user("fan")
    await chat.send(fan, "owner", content)  # links are allowed by default
    await chat.settings("owner", links_allowed=False)
    with pytest.raises(errors.LinksNotAllowed):
        await chat.send(fan, "owner", content)

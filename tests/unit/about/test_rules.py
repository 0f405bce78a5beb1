"""URL rules, platform derivation and the permutation check."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.about.errors import InvalidOrder
from streamz.core.channels.about.platforms import Platform, platform_of
from streamz.core.channels.about.rules import MAX_URL, check_order, url_key, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path?q=1#x",
        "HTTPS://Example.COM/",
        "https://例え.jp/",
        "https://example.com:8443/a",
        "https://example.com/" + "a" * (MAX_URL - len("https://example.com/")),
    ],
)
def test_good_urls(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "http or https"),
        ("JavaScript://example.com/%0aalert(1)", "http or https"),
        ("data:text/html,<script>alert(1)</script>", "http or https"),
        ("ftp://example.com/file", "http or https"),
        ("/relative/path", "http or https"),
        ("example.com", "http or https"),
        ("//example.com/x", "http or https"),
        ("https://", "host"),
        ("https:///path", "host"),
        ("https://user:pw@example.com", "credentials"),
        ("https://twitter.com@evil.example", "credentials"),
        ("https://example.com/a b", "spaces"),
        ("https://example.com/\x00", "control"),
        ("", "spaces"),
        ("https://[::1", "valid URL"),
        ("https://example.com:99999/", "valid URL"),
        ("https://example.com/" + "a" * MAX_URL, "2048"),
    ],
)
def test_bad_urls(url: str, why: str) -> None:
    problem = url_problem(url)
    assert problem is not None
    assert why in problem


PLATFORMS = [
    ("https://twitter.com/alice", Platform.TWITTER),
    ("https://x.com/alice", Platform.TWITTER),
    ("https://mobile.twitter.com/alice", Platform.TWITTER),
    ("https://www.youtube.com/@alice", Platform.YOUTUBE),
    ("https://m.youtube.com/@alice", Platform.YOUTUBE),
    ("https://youtu.be/abc", Platform.YOUTUBE),
    ("https://instagram.com/alice", Platform.INSTAGRAM),
    ("https://www.tiktok.com/@alice", Platform.TIKTOK),
    ("https://discord.gg/abc", Platform.DISCORD),
    ("https://discord.com/invite/abc", Platform.DISCORD),
    ("https://www.twitch.tv/alice", Platform.TWITCH),
    ("https://kick.com/alice", Platform.KICK),
    ("https://www.facebook.com/alice", Platform.FACEBOOK),
    ("https://m.facebook.com/alice", Platform.FACEBOOK),
    ("https://old.reddit.com/u/alice", Platform.REDDIT),
    ("https://github.com/alice", Platform.GITHUB),
    ("https://www.linkedin.com/in/alice", Platform.LINKEDIN),
    ("https://open.spotify.com/artist/1", Platform.SPOTIFY),
    ("https://soundcloud.com/alice", Platform.SOUNDCLOUD),
    ("https://www.patreon.com/alice", Platform.PATREON),
    ("HTTPS://WWW.GITHUB.COM./alice", Platform.GITHUB),
    ("https://example.com", Platform.WEBSITE),
    ("https://notx.com/alice", Platform.WEBSITE),
    ("https://x.com.evil.example/alice", Platform.WEBSITE),
    ("https://youtube.co/alice", Platform.WEBSITE),
    ("https://github.io/alice", Platform.WEBSITE),
    ("https://[::1", Platform.WEBSITE),
]


@pytest.mark.parametrize(("url", "platform"), PLATFORMS)
def test_platform_is_derived_from_the_host(url: str, platform: Platform) -> None:
    assert platform_of(url) is platform


def test_url_key_ignores_case_of_scheme_and_host_and_a_trailing_slash() -> None:
    assert url_key("HTTPS://X.com/Alice/") == url_key("https://x.com/Alice")
    assert url_key("https://x.com/alice") != url_key("https://x.com/Alice")
    assert url_key("https://x.com/a?b=1") != url_key("https://x.com/a")


A, B, C, D = (uuid.uuid4() for _ in range(4))


def test_a_permutation_passes() -> None:
    check_order([A, B, C], [C, A, B])
    check_order([], [])


@pytest.mark.parametrize(
    ("wanted", "why"),
    [
        ([A, B], "missing"),
        ([A, B, C, D], "not in this channel"),
        ([A, B, B, C], "repeated"),
        ([A, A, B], "repeated"),
        ([A, B, D], "missing"),
        ([], "missing"),
    ],
)
def test_anything_else_is_refused(wanted: list[uuid.UUID], why: str) -> None:
    with pytest.raises(InvalidOrder) as info:
        check_order([A, B, C], wanted)
    assert why in info.value.detail
    assert info.value.code == "invalid-order"
    assert info.value.errors[0].field == "body.ids"

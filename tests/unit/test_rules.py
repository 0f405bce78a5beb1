from __future__ import annotations

import pytest

from streamz.core.errors import Invalid
from streamz.core.identity.rules import MAX_EMAIL, normalise_email, normalise_username


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("abc", "abc"), ("ABC", "abc"), ("  Mixed_Case_9 ", "mixed_case_9"), ("x" * 25, "x" * 25)],
)
def test_username_is_trimmed_and_lowered(raw: str, expected: str) -> None:
    assert normalise_username(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "ab", "x" * 26, "a-b-c", "a.bc", "a bc", "abc\ndef", "émile", "ab\u200bc"]
)
def test_bad_usernames(raw: str) -> None:
    with pytest.raises(Invalid) as info:
        normalise_username(raw)
    assert info.value.code == "invalid"
    assert [e.field for e in info.value.errors] == ["username"]


def test_username_error_names_the_given_field() -> None:
    with pytest.raises(Invalid) as info:
        normalise_username("x", field="body.username")
    assert info.value.errors[0].field == "body.username"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a@b.co", "a@b.co"),
        (" Jane.Doe+tag@Mail.Example.COM ", "Jane.Doe+tag@mail.example.com"),
        ("x" * 64 + "@example.com", "x" * 64 + "@example.com"),
    ],
)
def test_email_is_trimmed_and_domain_lowered(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "plain",
        "no-domain@",
        "@no-local.com",
        "a@nodot",
        "a@b@c.com",
        "a b@c.com",
        "x" * 65 + "@example.com",
        "a@" + "b" * (MAX_EMAIL - 5) + ".com",
    ],
)
def test_bad_emails(raw: str) -> None:
    with pytest.raises(Invalid) as info:
        normalise_email(raw, field="body.email")
    assert info.value.code == "invalid"
    assert [e.field for e in info.value.errors] == ["body.email"]


def test_longest_email_is_accepted() -> None:
    email = "a@" + "b" * (MAX_EMAIL - 6) + ".com"
    assert len(email) == MAX_EMAIL
    assert normalise_email(email) == email

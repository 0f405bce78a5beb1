from __future__ import annotations

import base64

import pytest

from streamz.core.errors import Invalid
from streamz.core.shared.pages import MAX_LIMIT, check_limit, decode_cursor, encode_cursor


@pytest.mark.parametrize(
    "values", [["a"], ["018f0000-0000-7000-8000-000000000000", "x"], ["ünï/+=", ""]]
)
def test_cursor_roundtrip(values: list[str]) -> None:
    cursor = encode_cursor(values)

    assert decode_cursor(cursor, len(values)) == values
    assert "=" not in cursor
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("cursor", "size"),
    [
        ("", 1),
        ("!!!!", 1),
        ("a", 1),
        (b64(b"not json"), 1),
        (b64(b'{"a": "b"}'), 1),
        (b64(b'"a"'), 1),
        (b64(b"[1]"), 1),
        (b64(b'["a", null]'), 2),
        (b64(b"\xff\xfe"), 1),
        (encode_cursor(["a"]), 2),
        (encode_cursor(["a", "b"]), 1),
    ],
)
def test_malformed_cursors_are_invalid(cursor: str, size: int) -> None:
    with pytest.raises(Invalid) as info:
        decode_cursor(cursor, size)
    assert info.value.code == "invalid"
    assert [e.field for e in info.value.errors] == ["query.after"]


def test_deeply_nested_cursor_is_invalid() -> None:
    with pytest.raises(Invalid):
        decode_cursor(b64(b"[" * 100_000), 1)


@pytest.mark.parametrize("limit", [1, 20, MAX_LIMIT])
def test_limits_within_bounds(limit: int) -> None:
    assert check_limit(limit) == limit


@pytest.mark.parametrize("limit", [0, -5, MAX_LIMIT + 1])
def test_limits_out_of_bounds(limit: int) -> None:
    with pytest.raises(Invalid) as info:
        check_limit(limit)
    assert [e.field for e in info.value.errors] == ["query.limit"]

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from streamz.core.shared import ids
from streamz.core.shared.ids import new_id, parse_id


def test_new_id_is_a_version_7_rfc_9562_uuid() -> None:
    for _ in range(200):
        value = new_id()
        assert value.version == 7
        assert value.variant == uuid.RFC_4122
        assert (value.int >> 76) & 0xF == 0x7
        assert (value.int >> 62) & 0x3 == 0b10


def test_new_id_starts_with_unix_milliseconds(monkeypatch: pytest.MonkeyPatch) -> None:
    millis = 1_735_732_800_123
    fake_time = SimpleNamespace(time_ns=lambda: millis * 1_000_000 + 999_999)
    monkeypatch.setattr(ids, "time", fake_time)
    monkeypatch.setattr(ids, "_last", 0)

    value = new_id()

    assert value.int >> 80 == millis
    assert value.version == 7


@pytest.mark.usefixtures("tick_ids")
def test_ids_from_later_milliseconds_sort_later() -> None:
    made = [new_id() for _ in range(100)]

    assert sorted(made) == made
    assert sorted(str(v) for v in made) == [str(v) for v in made]
    assert len(set(made)) == 100


def test_ids_in_the_same_millisecond_are_distinct(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "time", SimpleNamespace(time_ns=lambda: 1_000_000_000_000))
    monkeypatch.setattr(ids, "_last", 0)

    made = [new_id() for _ in range(1000)]

    assert len(set(made)) == 1000
    assert made == sorted(made)  # monotonic within one millisecond too
    assert {v.int >> 80 for v in made} == {1_000_000}
    assert {(v.version, v.variant) for v in made} == {(7, uuid.RFC_4122)}


def test_parse_id() -> None:
    value = new_id()
    assert parse_id(str(value)) == value
    assert parse_id(str(value).upper()) == value
    assert parse_id("alice") is None
    assert parse_id("") is None
    assert parse_id("1234") is None

"""Stream info input rules and listing filters (pure core)."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.errors import Invalid
from streamz.core.live.directory.entities import ListingFilters
from streamz.core.live.directory.errors import StreamTagsInvalid, StreamTitleInvalid
from streamz.core.live.directory.rules import (
    Problems,
    canonical_language,
    check_tags,
    check_title,
)
from streamz.core.live.entities import Livestream
from tests.unit.support import T0


def tags(*values: str) -> tuple[str, ...]:
    problems = Problems("test")
    out = check_tags(problems, StreamTagsInvalid, "body.tags", values)
    problems.raise_if_any()
    return out


def test_tags_are_normalised_and_deduplicated() -> None:
    assert tags("  Speed Run ", "speed_run", "SPEED-RUN", "fps", "Ｆｐｓ") == ("speed-run", "fps")
    assert tags() == ()
    assert tags(*(f"tag{n}" for n in range(10)), "tag0") == tuple(f"tag{n}" for n in range(10))


@pytest.mark.parametrize(
    "bad",
    [
        ("x",),  # too short
        ("a" * 25,),  # too long
        ("c++",),  # outside [a-z0-9-]
        ("-edge",),
        ("émoji",),
        ("ok", ""),
        tuple(f"tag{n}" for n in range(11)),  # 11 distinct
    ],
)
def test_bad_tags(bad: tuple[str, ...]) -> None:
    with pytest.raises(StreamTagsInvalid) as info:
        tags(*bad)
    assert info.value.code == "stream-tags-invalid"
    assert [e.field for e in info.value.errors] == ["body.tags"]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("pt-br", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("de-CH-1996", "de-CH-1996"),
        (" fr ", "fr"),
    ],
)
def test_language_shapes(raw: str, canonical: str) -> None:
    assert canonical_language(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["", "e", "english", "en_US", "en-", "en-USA1", "12", "pt-BR-x", "ẽn", "en-" + "a" * 40]
)
def test_bad_languages(raw: str) -> None:
    assert canonical_language(raw) is None


def test_titles() -> None:
    problems = Problems("x")
    assert check_title(problems, StreamTitleInvalid, "body.title", "  Hi  ") == "Hi"
    assert check_title(problems, StreamTitleInvalid, "body.title", "") == ""
    assert check_title(problems, StreamTitleInvalid, "body.title", "é" * 140) == "é" * 140
    assert problems.errors == []
    check_title(problems, StreamTitleInvalid, "body.title", "x" * 141)
    check_title(problems, StreamTitleInvalid, "body.title", "two\nlines")
    check_title(problems, StreamTitleInvalid, "body.title", " ", required=True)
    assert len(problems.errors) == 3
    with pytest.raises(StreamTitleInvalid):
        problems.raise_if_any()


def test_several_problems_take_the_first_type_and_list_all() -> None:
    problems = Problems("stream info")
    check_title(problems, StreamTitleInvalid, "body.title", "x" * 141)
    check_tags(problems, StreamTagsInvalid, "body.tags", ["!"])
    with pytest.raises(Invalid) as info:
        problems.raise_if_any()
    assert type(info.value) is StreamTitleInvalid
    assert [e.field for e in info.value.errors] == ["body.title", "body.tags"]


def stream(language: str, tags: tuple[str, ...] = (), mature: bool = False) -> Livestream:
    return Livestream(uuid.uuid4(), uuid.uuid4(), "lp", "", None, tags, language, mature, T0)


def test_filters() -> None:
    assert ListingFilters(language="en").matches(stream("en-GB"))
    assert ListingFilters(language="en").matches(stream("en"))
    assert not ListingFilters(language="en").matches(stream("eng"))
    assert not ListingFilters(language="pt-BR").matches(stream("pt"))
    assert ListingFilters(language="pt-BR").matches(stream("pt-BR"))
    assert ListingFilters(tags=("a", "b")).matches(stream("en", ("b", "c", "a")))
    assert not ListingFilters(tags=("a", "b")).matches(stream("en", ("a",)))
    assert ListingFilters(mature=True).matches(stream("en", mature=True))
    assert not ListingFilters(mature=False).matches(stream("en", mature=True))
    assert ListingFilters().matches(stream("xx", mature=True))

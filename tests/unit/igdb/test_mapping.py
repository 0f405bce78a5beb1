"""IGDB game objects (unexpanded from webhooks, expanded from dumps) mapped to categories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from streamz.core.live.igdb.errors import IgdbGameInvalid
from streamz.core.live.igdb.game import IgdbGame, cover_url, parse_game, parse_game_id, slug_with_id

COVER = "https://images.igdb.com/igdb/image/upload/t_cover_big/co1wyy.jpg"


def test_an_unexpanded_webhook_game_keeps_what_it_cannot_name() -> None:
    raw = {
        "id": 1942,
        "name": "  The Witcher 3: Wild Hunt ",
        "slug": "the-witcher-3-wild-hunt",
        "cover": 89386,
        "genres": [12, 31],
        "alternative_names": [50135],
        "updated_at": 1_561_584_221,
        "checksum": "b5e1c7d2-...",
        "url": "https://www.igdb.com/games/the-witcher-3-wild-hunt",
    }
    assert parse_game(raw) == IgdbGame(
        igdb_id=1942,
        name="The Witcher 3: Wild Hunt",
        slug="the-witcher-3-wild-hunt",
        cover_url=None,  # an id only: keep the cover we have
        genres=None,  # ids only: keep the genres we have
        aliases=None,
        updated_at=datetime(2019, 6, 26, 21, 23, 41, tzinfo=UTC),
    )


def test_an_expanded_game_gives_cover_genres_and_aliases() -> None:
    raw = {
        "id": 1942,
        "name": "The Witcher 3",
        "slug": "the-witcher-3",
        "cover": {"id": 89386, "image_id": "co1wyy", "url": "//ignored/t_thumb/x.jpg"},
        "genres": [
            {"id": 12, "name": " Role-playing (RPG) "},
            {"id": 31, "name": "Adventure"},
            {"id": 99, "name": "adventure"},
        ],
        "alternative_names": [
            {"id": 1, "name": "Wiedźmin 3: Dziki Gon", "comment": "Polish title"},
            {"id": 2, "name": "the witcher 3"},  # the name itself: left out
            {"id": 3, "name": "TW3"},
        ],
    }
    game = parse_game(raw)
    assert game.cover_url == COVER
    assert game.genres == ("Role-playing (RPG)", "Adventure")
    assert game.aliases == ("Wiedźmin 3: Dziki Gon", "TW3")
    assert game.updated_at is None


@pytest.mark.parametrize(
    ("cover", "expected"),
    [
        ({"url": "//images.igdb.com/igdb/image/upload/t_thumb/co1wyy.jpg"}, COVER),
        ({"url": "https://images.igdb.com/igdb/image/upload/t_720p/co1wyy.png"}, COVER),
        ({"url": "//cdn.example.com/c.jpg"}, "https://cdn.example.com/c.jpg"),
        ({"url": "http://cdn.example.com/c.jpg"}, "http://cdn.example.com/c.jpg"),
        ({"id": 5}, None),
        (None, None),
    ],
)
def test_cover_urls(cover: object, expected: str | None) -> None:
    assert parse_game({"id": 1, "name": "x", "cover": cover}).cover_url == expected


def test_cover_url_is_igdb_image_url() -> None:
    assert cover_url("abc_1") == "https://images.igdb.com/igdb/image/upload/t_cover_big/abc_1.jpg"


@pytest.mark.parametrize(
    ("fields", "slug"),
    [
        ({"slug": "Pokémon GO!"}, "pokemon-go"),
        ({}, "half-life-2"),
        ({"slug": "!!!"}, "half-life-2"),
        ({"slug": "a" * 80}, "a" * 64),
    ],
)
def test_slugs(fields: dict[str, Any], slug: str) -> None:
    assert parse_game({"id": 7, "name": "Half-Life 2", **fields}).slug == slug


def test_slug_falls_back_to_the_id_and_is_made_unique_by_it() -> None:
    assert parse_game({"id": 7, "name": "!!!"}).slug == "igdb-7"
    assert slug_with_id("chess", 1234) == "chess-1234"
    assert slug_with_id("x" * 64, 99) == "x" * 61 + "-99"
    assert slug_with_id("", 5) == "igdb-5"


def test_long_values_are_cut_and_lists_capped() -> None:
    raw = {
        "id": 1,
        "name": "N" * 200,
        "genres": [{"name": f"g{n}" + "x" * 100} for n in range(30)],
        "alternative_names": [{"name": f"alias {n}"} for n in range(80)],
    }
    game = parse_game(raw)
    assert game.name == "N" * 128
    assert game.genres is not None
    assert len(game.genres) == 20
    assert all(len(g) == 64 for g in game.genres)
    assert game.aliases is not None
    assert len(game.aliases) == 50


def test_empty_lists_clear_and_blank_names_are_dropped() -> None:
    game = parse_game({"id": 1, "name": "x", "genres": [], "alternative_names": [{"name": " "}]})
    assert (game.genres, game.aliases) == ((), ())


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        ({"name": "x"}, ["body.id"]),
        ({"id": 0, "name": "x"}, ["body.id"]),
        ({"id": True, "name": "x"}, ["body.id"]),
        ({"id": "12", "name": "x"}, ["body.id"]),
        ({"id": 2**63, "name": "x"}, ["body.id"]),
        ({"id": 1}, ["body.name"]),
        ({"id": 1, "name": "   "}, ["body.name"]),
        ({"id": 1, "name": 5}, ["body.name"]),
        ({"id": 1, "name": "x", "slug": 3}, ["body.slug"]),
        ({"id": 1, "name": "x", "cover": "co1"}, ["body.cover"]),
        ({"id": 1, "name": "x", "cover": {"image_id": "../x"}}, ["body.cover.image_id"]),
        ({"id": 1, "name": "x", "cover": {"url": "ftp://x/y.jpg"}}, ["body.cover.url"]),
        ({"id": 1, "name": "x", "cover": {"url": 7}}, ["body.cover.url"]),
        ({"id": 1, "name": "x", "genres": "RPG"}, ["body.genres"]),
        ({"id": 1, "name": "x", "genres": [1, "RPG"]}, ["body.genres[1]"]),
        ({"id": 1, "name": "x", "genres": [{"name": 3}]}, ["body.genres[0].name"]),
        ({"id": 1, "name": "x", "alternative_names": {}}, ["body.alternative_names"]),
        ({"id": 1, "name": "x", "updated_at": -1}, ["body.updated_at"]),
        ({"id": 1, "name": "x", "updated_at": "2020"}, ["body.updated_at"]),
        ({"id": "x", "name": "", "genres": 1}, ["body.id", "body.name", "body.genres"]),
    ],
)
def test_bad_games_name_each_field(raw: dict[str, Any], fields: list[str]) -> None:
    with pytest.raises(IgdbGameInvalid) as info:
        parse_game(raw)
    assert info.value.code == "igdb-game-invalid"
    assert [e.field for e in info.value.errors] == fields


@pytest.mark.parametrize("raw", [[], "game", None, 5])
def test_not_an_object(raw: object) -> None:
    with pytest.raises(IgdbGameInvalid) as info:
        parse_game(raw)
    assert [e.field for e in info.value.errors] == ["body"]
    with pytest.raises(IgdbGameInvalid):
        parse_game_id(raw, where="")


def test_delete_needs_only_the_id_and_paths_follow_where() -> None:
    assert parse_game_id({"id": 42}) == 42
    with pytest.raises(IgdbGameInvalid) as info:
        parse_game({"id": -1, "name": "x"}, where="")
    assert [e.field for e in info.value.errors] == ["id"]

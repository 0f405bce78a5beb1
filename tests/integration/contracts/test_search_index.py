"""Contract of ``SearchIndex`` (ports/search.py), on the memory index and on Typesense (the
session's server, built as the container builds it, each test under a collection prefix of its
own whose aliases and collections are dropped at the end).

The contract: ``ensure`` is idempotent (no alias before it, the same collections after a second
call, documents kept); a rebuild (``create_version``, ``import_into``, ``swap``) fills a new
collection each time that searches do not see until ``swap`` moves the alias, and ``swap``
answers the collection the alias named before; ``upsert`` replaces by id (and makes the
collections when missing); ``delete`` removes by id and ignores unknown ids; ``fingerprints``
lists every id with its fingerprint; ``search`` finds a document by an exact word of its name
(channels, categories, livestreams), keeps only what the filters keep (live, category by id or
slug, language, every tag), sorts by viewers or followers, pages, and answers one page per query
in order, each hit being the stored fields without ``fp`` and without the empty (``None``) ones;
``suggest`` completes a prefix with channel and category names, live ones first among names it
completes alike; every method raises ``Unavailable`` when the engine cannot be reached.

Typesense is the truth. The memory index drifted, and was fixed, on: ``current`` before
``ensure`` (it named a collection; Typesense has no alias yet), ``create_version`` twice before a
swap (the same name, the second emptying the first; Typesense makes two collections) and hit
documents (memory kept ``None`` fields; Typesense does not store them).

Not contract, because the memory index is knowingly an approximation there: typo tolerance and
prefix matching inside a query's words (memory: one edit, any word a prefix; Typesense: up to two
typos, prefixes on some fields only), queries of several words (Typesense may drop words),
relevance order and text-match scores (Typesense weighs a word found in two fields above one
found in one; memory does not), the order of suggestions beyond live first among names a prefix
completes alike (Typesense ranks a whole word above a completion), what an empty query finds (the
port says nothing of it) and highlight snippets. Collection names are each adapter's own; only
their identity is compared. A rebuild of an index never ensured is left out too: Typesense swaps
from None, memory from ``{kind}_v1`` (unit tests of the reindex rely on that).
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any

import httpx
import pytest

from streamz.adapters.memory.search import MemorySearchIndex
from streamz.container import make_container
from streamz.core.errors import Unavailable
from streamz.core.search.entities import (
    CategoryDocument,
    ChannelDocument,
    Document,
    Filters,
    Kind,
    LivestreamDocument,
    SearchPage,
    SearchQuery,
    SortBy,
    Suggestion,
    fields_of,
)
from streamz.ports.search import SearchIndex
from streamz.settings import Settings

# -- the index -------------------------------------------------------------------------------


async def drop(settings: Settings, prefix: str) -> None:
    """Every alias and collection under ``prefix``."""
    headers = {"X-TYPESENSE-API-KEY": settings.search.api_key or ""}
    async with httpx.AsyncClient(base_url=settings.search.url or "", headers=headers) as http:
        for alias in (await http.get("/aliases")).json().get("aliases", []):
            if alias["name"].startswith(prefix + "_"):
                await http.delete(f"/aliases/{alias['name']}")
        for collection in (await http.get("/collections")).json():
            if collection["name"].startswith(prefix + "_"):
                await http.delete(f"/collections/{collection['name']}")


def typesense_settings(settings: Settings, **changes: Any) -> Settings:
    """The session's settings with a collection prefix of this test's own."""
    prefix = f"contract{uuid.uuid4().hex[:12]}"
    return replace(settings, search=replace(settings.search, prefix=prefix, **changes))


@pytest.fixture(params=["memory", "typesense"])
async def index(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[SearchIndex]:
    """An empty index: memory, or Typesense as the container builds it."""
    if request.param == "memory":
        yield MemorySearchIndex()
        return
    own = typesense_settings(settings)
    container = make_container(own)
    try:
        yield await container.get(SearchIndex)
    finally:
        await container.close()
        await drop(own, own.search.prefix)


@pytest.fixture
async def unreachable(index: SearchIndex, settings: Settings) -> AsyncIterator[SearchIndex]:
    """An index of the same adapter whose engine cannot be reached."""
    if isinstance(index, MemorySearchIndex):
        down = MemorySearchIndex()
        down.down = True
        yield down
        return
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    container = make_container(typesense_settings(settings, url=f"http://127.0.0.1:{port}"))
    try:
        yield await container.get(SearchIndex)
    finally:
        await container.close()


# -- documents -------------------------------------------------------------------------------

ANNA = ChannelDocument("ch-anna", "anna_pixel", "Anna Pixel", "speedruns", 500, True, 90,
                       "cat-chess", "chess", "Chess", "en")  # fmt: skip
BRUNO = ChannelDocument("ch-bruno", "bruno_pixel", "Bruno", "", 300, True, 200,
                        "cat-go", "go", "Go", "pt")  # fmt: skip
CARLA = ChannelDocument("ch-carla", "carla_pixel", "Carla Pixel", "endgames", 800, False, 0,
                        "cat-chess", "chess", "Chess", "en")  # fmt: skip
DMITRI = ChannelDocument("ch-dmitri", "dmitri", "Dmitri Quill", "", 100, False, 0,
                         None, None, None, None)  # fmt: skip
CHANNELS = [ANNA, BRUNO, CARLA, DMITRI]

CHESS = CategoryDocument("cat-chess", "Chess", "chess", ("xadrez", "board"), 1200, 90,
                         "https://img.test/chess.jpg")  # fmt: skip
GO = CategoryDocument("cat-go", "Go", "go", ("baduk", "board"), 700, 200, None)
POKER = CategoryDocument("cat-poker", "Poker", "poker", (), 50, 0, None)
CATEGORIES = [CHESS, GO, POKER]

SICILIAN = LivestreamDocument("ch-anna", "ls-anna", "anna_pixel", "Anna Pixel",
                              "Sicilian openings tonight", ("blitz", "english"), "cat-chess",
                              "chess", "Chess", "en", False, 90, 500, 1767268800)  # fmt: skip
JOSEKI = LivestreamDocument("ch-bruno", "ls-bruno", "bruno_pixel", "Bruno",
                            "Joseki openings", ("blitz",), "cat-go", "go", "Go", "pt", True,
                            200, 300, 1767272400)  # fmt: skip
LIVESTREAMS = [SICILIAN, JOSEKI]


def stored(document: Document) -> dict[str, Any]:
    """What a hit carries: the document's fields without ``fp`` and without empty ones."""
    return {k: v for k, v in fields_of(document).items() if k != "fp" and v is not None}


def fp(document: Document) -> str:
    return str(fields_of(document)["fp"])


async def filled(index: SearchIndex) -> SearchIndex:
    await index.ensure()
    await index.upsert(Kind.CHANNELS, CHANNELS)
    await index.upsert(Kind.CATEGORIES, CATEGORIES)
    await index.upsert(Kind.LIVESTREAMS, LIVESTREAMS)
    return index


async def one(index: SearchIndex, query: SearchQuery) -> SearchPage:
    (page,) = await index.search([query])
    return page


async def ids(index: SearchIndex, kind: Kind, text: str, **options: Any) -> list[str]:
    """The ids a query finds, in order (one page of up to 20)."""
    page = await one(index, SearchQuery(kind, text, **options))
    return [str(hit.document["id"]) for hit in page.hits]


async def found(index: SearchIndex, kind: Kind, text: str, **options: Any) -> set[str]:
    return set(await ids(index, kind, text, **options))


# -- collections and the alias ---------------------------------------------------------------


async def test_ensure_is_idempotent(index: SearchIndex) -> None:
    assert [await index.current(kind) for kind in Kind] == [None, None, None]
    await index.ensure()
    first = {kind: await index.current(kind) for kind in Kind}
    assert None not in first.values()
    assert len(set(first.values())) == 3
    await index.upsert(Kind.CHANNELS, [ANNA])
    await index.ensure()
    assert {kind: await index.current(kind) for kind in Kind} == first
    assert await index.fingerprints(Kind.CHANNELS) == {ANNA.id: fp(ANNA)}


async def test_a_rebuild_swaps_the_alias_to_the_new_collection(index: SearchIndex) -> None:
    await index.ensure()
    await index.upsert(Kind.CATEGORIES, [CHESS])
    before = await index.current(Kind.CATEGORIES)

    building = await index.create_version(Kind.CATEGORIES)
    assert building != before
    assert await index.current(Kind.CATEGORIES) == before
    await index.import_into(building, [GO, POKER])
    # not behind the alias yet: searches still see the old collection
    assert await found(index, Kind.CATEGORIES, "go") == set()
    assert await found(index, Kind.CATEGORIES, "chess") == {CHESS.id}

    assert await index.swap(Kind.CATEGORIES, building) == before
    assert await index.current(Kind.CATEGORIES) == building
    assert await found(index, Kind.CATEGORIES, "go") == {GO.id}
    assert await found(index, Kind.CATEGORIES, "chess") == set()
    assert await index.fingerprints(Kind.CATEGORIES) == {GO.id: fp(GO), POKER.id: fp(POKER)}
    # the other kinds keep their collections
    assert await index.current(Kind.CHANNELS) is not None

    await index.ensure()  # keeps the swapped alias
    assert await index.current(Kind.CATEGORIES) == building
    assert await index.fingerprints(Kind.CATEGORIES) == {GO.id: fp(GO), POKER.id: fp(POKER)}


async def test_each_new_version_is_a_new_collection(index: SearchIndex) -> None:
    await index.ensure()
    live = await index.current(Kind.CHANNELS)
    abandoned = await index.create_version(Kind.CHANNELS)
    fresh = await index.create_version(Kind.CHANNELS)
    assert len({live, abandoned, fresh}) == 3
    await index.import_into(abandoned, [ANNA])
    await index.import_into(fresh, [BRUNO])

    assert await index.swap(Kind.CHANNELS, fresh) == live
    assert await index.fingerprints(Kind.CHANNELS) == {BRUNO.id: fp(BRUNO)}
    later = await index.create_version(Kind.CHANNELS)
    assert later not in {live, fresh}
    await index.import_into(later, [CARLA])
    assert await index.swap(Kind.CHANNELS, later) == fresh
    assert await found(index, Kind.CHANNELS, "pixel") == {CARLA.id}


# -- writes ----------------------------------------------------------------------------------


async def test_upsert_replaces_a_document_by_id(index: SearchIndex) -> None:
    await index.ensure()
    await index.upsert(Kind.CHANNELS, [DMITRI])
    renamed = replace(DMITRI, display_name="Dmitri Lantern", followers=101, language="ru")
    await index.upsert(Kind.CHANNELS, [renamed])

    assert await index.fingerprints(Kind.CHANNELS) == {DMITRI.id: fp(renamed)}
    assert await found(index, Kind.CHANNELS, "quill") == set()
    page = await one(index, SearchQuery(Kind.CHANNELS, "lantern"))
    assert [hit.document for hit in page.hits] == [stored(renamed)]


async def test_upsert_creates_what_ensure_would_have(index: SearchIndex) -> None:
    await index.upsert(Kind.LIVESTREAMS, [SICILIAN])
    assert await index.current(Kind.LIVESTREAMS) is not None
    assert await index.fingerprints(Kind.LIVESTREAMS) == {SICILIAN.id: fp(SICILIAN)}


async def test_delete_removes_by_id_and_unknown_ids_are_fine(index: SearchIndex) -> None:
    await filled(index)
    await index.delete(Kind.CHANNELS, [ANNA.id, "ch-nobody"])
    await index.delete(Kind.LIVESTREAMS, ["ch-nobody"])

    assert set(await index.fingerprints(Kind.CHANNELS)) == {BRUNO.id, CARLA.id, DMITRI.id}
    assert set(await index.fingerprints(Kind.LIVESTREAMS)) == {SICILIAN.id, JOSEKI.id}
    assert await found(index, Kind.CHANNELS, "pixel") == {BRUNO.id, CARLA.id}
    # a channel id names its live stream too: deleting it there leaves the channel
    await index.delete(Kind.LIVESTREAMS, [ANNA.id])
    assert await found(index, Kind.LIVESTREAMS, "openings") == {JOSEKI.id}


async def test_fingerprints_list_every_indexed_document(index: SearchIndex) -> None:
    await index.ensure()
    assert await index.fingerprints(Kind.CHANNELS) == {}
    many = [
        replace(DMITRI, id=f"ch-{n:03}", username=f"user{n:03}", followers=n) for n in range(300)
    ]
    await index.upsert(Kind.CHANNELS, many)
    await index.upsert(Kind.CATEGORIES, CATEGORIES)

    assert await index.fingerprints(Kind.CHANNELS) == {d.id: fp(d) for d in many}
    assert await index.fingerprints(Kind.CATEGORIES) == {d.id: fp(d) for d in CATEGORIES}
    assert await index.fingerprints(Kind.LIVESTREAMS) == {}

    await index.delete(Kind.CHANNELS, [d.id for d in many[:250]])
    assert await index.fingerprints(Kind.CHANNELS) == {d.id: fp(d) for d in many[250:]}


# -- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "word", "expected"),
    [
        (Kind.CHANNELS, "anna", [ANNA]),  # a word of the username
        (Kind.CHANNELS, "quill", [DMITRI]),  # of the display name
        (Kind.CATEGORIES, "poker", [POKER]),  # of the name
        (Kind.CATEGORIES, "baduk", [GO]),  # an alias
        (Kind.CATEGORIES, "chess", [CHESS]),
        (Kind.LIVESTREAMS, "sicilian", [SICILIAN]),  # a word of the title
        (Kind.LIVESTREAMS, "bruno", [JOSEKI]),  # of the channel's name
    ],
)
async def test_search_finds_a_document_by_a_word_of_its_name(
    index: SearchIndex, kind: Kind, word: str, expected: list[Document]
) -> None:
    await filled(index)
    page = await one(index, SearchQuery(kind, word))
    assert (page.kind, page.found, page.page, page.per_page) == (kind, len(expected), 1, 20)
    assert [hit.document for hit in page.hits] == [stored(d) for d in expected]
    assert page.next_page is None


async def test_a_word_nothing_carries_finds_nothing(index: SearchIndex) -> None:
    await filled(index)
    for kind in Kind:
        page = await one(index, SearchQuery(kind, "zyxwvq"))
        assert (page.found, page.hits) == (0, ())


async def test_one_page_per_query_in_order(index: SearchIndex) -> None:
    await filled(index)
    queries = [
        SearchQuery(Kind.LIVESTREAMS, "openings", sort=SortBy.VIEWERS),
        SearchQuery(Kind.CHANNELS, "pixel", sort=SortBy.FOLLOWERS),
        SearchQuery(Kind.CATEGORIES, "board", sort=SortBy.FOLLOWERS),
        SearchQuery(Kind.CHANNELS, "zyxwvq"),
    ]
    pages = await index.search(queries)
    assert [(p.kind, p.found) for p in pages] == [
        (Kind.LIVESTREAMS, 2),
        (Kind.CHANNELS, 3),
        (Kind.CATEGORIES, 2),
        (Kind.CHANNELS, 0),
    ]
    assert [[h.document["id"] for h in p.hits] for p in pages] == [
        [JOSEKI.id, SICILIAN.id],
        [CARLA.id, ANNA.id, BRUNO.id],
        [CHESS.id, GO.id],
        [],
    ]
    assert await index.search([]) == []


@pytest.mark.parametrize(
    ("kind", "word", "filters", "expected"),
    [
        (Kind.CHANNELS, "pixel", Filters(live=True), {ANNA.id, BRUNO.id}),
        (Kind.CHANNELS, "pixel", Filters(category="cat-chess"), {ANNA.id, CARLA.id}),
        (Kind.CHANNELS, "pixel", Filters(category="go"), {BRUNO.id}),  # a slug
        (Kind.CHANNELS, "pixel", Filters(language="en"), {ANNA.id, CARLA.id}),
        (Kind.CHANNELS, "pixel", Filters(live=True, language="en"), {ANNA.id}),
        (Kind.CHANNELS, "pixel", Filters(language="de"), set()),
        (Kind.CATEGORIES, "board", Filters(live=True), {CHESS.id, GO.id}),
        (Kind.CATEGORIES, "poker", Filters(live=True), set()),  # no viewers
        (Kind.CATEGORIES, "board", Filters(category="go"), {GO.id}),
        (Kind.CATEGORIES, "board", Filters(category="cat-chess"), {CHESS.id}),
        (Kind.CATEGORIES, "board", Filters(language="en"), {CHESS.id, GO.id}),  # no language
        (Kind.LIVESTREAMS, "openings", Filters(live=True), {SICILIAN.id, JOSEKI.id}),
        (Kind.LIVESTREAMS, "openings", Filters(category="chess"), {SICILIAN.id}),
        (Kind.LIVESTREAMS, "openings", Filters(category="cat-go"), {JOSEKI.id}),
        (Kind.LIVESTREAMS, "openings", Filters(language="pt"), {JOSEKI.id}),
        (Kind.LIVESTREAMS, "openings", Filters(tags=("blitz",)), {SICILIAN.id, JOSEKI.id}),
        (Kind.LIVESTREAMS, "openings", Filters(tags=("blitz", "english")), {SICILIAN.id}),
        (Kind.LIVESTREAMS, "openings", Filters(tags=("bullet",)), set()),
    ],
)
async def test_filters_keep_only_what_they_name(
    index: SearchIndex, kind: Kind, word: str, filters: Filters, expected: set[str]
) -> None:
    await filled(index)
    page = await one(index, SearchQuery(kind, word, filters))
    assert {str(hit.document["id"]) for hit in page.hits} == expected
    assert page.found == len(expected)


@pytest.mark.parametrize(
    ("kind", "word", "sort", "expected"),
    [
        (Kind.CHANNELS, "pixel", SortBy.VIEWERS, [BRUNO.id, ANNA.id, CARLA.id]),
        (Kind.CHANNELS, "pixel", SortBy.FOLLOWERS, [CARLA.id, ANNA.id, BRUNO.id]),
        (Kind.CATEGORIES, "board", SortBy.VIEWERS, [GO.id, CHESS.id]),  # live viewers
        (Kind.CATEGORIES, "board", SortBy.FOLLOWERS, [CHESS.id, GO.id]),
        (Kind.LIVESTREAMS, "openings", SortBy.VIEWERS, [JOSEKI.id, SICILIAN.id]),
        (Kind.LIVESTREAMS, "openings", SortBy.FOLLOWERS, [SICILIAN.id, JOSEKI.id]),
    ],
)
async def test_sorts_by_viewers_or_followers(
    index: SearchIndex, kind: Kind, word: str, sort: SortBy, expected: list[str]
) -> None:
    await filled(index)
    assert await ids(index, kind, word, sort=sort) == expected


async def test_pages_split_what_a_query_finds(index: SearchIndex) -> None:
    await index.ensure()
    channels = [
        replace(CARLA, id=f"ch-{n}", username=f"pixel_{n}", followers=100 * n) for n in range(5)
    ]
    await index.upsert(Kind.CHANNELS, channels)
    query = SearchQuery(Kind.CHANNELS, "pixel", sort=SortBy.FOLLOWERS, per_page=2)
    pages = await index.search([replace(query, page=n) for n in (1, 2, 3, 4)])

    assert [(p.page, p.per_page, p.found, p.next_page) for p in pages] == [
        (1, 2, 5, 2),
        (2, 2, 5, 3),
        (3, 2, 5, None),
        (4, 2, 5, None),
    ]
    assert [[h.document["id"] for h in p.hits] for p in pages] == [
        ["ch-4", "ch-3"],
        ["ch-2", "ch-1"],
        ["ch-0"],
        [],
    ]


# -- suggest ---------------------------------------------------------------------------------


async def test_suggest_completes_a_prefix_with_channel_and_category_names(
    index: SearchIndex,
) -> None:
    await filled(index)
    queen = replace(DMITRI, id="ch-queen", username="chessqueen", display_name="ChessQueen",
                    is_live=True, viewers=12)  # fmt: skip
    pawns = replace(DMITRI, id="ch-pawns", username="chesspawns", display_name="Chess Pawns")
    await index.upsert(Kind.CHANNELS, [queen, pawns])

    suggestions = await index.suggest("ches", 10)
    assert sorted(suggestions, key=lambda s: s.id) == [
        Suggestion(Kind.CATEGORIES, CHESS.id, "Chess", "chess", True),
        Suggestion(Kind.CHANNELS, pawns.id, "Chess Pawns", "chesspawns", False),
        Suggestion(Kind.CHANNELS, queen.id, "ChessQueen", "chessqueen", True),
    ]
    # "ches" completes each name alike: the live ones come first (busy categories count as live)
    assert [s.is_live for s in suggestions] == [True, True, False]
    assert {s.id for s in await index.suggest("ches", 2)} == {queen.id, CHESS.id}
    assert await index.suggest("pok", 10) == [
        Suggestion(Kind.CATEGORIES, POKER.id, "Poker", "poker", False)
    ]
    assert await index.suggest("zyxwvq", 10) == []


# -- an unreachable engine -------------------------------------------------------------------


async def test_every_call_fails_as_unavailable_when_the_engine_is_unreachable(
    unreachable: SearchIndex,
) -> None:
    calls: list[Callable[[], Awaitable[object]]] = [
        unreachable.ensure,
        partial(unreachable.current, Kind.CHANNELS),
        partial(unreachable.create_version, Kind.CHANNELS),
        partial(unreachable.import_into, "channels_v9", [ANNA]),
        partial(unreachable.swap, Kind.CHANNELS, "channels_v9"),
        partial(unreachable.upsert, Kind.CHANNELS, [ANNA]),
        partial(unreachable.delete, Kind.CHANNELS, [ANNA.id]),
        partial(unreachable.fingerprints, Kind.CHANNELS),
        partial(unreachable.search, [SearchQuery(Kind.CHANNELS, "anna")]),
        partial(unreachable.suggest, "an", 5),
    ]
    for call in calls:
        with pytest.raises(Unavailable):
            await call()

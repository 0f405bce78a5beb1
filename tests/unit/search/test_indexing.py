"""Indexing events, reindex with alias swap, reconcile: over the memory index and tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from streamz.core.errors import Forbidden, Unavailable
from streamz.core.identity.entities import Principal
from streamz.core.search.consumer import SEARCH_CONSUMER
from streamz.core.search.entities import Kind
from streamz.core.search.index_events import IndexSearchEvents, IndexSearchEventsRequest
from streamz.core.search.reconcile import ReconcileSearch, ReconcileSearchRequest
from streamz.core.search.reindex import ReindexSearch, ReindexSearchRequest
from streamz.core.shared.events import Event

from .support import SearchWorld

SYSTEM = Principal.system()
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def event(topic: str, key: str, **payload: object) -> Event:
    return Event(topic, key, dict(payload), NOW)


def test_consumer_topics_cover_the_indexed_changes() -> None:
    for topic in (
        "stream.online",
        "stream.offline",
        "stream.updated",
        "channel.followed",
        "category.updated",
        "category.deleted",
        "account.registered",
    ):
        assert topic in SEARCH_CONSUMER.topics


async def test_events_reread_documents_idempotently() -> None:
    w = SearchWorld()
    chess = w.add_category("Chess")
    alice = w.add_channel("alice")
    w.go_live(alice, "Blitz games", chess)
    index = IndexSearchEvents(w.index, w.source())
    batch = [event("stream.online", str(alice.id), channel_id=str(alice.id))] * 2
    counts = await index(IndexSearchEventsRequest(SYSTEM, batch))
    assert counts.upserted == 2  # the channel and its live stream
    assert w.ids(Kind.LIVESTREAMS) == {str(alice.id)}
    assert w.index.collections[Kind.LIVESTREAMS][str(alice.id)]["category"] == "Chess"
    again = await IndexSearchEvents(w.index, w.source())(IndexSearchEventsRequest(SYSTEM, batch))
    assert again.upserted == 2
    assert len(w.index.collections[Kind.LIVESTREAMS]) == 1


async def test_offline_and_deleted_category_are_removed() -> None:
    w = SearchWorld()
    chess = w.add_category("Chess")
    alice = w.add_channel("alice")
    stream = w.go_live(alice, "Blitz", chess)
    await IndexSearchEvents(w.index, w.source())(
        IndexSearchEventsRequest(
            SYSTEM,
            [event("stream.online", str(alice.id)), event("category.created", str(chess.id))],
        )
    )
    assert w.ids(Kind.CATEGORIES) == {str(chess.id)}
    livestreams = w.database.tables.table("livestreams")
    livestreams[stream.id] = replace(stream, ended_at=NOW)
    categories = w.database.tables.table("categories")
    categories[chess.id] = replace(chess, deleted_at=NOW)
    counts = await IndexSearchEvents(w.index, w.source())(
        IndexSearchEventsRequest(
            SYSTEM,
            [event("stream.offline", str(alice.id)), event("category.deleted", str(chess.id))],
        )
    )
    assert counts.deleted == 2
    assert w.ids(Kind.LIVESTREAMS) == set()
    assert w.ids(Kind.CATEGORIES) == set()
    assert w.index.collections[Kind.CHANNELS][str(alice.id)]["category"] is None


async def test_unrelated_events_do_nothing_and_index_down_raises() -> None:
    w = SearchWorld()
    alice = w.add_channel("alice")
    index = IndexSearchEvents(w.index, w.source())
    nothing = await index(IndexSearchEventsRequest(SYSTEM, [event("chat.message_sent", "x")]))
    assert (nothing.upserted, nothing.deleted) == (0, 0)
    w.index.down = True
    with pytest.raises(Unavailable):
        await index(IndexSearchEventsRequest(SYSTEM, [event("channel.followed", str(alice.id))]))
    with pytest.raises(Forbidden):
        await index(IndexSearchEventsRequest(Principal.anonymous(), []))


async def test_reindex_swaps_to_a_new_version_with_progress() -> None:
    w = SearchWorld()
    for n in range(5):
        w.add_channel(f"user{n}")
    seen: list[tuple[Kind, int, int]] = []
    done = await ReindexSearch(w.index, w.source())(
        ReindexSearchRequest(SYSTEM, ("channels",), batch=2, progress=lambda *a: seen.append(a))
    )
    assert [(r.kind, r.documents, r.collection, r.dropped) for r in done] == [
        (Kind.CHANNELS, 5, "channels_v2", "channels_v1")
    ]
    assert seen[-1] == (Kind.CHANNELS, 5, 5)
    assert len(w.ids(Kind.CHANNELS)) == 5


async def test_reconcile_repairs_missing_changed_and_extra() -> None:
    w = SearchWorld()
    alice = w.add_channel("alice", followers=1)
    w.add_channel("bob")
    await ReconcileSearch(w.index, w.source())(ReconcileSearchRequest(SYSTEM))
    assert len(w.ids(Kind.CHANNELS)) == 2
    # a change the events missed, and a document the database no longer has
    w.database.tables.channels[alice.id] = replace(alice, followers_count=7)
    w.index.collections[Kind.CHANNELS]["ghost"] = {"id": "ghost", "fp": "x"}
    results = await ReconcileSearch(w.index, w.source())(ReconcileSearchRequest(SYSTEM))
    channels = next(r for r in results if r.kind is Kind.CHANNELS)
    assert (channels.checked, channels.upserted, channels.deleted) == (2, 1, 1)
    assert w.index.collections[Kind.CHANNELS][str(alice.id)]["followers"] == 7
    calm = await ReconcileSearch(w.index, w.source())(ReconcileSearchRequest(SYSTEM))
    assert all(r.upserted == r.deleted == 0 for r in calm)

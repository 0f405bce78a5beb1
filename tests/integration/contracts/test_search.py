"""Contract of ``SearchSource`` (what the search index should hold, read from the database):
memory and Postgres compute the same documents from the same rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from streamz.adapters.memory.directory import MemoryStreamInfo
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.search import MemorySearchSource
from streamz.adapters.memory.social import MemoryCategories, MemoryChannelFollows
from streamz.adapters.memory.streams import MemoryLivestreamWrites
from streamz.adapters.postgres.categories import PostgresCategories
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.directory import PostgresStreamInfo
from streamz.adapters.postgres.search_source import PostgresSearchSource
from streamz.adapters.postgres.social import PostgresChannelFollows
from streamz.adapters.postgres.streams import PostgresLivestreamWrites
from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Category, Livestream, StreamInfo
from streamz.core.search.entities import (
    CategoryDocument,
    ChannelDocument,
    Document,
    Kind,
    LivestreamDocument,
)
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.search import SearchSource

from .conftest import T0, Backend, on

H = timedelta(hours=1)


async def source(backend: Backend) -> SearchSource:
    await backend.release()
    made: SearchSource = on(backend, backend.unit(), MemorySearchSource, PostgresSearchSource)
    return made


def by_id(documents: list[Document]) -> dict[str, Document]:
    return {d.id: d for d in documents}


@dataclass
class Rows:
    """Committed rows: three channels (0 live in chess, 1 offline with stream info in go, 2
    bare), chess and go, a deleted category, and an ended stream of channel 1."""

    channels: list[Channel]
    chess: Category
    go: Category
    gone: Category
    live: Livestream


async def rows(backend: Backend) -> Rows:
    accounts = (await backend.seed(accounts=3, channels=0)).accounts
    unit = backend.unit()
    channels = [
        Channel(new_id(), account.id, f"ch{n}", f"Channel {n}", f"bio {n}", n == 0, 0, T0, T0)
        for n, account in enumerate(accounts)
    ]
    for channel in channels:
        await on(backend, unit, MemoryChannels, PostgresChannels).add(channel)
    chess = Category(new_id(), 1, "Chess", "chess", "https://c/1.jpg", (), 0, 0, T0, T0,
                     aliases=("xadrez", "schach"))  # fmt: skip
    go = Category(new_id(), 2, "Go", "go", None, (), 0, 0, T0, T0)
    gone = Category(new_id(), 3, "Gone", "gone", None, (), 0, 0, T0, T0, deleted_at=T0)
    for category in (chess, go, gone):
        await on(backend, unit, MemoryCategories, PostgresCategories).add(category)
    info = on(backend, unit, MemoryStreamInfo, PostgresStreamInfo)
    await info.save(StreamInfo(channels[0].id, "Info", go.id, (), "de", False, T0))
    await info.save(StreamInfo(channels[1].id, "Later", go.id, (), "fr", False, T0))
    writes = on(backend, unit, MemoryLivestreamWrites, PostgresLivestreamWrites)
    live = Livestream(new_id(), channels[0].id, "lp-0", "Openings", chess.id, ("blitz", "elo"),
                      "en-GB", True, T0 + H, viewers=42)  # fmt: skip
    await writes.add(live)
    await writes.add(Livestream(new_id(), channels[1].id, "lp-1", "Old", chess.id, (), "en",
                                False, T0, ended_at=T0 + H, viewers=99))  # fmt: skip
    follows = on(backend, unit, MemoryChannelFollows, PostgresChannelFollows)
    await follows.follow(Follow(new_id(), channels[1].account_id, channels[0].id, T0))
    await unit.commit()
    return Rows(channels, chess, go, gone, live)


async def test_channel_documents(backend: Backend) -> None:
    r = await rows(backend)
    c0, c1, c2 = (str(c.id) for c in r.channels)
    docs = by_id(await (await source(backend)).channels([c0, c1, c2, str(new_id()), "bad"]))
    assert docs == {
        # live: its stream's viewers, category and language win over the stream info
        c0: ChannelDocument(
            c0, "ch0", "Channel 0", "bio 0", 1, True, 42, str(r.chess.id), "chess", "Chess", "en-GB"
        ),
        # offline: the stream info's category and language
        c1: ChannelDocument(
            c1, "ch1", "Channel 1", "bio 1", 0, False, 0, str(r.go.id), "go", "Go", "fr"
        ),
        c2: ChannelDocument(c2, "ch2", "Channel 2", "bio 2", 0, False, 0, None, None, None, None),
    }


async def test_a_live_stream_without_category_falls_back_to_the_stream_info(
    backend: Backend,
) -> None:
    r = await rows(backend)
    await backend.release()
    unit = backend.unit()
    writes = on(backend, unit, MemoryLivestreamWrites, PostgresLivestreamWrites)
    await writes.end(r.live.id, T0 + 2 * H)
    await writes.add(replace(r.live, id=new_id(), category_id=None, started_at=T0 + 3 * H))
    await unit.commit()

    c0 = str(r.channels[0].id)
    (doc,) = await (await source(backend)).channels([c0])
    assert isinstance(doc, ChannelDocument)
    assert (doc.category_id, doc.category, doc.language) == (str(r.go.id), "Go", "en-GB")


async def test_category_documents_leave_deleted_ones_out(backend: Backend) -> None:
    r = await rows(backend)
    chess, go, gone = str(r.chess.id), str(r.go.id), str(r.gone.id)
    docs = by_id(await (await source(backend)).categories([chess, go, gone, "bad"]))
    assert docs == {
        # live viewers: the sum over its live streams only
        chess: CategoryDocument(
            chess, "Chess", "chess", ("xadrez", "schach"), 0, 42, "https://c/1.jpg"
        ),
        go: CategoryDocument(go, "Go", "go", (), 0, 0, None),
    }


async def test_livestream_documents_of_live_channels_only(backend: Backend) -> None:
    r = await rows(backend)
    c0, c1 = str(r.channels[0].id), str(r.channels[1].id)
    docs = await (await source(backend)).livestreams([c0, c1, "bad"])
    assert docs == [
        LivestreamDocument(
            c0,
            str(r.live.id),
            "ch0",
            "Channel 0",
            "Openings",
            ("blitz", "elo"),
            str(r.chess.id),
            "chess",
            "Chess",
            "en-GB",
            True,
            42,
            1,
            int((T0 + H).timestamp()),
        ),
    ]


async def test_channels_in_a_category_by_stream_info_or_live_stream(backend: Backend) -> None:
    r = await rows(backend)
    repo = await source(backend)
    c0, c1 = str(r.channels[0].id), str(r.channels[1].id)
    assert await repo.channels_in([str(r.chess.id)]) == {c0}  # live; the ended one is not
    assert await repo.channels_in([str(r.go.id)]) == {c0, c1}  # their stream info
    assert await repo.channels_in([str(r.gone.id), str(new_id())]) == set()


async def test_scan_pages_by_id_and_count_agrees(backend: Backend) -> None:
    r = await rows(backend)
    repo = await source(backend)
    channel_ids = sorted(str(c.id) for c in r.channels)
    first = await repo.scan(Kind.CHANNELS, None, 2)
    assert [d.id for d in first] == channel_ids[:2]
    rest = await repo.scan(Kind.CHANNELS, first[-1].id, 2)
    assert [d.id for d in rest] == channel_ids[2:]
    assert await repo.scan(Kind.CHANNELS, channel_ids[-1], 2) == []

    categories = await repo.scan(Kind.CATEGORIES, str(uuid.UUID(int=0)), 10)
    assert [d.id for d in categories] == sorted([str(r.chess.id), str(r.go.id)])
    live = await repo.scan(Kind.LIVESTREAMS, None, 10)
    assert [d.id for d in live] == [str(r.channels[0].id)]
    counts = {kind: await repo.count(kind) for kind in Kind}
    assert counts == {Kind.CHANNELS: 3, Kind.CATEGORIES: 2, Kind.LIVESTREAMS: 1}


async def test_an_id_asked_twice_gives_one_document(backend: Backend) -> None:
    r = await rows(backend)
    repo = await source(backend)
    c0, chess = str(r.channels[0].id), str(r.chess.id)
    assert [d.id for d in await repo.channels([c0, c0])] == [c0]
    assert [d.id for d in await repo.categories([chess, chess])] == [chess]
    assert [d.id for d in await repo.livestreams([c0, c0])] == [c0]

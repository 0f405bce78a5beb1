"""In-memory search: a small index good enough for unit tests and embedding without servers,
a source reading the memory tables, and trending counts in a dict."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.entities import Channel
from streamz.core.errors import Unavailable
from streamz.core.live.entities import Category, Livestream, StreamInfo
from streamz.core.search.entities import (
    KIND_OF,
    CategoryDocument,
    ChannelDocument,
    Document,
    Highlight,
    Kind,
    LivestreamDocument,
    SearchHit,
    SearchPage,
    SearchQuery,
    SortBy,
    Suggestion,
    TrendingQuery,
    fields_of,
)

_TEXT = {
    Kind.CHANNELS: ("username", "display_name", "category", "bio"),
    Kind.CATEGORIES: ("name", "aliases"),
    Kind.LIVESTREAMS: ("title", "channel_username", "channel_display_name", "category", "tags"),
}
_POPULAR = {Kind.CHANNELS: "followers", Kind.CATEGORIES: "followers", Kind.LIVESTREAMS: "viewers"}
_VIEWERS = {Kind.CHANNELS: "viewers", Kind.CATEGORIES: "live_viewers", Kind.LIVESTREAMS: "viewers"}


def _words(value: Any) -> list[str]:
    if isinstance(value, list):
        return [w for v in value for w in _words(v)]
    text = str(value or "").lower()
    for separator in "_-.":
        text = text.replace(separator, " ")
    return text.split()


def _close(term: str, word: str) -> bool:
    """A prefix, or one edit away (a cheap stand-in for typo tolerance)."""
    if word.startswith(term):
        return True
    if abs(len(term) - len(word)) > 1 or len(term) < 4:
        return False
    a, b = (term, word) if len(term) <= len(word) else (word, term)
    edits = sum(1 for x, y in itertools.zip_longest(a, b) if x != y)
    return edits <= 1 or any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def _rank(q: SearchQuery, item: tuple[int, dict[str, Any], list[Highlight]]) -> tuple[int, ...]:
    score, d, _ = item
    popular = int(d[_POPULAR[q.kind]])
    if q.sort is SortBy.VIEWERS:
        return (int(d[_VIEWERS[q.kind]]), score, popular)
    if q.sort is SortBy.FOLLOWERS:
        return (int(d.get("followers", 0)), score)
    return (score, int(d.get("is_live", False)), popular)


class MemorySearchIndex:
    """APP scope; ``down`` makes every call fail as an unreachable server would.

    As on Typesense: collections ``{kind}_v{n}`` behind an alias per kind, made by ``ensure`` or
    by the first call that needs them; each ``create_version`` is a new collection; ``swap``
    drops the collection the alias named before and the versions left behind."""

    def __init__(self) -> None:
        self._named: dict[str, dict[str, dict[str, Any]]] = {}  # collection → id → fields
        self._kind_of: dict[str, Kind] = {}
        self._aliases: dict[Kind, str] = {}
        self._made: dict[Kind, int] = dict.fromkeys(Kind, 0)  # the last version number made
        self.down = False

    @property
    def collections(self) -> dict[Kind, dict[str, dict[str, Any]]]:
        """Each kind's documents behind its alias (id → stored fields), for tests to look at."""
        self._ensure()
        return {kind: self._named[name] for kind, name in self._aliases.items()}

    def _check(self) -> None:
        if self.down:
            raise Unavailable("search is unavailable (memory index down)")

    def _ensure(self) -> None:
        for kind in Kind:
            if kind not in self._aliases:
                self._aliases[kind] = self._new(kind)

    def _new(self, kind: Kind) -> str:
        self._made[kind] += 1
        name = f"{kind.value}_v{self._made[kind]}"
        self._named[name], self._kind_of[name] = {}, kind
        return name

    def _behind(self, kind: Kind) -> dict[str, dict[str, Any]]:
        """The documents behind ``kind``'s alias (made when missing, as Typesense's calls do)."""
        self._check()
        self._ensure()
        return self._named[self._aliases[kind]]

    @staticmethod
    def _stored(fields: dict[str, Any]) -> dict[str, Any]:
        """A hit's document as Typesense answers it: no ``fp``, and no empty (``None``) field
        (Typesense does not store them)."""
        return {k: v for k, v in fields.items() if k != "fp" and v is not None}

    async def ensure(self) -> None:
        self._check()
        self._ensure()

    async def current(self, kind: Kind) -> str | None:
        self._check()
        return self._aliases.get(kind)

    async def create_version(self, kind: Kind) -> str:
        self._check()
        # Unlike Typesense, the first collections are made first if missing, so a rebuild of an
        # index never ensured swaps from ``{kind}_v1`` rather than from None (unit tests of the
        # reindex rely on it; a deployed index is always ensured, and the contract ensures).
        self._ensure()
        return self._new(kind)

    async def import_into(self, collection: str, documents: Sequence[Document]) -> None:
        self._check()
        named = self._named[collection]
        for d in documents:
            named[d.id] = fields_of(d)

    async def swap(self, kind: Kind, collection: str) -> str | None:
        self._check()
        before = self._aliases.get(kind)
        self._aliases[kind] = collection
        for name, of in list(self._kind_of.items()):
            if of is kind and name != collection:
                del self._named[name], self._kind_of[name]
        return before

    async def upsert(self, kind: Kind, documents: Sequence[Document]) -> None:
        behind = self._behind(kind)
        for d in documents:
            assert KIND_OF[type(d)] is kind
            behind[d.id] = fields_of(d)

    async def delete(self, kind: Kind, ids: Collection[str]) -> None:
        behind = self._behind(kind)
        for i in ids:
            behind.pop(i, None)

    async def fingerprints(self, kind: Kind) -> dict[str, str]:
        return {i: d["fp"] for i, d in self._behind(kind).items()}

    def _matches(self, query: SearchQuery, doc: dict[str, Any]) -> tuple[int, list[Highlight]]:
        terms = _words(query.text)
        if not terms:
            return 1, []
        score, highlights = 0, []
        for field in _TEXT[query.kind]:
            words = _words(doc.get(field))
            hits = sum(1 for t in terms if any(_close(t, w) for w in words))
            if hits:
                score = max(score, hits)
                highlights.append(Highlight(field, str(doc.get(field))))
        return (score if score == len(terms) else 0), highlights

    def _keeps(self, query: SearchQuery, doc: dict[str, Any]) -> bool:
        f = query.filters
        if f.live and query.kind is Kind.CHANNELS and not doc["is_live"]:
            return False
        if f.live and query.kind is Kind.CATEGORIES and doc["live_viewers"] <= 0:
            return False
        if f.category:
            keys = {doc.get("category_id"), doc.get("category_slug")}
            if query.kind is Kind.CATEGORIES:
                keys = {doc["id"], doc["slug"]}
            if f.category not in keys:
                return False
        if f.language and query.kind is not Kind.CATEGORIES and doc.get("language") != f.language:
            return False
        return not (
            f.tags and query.kind is Kind.LIVESTREAMS and not set(f.tags) <= set(doc["tags"])
        )

    async def search(self, queries: Sequence[SearchQuery]) -> list[SearchPage]:
        self._check()
        pages = []
        for q in queries:
            found = []
            for doc in self._behind(q.kind).values():
                score, highlights = self._matches(q, doc)
                if score and self._keeps(q, doc):
                    found.append((score, doc, highlights))
            found.sort(key=partial(_rank, q), reverse=True)
            start = (q.page - 1) * q.per_page
            window = found[start : start + q.per_page]
            hits = tuple(SearchHit(self._stored(d), tuple(h)) for _, d, h in window)
            pages.append(SearchPage(q.kind, len(found), q.page, q.per_page, hits))
        return pages

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        self._check()
        out: list[tuple[int, Suggestion]] = []
        for d in self._behind(Kind.CHANNELS).values():
            q = SearchQuery(Kind.CHANNELS, prefix)
            if self._matches(q, {"username": d["username"], "display_name": d["display_name"]})[0]:
                s = Suggestion(
                    Kind.CHANNELS, d["id"], d["display_name"], d["username"], d["is_live"]
                )
                out.append((int(d["is_live"]), s))
        for d in self._behind(Kind.CATEGORIES).values():
            q = SearchQuery(Kind.CATEGORIES, prefix)
            if self._matches(q, d)[0]:
                busy = d["live_viewers"] > 0
                out.append(
                    (int(busy), Suggestion(Kind.CATEGORIES, d["id"], d["name"], d["slug"], busy))
                )
        out.sort(key=lambda item: item[0], reverse=True)
        return [s for _, s in out[:limit]]


class MemorySearchSource:
    """Documents computed from the memory tables, as the Postgres source does from rows."""

    def __init__(self, unit: MemoryUnit) -> None:
        self._tables = unit.tables

    def _channels(self) -> dict[str, Channel]:
        return {str(c.id): c for c in self._tables.channels.values()}

    def _categories(self) -> dict[str, Category]:
        rows: dict[Any, Category] = self._tables.table("categories")
        return {str(c.id): c for c in rows.values() if c.deleted_at is None}

    def _live(self) -> dict[str, Livestream]:
        rows: dict[Any, Livestream] = self._tables.table("livestreams")
        return {str(s.channel_id): s for s in rows.values() if s.ended_at is None}

    def _channel(self, c: Channel) -> ChannelDocument:
        live = self._live().get(str(c.id))
        infos: dict[Any, StreamInfo] = self._tables.table("stream_info")
        info = infos.get(c.id)
        # as COALESCE(live, info): a live stream without a category falls back to the info's
        category_id = (live.category_id if live else None) or (info.category_id if info else None)
        category = self._categories().get(str(category_id)) if category_id else None
        language = live.language if live else (info.language if info else None)
        return ChannelDocument(
            str(c.id),
            c.slug,
            c.display_name,
            c.bio,
            c.followers_count,
            c.is_live,
            live.viewers if live else 0,
            str(category.id) if category else None,
            category.slug if category else None,
            category.name if category else None,
            language,
        )

    def _category(self, k: Category) -> CategoryDocument:
        viewers = sum(s.viewers for s in self._live().values() if s.category_id == k.id)
        return CategoryDocument(
            str(k.id), k.name, k.slug, k.aliases, k.followers_count, viewers, k.cover_url
        )

    def _livestream(self, s: Livestream) -> LivestreamDocument | None:
        channel = self._channels().get(str(s.channel_id))
        if channel is None:
            return None
        category = self._categories().get(str(s.category_id)) if s.category_id else None
        return LivestreamDocument(
            str(s.channel_id),
            str(s.id),
            channel.slug,
            channel.display_name,
            s.title,
            s.tags,
            str(category.id) if category else None,
            category.slug if category else None,
            category.name if category else None,
            s.language,
            s.mature,
            s.viewers,
            channel.followers_count,
            int(s.started_at.timestamp()),
        )

    def _all(self, kind: Kind) -> dict[str, Document]:
        docs: dict[str, Document] = {}
        if kind is Kind.CHANNELS:
            docs = {i: self._channel(c) for i, c in self._channels().items()}
        elif kind is Kind.CATEGORIES:
            docs = {i: self._category(k) for i, k in self._categories().items()}
        else:
            for i, s in self._live().items():
                if (doc := self._livestream(s)) is not None:
                    docs[i] = doc
        return docs

    async def channels(self, ids: Collection[str]) -> list[Document]:
        docs = self._all(Kind.CHANNELS)
        return [docs[i] for i in dict.fromkeys(ids) if i in docs]  # each once, as in SQL

    async def categories(self, ids: Collection[str]) -> list[Document]:
        docs = self._all(Kind.CATEGORIES)
        return [docs[i] for i in dict.fromkeys(ids) if i in docs]

    async def livestreams(self, channel_ids: Collection[str]) -> list[Document]:
        docs = self._all(Kind.LIVESTREAMS)
        return [docs[i] for i in dict.fromkeys(channel_ids) if i in docs]

    async def channels_in(self, category_ids: Collection[str]) -> set[str]:
        infos: dict[Any, StreamInfo] = self._tables.table("stream_info")
        out = {str(i.channel_id) for i in infos.values() if str(i.category_id) in category_ids}
        out |= {c for c, s in self._live().items() if str(s.category_id) in category_ids}
        return out

    async def scan(self, kind: Kind, after: str | None, limit: int) -> list[Document]:
        docs = sorted(self._all(kind).items())
        return [d for i, d in docs if after is None or i > after][:limit]

    async def count(self, kind: Kind) -> int:
        return len(self._all(kind))


MAX_QUERY_BYTES = 200  # as adapters/redis/trending.py


class MemoryTrendingQueries:
    """The Redis rules: a query counts by its first ``MAX_QUERY_BYTES`` bytes of UTF-8, and
    ties come in reverse byte order of the query (as ``ZREVRANGE`` gives them)."""

    def __init__(self) -> None:
        self.hours: dict[str, Counter[bytes]] = {}

    async def record(self, query: str, at: datetime) -> None:
        hour = self.hours.setdefault(at.strftime("%Y%m%d%H"), Counter())
        hour[query.encode()[:MAX_QUERY_BYTES]] += 1

    async def top(self, hours: int, limit: int, now: datetime) -> list[TrendingQuery]:
        total: Counter[bytes] = Counter()
        for h in range(hours):
            total += self.hours.get((now - timedelta(hours=h)).strftime("%Y%m%d%H"), Counter())
        ranked = sorted(total.items(), key=lambda item: (item[1], item[0]), reverse=True)
        return [TrendingQuery(q.decode(errors="replace"), n) for q, n in ranked[:limit]]

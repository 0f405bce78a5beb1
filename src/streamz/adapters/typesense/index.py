"""The search index on Typesense 0.24 (the async ``typesense`` client over our httpx clients).

Each kind lives in versioned collections ``{prefix}_{kind}_v{n}`` behind the alias
``{prefix}_{kind}``; reads and writes go through the alias, a rebuild fills ``_v{n+1}`` and
swaps the alias. Searches use a client with a short connect timeout and no retries, so an
unreachable server answers ``Unavailable`` at once; writes may wait longer (imports).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from functools import partial
from typing import Any, TypeVar

import httpx
import msgspec
import typesense
from typesense.exceptions import ObjectAlreadyExists, ObjectNotFound, TypesenseClientError

from streamz.adapters.prometheus.metrics import SEARCH_SECONDS
from streamz.adapters.typesense.schemas import QUERY_BY, SORT, schema
from streamz.core.errors import Invalid, Unavailable
from streamz.core.search.entities import (
    KIND_OF,
    Document,
    Highlight,
    Kind,
    SearchHit,
    SearchPage,
    SearchQuery,
    SortBy,
    Suggestion,
    fields_of,
)

T = TypeVar("T")
_VERSION = re.compile(r"_v(\d+)$")
_encode = msgspec.json.Encoder().encode
_HIDDEN = frozenset({"fp", "category_keys", "live"})


def _node(url: str) -> dict[str, str]:
    parts = httpx.URL(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    node = {"host": parts.host, "port": str(port), "protocol": parts.scheme}
    if parts.path.strip("/"):
        node["path"] = parts.path.rstrip("/")
    return node


def make_client(
    nodes: str | Sequence[str], api_key: str, http: httpx.AsyncClient
) -> typesense.AsyncClient:
    """A client of one Typesense server or of a cluster's ``nodes`` (their URLs).

    One node: no retries, so an unreachable server answers at once. Several: a request that
    fails on one node (connect error, timeout, 5xx) goes to the next, each node tried once at
    most, and the client skips a node that failed for ``healthcheck_interval_seconds`` (the
    one node is tried again after 1 s; a node of a cluster after 15 s).
    """
    urls = [nodes] if isinstance(nodes, str) else list(nodes)
    config: Any = {
        "api_key": api_key,
        "nodes": [_node(url) for url in urls],
        "connection_timeout_seconds": 1.0,
        "num_retries": len(urls) - 1,
        "retry_interval_seconds": 0.1 if len(urls) == 1 else 0.0,
        "healthcheck_interval_seconds": 1 if len(urls) == 1 else 15,
    }
    return typesense.AsyncClient(config, http_client=http)


def _quote(value: str) -> str:
    return "`" + value.replace("`", "") + "`"


def _filter_by(query: SearchQuery) -> str:
    f, kind, parts = query.filters, query.kind, []
    if f.live:
        if kind is Kind.CHANNELS:
            parts.append("is_live:=true")
        elif kind is Kind.CATEGORIES:
            parts.append("live_viewers:>0")
    if f.category:
        parts.append(f"category_keys:=[{_quote(f.category)}]")
    if f.language and kind is not Kind.CATEGORIES:
        parts.append(f"language:={_quote(f.language)}")
    if f.tags and kind is Kind.LIVESTREAMS:
        parts.extend(f"tags:={_quote(tag)}" for tag in f.tags)
    return " && ".join(parts)


def to_wire(document: Document) -> dict[str, Any]:
    """The stored form: ``None`` fields left out, plus the filter and sort helpers."""
    body = {k: v for k, v in fields_of(document).items() if v is not None}
    if isinstance(body.get("category_id"), str):
        body["category_keys"] = [body["category_id"], body.get("category_slug") or ""]
    if KIND_OF[type(document)] is Kind.CATEGORIES:
        body["category_keys"] = [body["id"], body["slug"]]
    if "is_live" in body:
        body["live"] = 1 if body["is_live"] else 0
    return body


def _hit(raw: dict[str, Any]) -> SearchHit:
    document = {k: v for k, v in raw.get("document", {}).items() if k not in _HIDDEN}
    highlights = []
    for item in raw.get("highlights") or []:
        snippet = item.get("snippet")
        if snippet is None and item.get("snippets"):
            snippet = " … ".join(item["snippets"])
        if snippet:
            highlights.append(Highlight(str(item.get("field")), str(snippet)))
    return SearchHit(document, tuple(highlights))


class TypesenseSearchIndex:
    """APP scope: one per process; ``search`` and ``write`` are two clients (timeouts)."""

    def __init__(
        self, search: typesense.AsyncClient, write: typesense.AsyncClient, prefix: str = "streamz"
    ) -> None:
        self._search = search
        self._write = write
        self._prefix = prefix
        self._ensured = False
        self._lock = asyncio.Lock()

    def alias(self, kind: Kind) -> str:
        return f"{self._prefix}_{kind.value}"

    async def _call(self, work: Callable[[], Awaitable[T]]) -> T:
        try:
            return await work()
        except (ObjectNotFound, ObjectAlreadyExists, Invalid):
            raise
        except (TimeoutError, TypesenseClientError, httpx.HTTPError, OSError) as error:
            raise Unavailable(f"search is unavailable ({type(error).__name__})") from error

    async def _through_alias(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work``; when a collection or alias is missing, create them and run it again."""
        try:
            return await self._call(work)
        except ObjectNotFound:
            self._ensured = False
            await self.ensure()
        try:
            return await self._call(work)
        except ObjectNotFound as error:
            raise Unavailable("the search collections are missing") from error

    # -- collections and aliases --------------------------------------------------------------

    async def ensure(self) -> None:
        if self._ensured:
            return
        async with self._lock:
            if not self._ensured:
                await self._ensure()

    async def _ensure(self) -> None:
        for kind in Kind:
            if await self.current(kind) is None:
                name = await self.create_version(kind)
                upsert = self._write.aliases.upsert
                await self._call(partial(upsert, self.alias(kind), {"collection_name": name}))
        self._ensured = True

    async def current(self, kind: Kind) -> str | None:
        try:
            alias = await self._call(self._write.aliases[self.alias(kind)].retrieve)
        except ObjectNotFound:
            return None
        return str(alias["collection_name"])

    async def _versions(self, kind: Kind) -> list[tuple[int, str]]:
        collections = await self._call(self._write.collections.retrieve)
        base = self.alias(kind) + "_v"
        found = []
        for collection in collections:
            name = str(collection["name"])
            match = _VERSION.search(name)
            if name.startswith(base) and match and name[len(base) :].isdigit():
                found.append((int(match.group(1)), name))
        return sorted(found)

    async def create_version(self, kind: Kind) -> str:
        versions = await self._versions(kind)
        number = versions[-1][0] + 1 if versions else 1
        while True:
            name = f"{self.alias(kind)}_v{number}"
            try:
                create = self._write.collections.create
                await self._call(partial(create, schema(kind, name)))  # type: ignore[arg-type]
            except ObjectAlreadyExists:
                number += 1
                continue
            return name

    async def swap(self, kind: Kind, collection: str) -> str | None:
        before = await self.current(kind)
        await self._call(
            lambda: self._write.aliases.upsert(self.alias(kind), {"collection_name": collection})
        )
        self._ensured = False
        if before is not None and before != collection:
            with contextlib.suppress(ObjectNotFound):
                await self._call(self._write.collections[before].delete)
        # versions left behind by interrupted rebuilds
        for _, name in await self._versions(kind):
            if name not in {collection, before}:
                with contextlib.suppress(ObjectNotFound):
                    await self._call(self._write.collections[name].delete)
        return before

    # -- writes -------------------------------------------------------------------------------

    async def _import(self, collection: str, documents: Sequence[Document]) -> None:
        if not documents:
            return
        body = b"\n".join(_encode(to_wire(d)) for d in documents)
        docs = self._write.collections[collection].documents
        response = await self._call(lambda: docs.import_(body, {"action": "upsert"}))
        failed = [line for line in str(response).splitlines() if '"success":false' in line]
        if failed:
            raise Unavailable(f"{len(failed)} documents were refused: {failed[0][:300]}")

    async def upsert(self, kind: Kind, documents: Sequence[Document]) -> None:
        await self._through_alias(lambda: self._import(self.alias(kind), documents))

    async def import_into(self, collection: str, documents: Sequence[Document]) -> None:
        await self._import(collection, documents)

    async def delete(self, kind: Kind, ids: Collection[str]) -> None:
        chunk = sorted(ids)
        docs = self._write.collections[self.alias(kind)].documents
        for start in range(0, len(chunk), 200):
            part = ",".join(_quote(i) for i in chunk[start : start + 200])
            await self._through_alias(
                lambda p=part: docs.delete({"filter_by": f"id:[{p}]"})  # type: ignore[misc]
            )

    async def fingerprints(self, kind: Kind) -> dict[str, str]:
        docs = self._write.collections[self.alias(kind)].documents
        raw = await self._through_alias(lambda: docs.export({"include_fields": "id,fp"}))
        out: dict[str, str] = {}
        for line in str(raw).splitlines():
            if line:
                item = msgspec.json.decode(line)
                out[str(item["id"])] = str(item.get("fp", ""))
        return out

    # -- reads --------------------------------------------------------------------------------

    def _params(self, query: SearchQuery) -> dict[str, Any]:
        params: dict[str, Any] = {
            "collection": self.alias(query.kind),
            "q": query.text or "*",
            **QUERY_BY[query.kind],
            "sort_by": SORT[query.kind][query.sort],
            "page": query.page,
            "per_page": query.per_page,
            "exclude_fields": "fp,category_keys,live",
            "highlight_fields": QUERY_BY[query.kind]["query_by"],
            "num_typos": 2,
            "typo_tokens_threshold": 1,
        }
        filter_by = _filter_by(query)
        if filter_by:
            params["filter_by"] = filter_by
        return params

    async def _multi(
        self, searches: list[dict[str, Any]], operation: str = "search"
    ) -> list[dict[str, Any]]:
        started = time.perf_counter()
        try:
            return await self._multi_search(searches)
        finally:
            SEARCH_SECONDS.labels(operation).observe(time.perf_counter() - started)

    async def _multi_search(self, searches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        async def perform() -> list[dict[str, Any]]:
            body: Any = {"searches": searches}
            response: Any = await self._search.multi_search.perform(body)
            results: list[dict[str, Any]] = list(response["results"])
            for result in results:
                if "error" in result:
                    if int(result.get("code", 500)) == 404:
                        raise ObjectNotFound(result["error"])
                    raise Unavailable(f"search failed: {result['error']}")
            return results

        return await self._through_alias(perform)

    async def search(self, queries: Sequence[SearchQuery]) -> list[SearchPage]:
        if not queries:
            return []
        results = await self._multi([self._params(q) for q in queries])
        return [
            SearchPage(
                q.kind,
                int(r.get("found", 0)),
                q.page,
                q.per_page,
                tuple(_hit(h) for h in r.get("hits", [])),
            )
            for q, r in zip(queries, results, strict=True)
        ]

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        common = {"q": prefix, "per_page": limit, "highlight_fields": "none", "num_typos": 1}
        results = await self._multi(
            [
                {
                    **common,
                    "collection": self.alias(Kind.CHANNELS),
                    "query_by": "username,display_name",
                    "sort_by": SORT[Kind.CHANNELS][SortBy.RELEVANCE],
                    "include_fields": "id,username,display_name,is_live,live",
                },
                {
                    **common,
                    "collection": self.alias(Kind.CATEGORIES),
                    "query_by": "name,aliases",
                    "sort_by": SORT[Kind.CATEGORIES][SortBy.RELEVANCE],
                    "include_fields": "id,name,slug,live_viewers",
                },
            ],
            "suggest",
        )
        scored: list[tuple[int, int, int, Suggestion]] = []
        for position, hit in enumerate(results[0].get("hits", [])):
            d = hit["document"]
            suggestion = Suggestion(
                Kind.CHANNELS, d["id"], d["display_name"], d["username"], bool(d["is_live"])
            )
            scored.append((int(hit.get("text_match", 0)), int(d["is_live"]), -position, suggestion))
        for position, hit in enumerate(results[1].get("hits", [])):
            d = hit["document"]
            suggestion = Suggestion(
                Kind.CATEGORIES, d["id"], d["name"], d["slug"], int(d["live_viewers"]) > 0
            )
            busy = int(d["live_viewers"]) > 0
            scored.append((int(hit.get("text_match", 0)), int(busy), -position, suggestion))
        scored.sort(key=lambda item: item[:3], reverse=True)
        return [item[3] for item in scored[:limit]]

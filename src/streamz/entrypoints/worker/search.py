"""The search context's worker jobs: functions and cron jobs the worker registers.

- ``search_index_events``: the outbox consumer (``SEARCH_CONSUMER``); re-reads what a batch of
  events touched and upserts/deletes it. Raises while Typesense is down, so SAQ retries it.
- ``search_reconcile``: every 5 minutes, compare Postgres with the index and repair it (also
  catches up after an outage longer than the retries).
- ``search_reindex``: rebuild collections behind their aliases (enqueued by staff tooling).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from dishka import AsyncContainer
from saq import CronJob

from streamz.core.events.consumers import from_wire
from streamz.core.identity.entities import Principal
from streamz.core.search.index_events import IndexSearchEvents, IndexSearchEventsRequest
from streamz.core.search.reconcile import ReconcileSearch, ReconcileSearchRequest
from streamz.core.search.reindex import ReindexSearch, ReindexSearchRequest

log = structlog.get_logger("streamz.search")


async def search_index_events(ctx: dict[str, Any], *, events: list[dict[str, Any]]) -> int:
    """SAQ job: apply a batch of outbox events to the index; the number of documents written."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(IndexSearchEvents)
        counts = await use_case(
            IndexSearchEventsRequest(Principal.system(), [from_wire(e) for e in events])
        )
    return counts.upserted + counts.deleted


async def search_reconcile(ctx: dict[str, Any]) -> dict[str, int]:
    """SAQ cron job: repair the index from Postgres; documents upserted and deleted per kind."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(ReconcileSearch)
        results = await use_case(ReconcileSearchRequest(Principal.system()))
    out = {}
    for r in results:
        out[f"{r.kind.value}_upserted"] = r.upserted
        out[f"{r.kind.value}_deleted"] = r.deleted
        if r.upserted or r.deleted:
            log.info("search reconciled", kind=r.kind.value, upserted=r.upserted, deleted=r.deleted)
    return out


async def search_reindex(ctx: dict[str, Any], *, collections: list[str] | None = None) -> int:
    """SAQ job: rebuild collections into new versions and swap their aliases."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(ReindexSearch)
        done = await use_case(ReindexSearchRequest(Principal.system(), tuple(collections or ())))
    return sum(r.documents for r in done)


FUNCTIONS: list[Callable[..., Any]] = [search_index_events, search_reconcile, search_reindex]
CRON_JOBS: list[CronJob[Any]] = [CronJob(search_reconcile, cron="*/5 * * * *", timeout=600)]

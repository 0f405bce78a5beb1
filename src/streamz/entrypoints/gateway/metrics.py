"""The gateway's Prometheus series, copied from its hubs' own counters (``stats.Counters``) and
state: the fan-out paths pay nothing for them (an integer add they make anyway).

Copied every ``SYNC_SECONDS`` by a task of the process, and before each scrape the process
answers (so a scrape of a single process is exact; under ``streamzctl serve`` the other
processes' figures are at most that old).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref

from streamz.adapters.prometheus.metrics import (
    WS_CLOSES,
    WS_CONNECTIONS,
    WS_EVENTS,
    WS_RESUMES,
    WS_SUBSCRIPTIONS,
)
from streamz.entrypoints import metrics
from streamz.entrypoints.gateway.hub import Hub, Room
from streamz.entrypoints.gateway.stats import Counters

SYNC_SECONDS = 1.0
# a counter of ``stats.Counters`` -> (the Prometheus counter, its label)
_COUNTED = {
    "received": (WS_EVENTS, "received"),
    "delivered": (WS_EVENTS, "delivered"),
    "duplicates": (WS_EVENTS, "duplicate"),
    "slow_closes": (WS_CLOSES, "4009"),
    "idle_closes": (WS_CLOSES, "4008"),
    "auth_failures": (WS_CLOSES, "4001"),
    "resumed_memory": (WS_RESUMES, "memory"),
    "resumed_history": (WS_RESUMES, "history"),
    "resyncs_on_resume": (WS_RESUMES, "resync"),
}
_hubs: weakref.WeakKeyDictionary[Hub, dict[str, int]] = weakref.WeakKeyDictionary()
_tasks: list[asyncio.Task[None]] = []  # the copying task (one per process, on its loop)


def watch(hub: Hub) -> None:
    """Report ``hub``'s figures from now on (until it is gone)."""
    _hubs.setdefault(hub, {})
    metrics.before_scrape(sync)
    loop = asyncio.get_running_loop()
    if not any(not t.done() and t.get_loop() is loop for t in _tasks):
        _tasks[:] = [t for t in _tasks if not t.done() and not t.get_loop().is_closed()]
        _tasks.append(loop.create_task(_every(), name="gateway-metrics"))


async def _every() -> None:
    while _hubs:
        await asyncio.sleep(SYNC_SECONDS)
        with contextlib.suppress(Exception):  # figures: never worth failing anything
            sync()


def sync() -> None:
    """Copy every watched hub's figures into the Prometheus series."""
    signed_in = anonymous = rooms = others = 0
    for hub, copied in list(_hubs.items()):
        counters: Counters = hub.counters
        for field, (counter, label) in _COUNTED.items():
            value = getattr(counters, field)
            delta = value - copied.get(field, 0)
            if delta > 0:
                counter.labels(label).inc(delta)
                copied[field] = value
        for conn in hub.connections:
            if conn.principal.account_id is None:
                anonymous += 1
            else:
                signed_in += 1
        for topic in hub.topics.values():
            if isinstance(topic, Room):
                rooms += len(topic.subs)
            else:
                others += len(topic.subs)
    WS_CONNECTIONS.labels("signed_in").set(signed_in)
    WS_CONNECTIONS.labels("anonymous").set(anonymous)
    WS_SUBSCRIPTIONS.labels("chatroom").set(rooms)
    WS_SUBSCRIPTIONS.labels("other").set(others)

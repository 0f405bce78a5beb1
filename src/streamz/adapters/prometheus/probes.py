"""Gauges read when a scrape comes (values of the whole deployment, not of one process): the
outbox's lag, SAQ's queue, the providers' circuit breakers, which dependencies answer.

Each probe is one cheap read (an indexed ``LIMIT 1`` query, ``LLEN``/``ZCARD``, ``HGET``); the
scrape runs them together within ``PROBE_SECONDS``. A probe that fails or runs out of time
leaves its gauges out of that scrape (``streamz_probe_failed{probe}`` is 1 for it); the
dependencies' probe never fails: a dependency that does not answer in time is 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

import asyncpg
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from saq.queue.redis import RedisQueue

PROBE_SECONDS = 1.0
BACKLOG_CAP = 10_000  # unpublished outbox rows counted at most
BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}

Probe = Callable[[], Awaitable[list[GaugeMetricFamily]]]

_OUTBOX = """
SELECT
  (SELECT extract(epoch FROM clock_timestamp() - occurred_at)
     FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS lag,
  (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT $1) AS rows)
    AS backlog
"""


def outbox(pool: asyncpg.Pool) -> Probe:
    """The age of the oldest event the relay has not published yet (0 when none waits), and
    how many wait (counted up to ``BACKLOG_CAP``)."""

    async def probe() -> list[GaugeMetricFamily]:
        row = await pool.fetchrow(_OUTBOX, BACKLOG_CAP)
        lag = float(row["lag"] or 0.0) if row is not None else 0.0
        backlog = int(row["backlog"] or 0) if row is not None else 0
        return [
            GaugeMetricFamily(
                "streamz_outbox_lag_seconds",
                "Age of the oldest outbox event not yet published (0: none waits)",
                value=max(lag, 0.0),
            ),
            GaugeMetricFamily(
                "streamz_outbox_backlog",
                f"Outbox events not yet published (counted up to {BACKLOG_CAP})",
                value=backlog,
            ),
        ]

    return probe


def queue(saq: RedisQueue) -> Probe:
    """SAQ's jobs by state: queued (ready, waiting for a worker), active (running), scheduled
    (every job not finished, retries and future runs included)."""

    async def probe() -> list[GaugeMetricFamily]:
        queued, active, incomplete = await asyncio.gather(
            saq.count("queued"), saq.count("active"), saq.count("incomplete")
        )
        family = GaugeMetricFamily(
            "streamz_saq_jobs",
            "SAQ jobs by state: queued (waiting for a worker), active (running), incomplete "
            "(not finished: queued, active, scheduled and retrying)",
            labels=["state"],
        )
        family.add_metric(["queued"], queued)
        family.add_metric(["active"], active)
        family.add_metric(["incomplete"], incomplete)
        return [family]

    return probe


def breakers(state: Callable[[str], Awaitable[str]], providers: Sequence[str]) -> Probe:
    """Each provider's circuit breaker: 0 closed, 1 half-open (a probe call allowed), 2 open."""

    async def probe() -> list[GaugeMetricFamily]:
        states = await asyncio.gather(*(state(p) for p in providers))
        family = GaugeMetricFamily(
            "streamz_breaker_state",
            "Circuit breaker of a provider: 0 closed, 1 half-open, 2 open",
            labels=["provider"],
        )
        for provider, name in zip(providers, states, strict=True):
            family.add_metric([provider], BREAKER_STATES.get(name, 0))
        return [family]

    return probe


def dependencies(check: Callable[[], Awaitable[Mapping[str, bool]]]) -> Probe:
    """1 for each dependency that answers its health check, 0 for one that does not."""

    async def probe() -> list[GaugeMetricFamily]:
        return [dependency_family(await check())]

    return probe


def dependency_family(states: Mapping[str, bool]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "streamz_dependency_up",
        "1 when the dependency (postgres, redis, typesense) answers its health check, else 0",
        labels=["dependency"],
    )
    for name, up in states.items():
        family.add_metric([name], 1.0 if up else 0.0)
    return family


class ScrapeCollector(Collector):
    """The families the probes returned for the scrape being answered."""

    def __init__(self, families: Iterable[Any]) -> None:
        self._families = list(families)

    def collect(self) -> Iterable[Any]:
        return self._families

    def describe(self) -> Iterable[Any]:
        return []


async def run(probes: Mapping[str, Probe], seconds: float = PROBE_SECONDS) -> list[Any]:
    """The families of every probe that answered within ``seconds``, plus a
    ``streamz_probe_failures`` gauge naming those that did not (1) and those that did (0)."""

    async def bounded(probe: Probe) -> list[GaugeMetricFamily] | None:
        try:
            return await asyncio.wait_for(probe(), seconds)
        except Exception:
            return None

    names = list(probes)
    answers = await asyncio.gather(*(bounded(probes[n]) for n in names))
    failed = GaugeMetricFamily(
        "streamz_probe_failed",
        "1 when a scrape-time probe (outbox, queue, breakers, dependencies) failed or timed "
        "out in this scrape: its gauges are missing from it",
        labels=["probe"],
    )
    families: list[Any] = [failed]
    for name, answer in zip(names, answers, strict=True):
        failed.add_metric([name], 1.0 if answer is None else 0.0)
        families.extend(answer or [])
    return families

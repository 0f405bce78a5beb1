"""One scrape, for the API's ``/metrics`` and the worker's: the process's (or, under
``streamzctl serve``, every server process's) metrics, plus the scrape-time probes read through
the container's clients (``adapters/prometheus/probes.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg
from dishka import AsyncContainer
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from saq.queue.redis import RedisQueue

from streamz.adapters.memory.notification_delivery import FCM, SES
from streamz.adapters.prometheus import multiprocess, probes, server
from streamz.entrypoints.readiness import readiness
from streamz.ports.notification_delivery import CircuitBreaker

Hook = Callable[[], None]
_before_scrape: list[Hook] = []


def before_scrape(hook: Hook) -> None:
    """Run ``hook`` before each scrape of this process (e.g. the gateway copies its counters)."""
    if hook not in _before_scrape:
        _before_scrape.append(hook)


def _lazy(
    container: AsyncContainer, make: Callable[[AsyncContainer], Awaitable[probes.Probe]]
) -> probes.Probe:
    """A probe whose client is taken from the container when it runs (it may not exist yet)."""

    async def probe() -> list[GaugeMetricFamily]:
        return await (await make(container))()

    return probe


async def _outbox(container: AsyncContainer) -> probes.Probe:
    return probes.outbox(await container.get(asyncpg.Pool))


async def _queue(container: AsyncContainer) -> probes.Probe:
    return probes.queue(await container.get(RedisQueue))


async def _breakers(container: AsyncContainer) -> probes.Probe:
    breaker = await container.get(CircuitBreaker)
    state = getattr(breaker, "state", None)  # the Redis breaker's; the memory one has none
    if state is None:
        raise LookupError("this circuit breaker does not report its state")
    return probes.breakers(state, (FCM, SES))


def probes_of(container: AsyncContainer) -> dict[str, probes.Probe]:
    async def up() -> dict[str, bool]:
        return (await readiness(container, seconds=probes.PROBE_SECONDS * 0.8)).up

    return {
        "outbox": _lazy(container, _outbox),
        "queue": _lazy(container, _queue),
        "breakers": _lazy(container, _breakers),
        "dependencies": probes.dependencies(up),
    }


async def render(container: AsyncContainer) -> bytes:
    """The Prometheus text exposition of one scrape."""
    for hook in _before_scrape:
        hook()
    families = await probes.run(probes_of(container))
    registry = CollectorRegistry()
    registry.register(probes.ScrapeCollector(families))
    text: bytes = generate_latest(multiprocess.registry()) + generate_latest(registry)
    return text


async def serve_metrics(host: str, port: int, container: AsyncContainer) -> asyncio.Server:
    """``GET /metrics`` on ``host:port`` (``streamzctl worker``'s own endpoint)."""
    return await server.serve(host, port, lambda: render(container))

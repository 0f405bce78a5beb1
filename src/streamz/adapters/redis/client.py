"""The one way Streamz makes Redis clients, and what an unreachable Redis becomes.

Every client (the app's, the worker's queue, SAQ's) fails fast and heals itself:

- ``socket_connect_timeout`` and ``socket_timeout`` are bounded (``STREAMZ_REDIS_TIMEOUT_MS``,
  1 s by default), so a frozen or unreachable Redis costs a request about that long, not the
  library's 5 s per try. The worker's queue blocks on ``BLMOVE`` and keeps reads unbounded
  (``blocking=True``); its connects are bounded all the same.
- A command that fails with a ``ConnectionError`` is sent once more on a fresh connection, after
  a few tens of milliseconds: a pooled connection that Redis closed (a restart) fails its next
  command once, and that command must not be the one a user or a job sees fail. Timeouts are not
  sent again: a Redis that did not answer in time is frozen or overloaded, and a second wait
  would double what the caller waits for a command that may have been applied already.
- Connections idle for more than ``HEALTH_CHECK_SECONDS`` are PINGed before they are used.

The URL picks the deployment (``urls.py``): one server, the master a set of Sentinels name (the
client asks them again after a failover), or a Redis Cluster (a ``RedisCluster`` client that
routes each command to the node of its key's slot). Scripts and transactions need all their
keys in one slot there: each multi-key script here names its keys with one hash tag
(``{room}``...), and ``mget`` below reads keys of several slots one slot at a time.
SAQ's queue does not run on a Cluster: ``STREAMZ_QUEUE_REDIS_URL`` names a Redis for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, cast

from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from streamz.adapters.redis.urls import RedisTarget, parse
from streamz.core.errors import Unavailable

HEALTH_CHECK_SECONDS = 15
_Sentinel: Any = Sentinel  # untyped in redis-py
# what Redis being down, restarting, frozen or unreachable raises (redis-py wraps socket errors
# in its own; the builtins are for what escapes it)
UNREACHABLE: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def connect(url: str, *, timeout: float, blocking: bool = False) -> Redis:
    """A client for ``url`` (one server, Sentinel or Cluster) with bounded timeouts, one retry on
    a broken connection and health checks (see the module). ``blocking``: reads wait as long as
    a blocking command needs."""
    target = parse(url)
    options: dict[str, Any] = {
        "socket_connect_timeout": timeout,
        "socket_timeout": None if blocking else timeout,
        "socket_keepalive": True,
        "retry": Retry(
            ExponentialWithJitterBackoff(base=0.02, cap=0.2),
            retries=1,
            supported_errors=(RedisConnectionError,),
        ),
        "health_check_interval": HEALTH_CHECK_SECONDS,
    }
    if target.mode == "standalone":
        return Redis.from_url(url, **options)
    auth: dict[str, Any] = {"username": target.username, "password": target.password}
    if target.mode == "sentinel":
        sentinel = _Sentinel(
            list(target.nodes),
            sentinel_kwargs={"socket_connect_timeout": timeout, "socket_timeout": timeout},
            ssl=target.tls,
            **auth,
            **options,
        )
        master: Redis = sentinel.master_for(target.service, redis_class=Redis, db=target.db)
        return master
    cluster = RedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in target.nodes],
        ssl=target.tls,
        **auth,
        **options,
    )
    # RedisCluster offers the commands, scripts and pipelines the adapters use under the same
    # names; it is not a subclass of Redis, so the process's one client keeps that type
    return cast(Redis, cluster)


def is_cluster(client: object) -> bool:
    """Whether ``client`` (typed ``Redis``, see ``connect``) is a Cluster client."""
    return isinstance(client, RedisCluster)


async def mget(client: Redis, keys: Sequence[str]) -> list[bytes | None]:
    """``MGET`` of ``keys``; on a Cluster, one ``MGET`` per slot (not atomic across slots)."""
    any_client: Any = client
    if is_cluster(client):
        return cast(list[bytes | None], await any_client.mget_nonatomic(list(keys)))
    return cast(list[bytes | None], await any_client.mget(keys))


async def pubsub_address(
    target: RedisTarget, *, connect_timeout: float, attempt: int
) -> tuple[str, int]:
    """Where a raw pub/sub connection for a Sentinel or Cluster ``target`` goes: the master the
    Sentinels name now, or a Cluster node, the next one on each ``attempt`` (a message published
    on any node of a Cluster reaches the subscribers of every node)."""
    if target.mode == "sentinel":
        sentinel = _Sentinel(
            list(target.nodes),
            sentinel_kwargs={
                "socket_connect_timeout": connect_timeout,
                "socket_timeout": connect_timeout,
            },
        )
        try:
            host, port = await sentinel.discover_master(target.service)
        finally:
            for client in sentinel.sentinels:
                await client.aclose()
        return str(host), int(port)
    return target.nodes[attempt % len(target.nodes)]


@contextlib.contextmanager
def reachable(what: str) -> Iterator[None]:
    """Redis unreachable inside the block: ``Unavailable`` naming ``what`` (and the error's
    kind, never its text: it may hold an address)."""
    try:
        yield
    except UNREACHABLE as error:
        raise Unavailable(f"{what} is unreachable ({type(error).__name__})") from error

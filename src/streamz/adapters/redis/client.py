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
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from streamz.core.errors import Unavailable

HEALTH_CHECK_SECONDS = 15
# what Redis being down, restarting, frozen or unreachable raises (redis-py wraps socket errors
# in its own; the builtins are for what escapes it)
UNREACHABLE: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def connect(url: str, *, timeout: float, blocking: bool = False) -> Redis:
    """A client for ``url`` with bounded timeouts, one retry on a broken connection and health
    checks (see the module). ``blocking``: reads wait as long as a blocking command needs."""
    return Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=None if blocking else timeout,
        socket_keepalive=True,
        retry=Retry(
            ExponentialWithJitterBackoff(base=0.02, cap=0.2),
            retries=1,
            supported_errors=(RedisConnectionError,),
        ),
        health_check_interval=HEALTH_CHECK_SECONDS,
    )


@contextlib.contextmanager
def reachable(what: str) -> Iterator[None]:
    """Redis unreachable inside the block: ``Unavailable`` naming ``what`` (and the error's
    kind, never its text: it may hold an address)."""
    try:
        yield
    except UNREACHABLE as error:
        raise Unavailable(f"{what} is unreachable ({type(error).__name__})") from error

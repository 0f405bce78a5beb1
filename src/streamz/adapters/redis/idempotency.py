"""The in-flight marks of idempotency keys on Redis: ``SET NX EX`` with a token, released by a
compare-and-delete, so a holder whose mark expired never frees another holder's."""

from __future__ import annotations

import secrets

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.core.errors import Unavailable

log = structlog.get_logger("streamz.idempotency")

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisIdempotencyLocks:
    def __init__(self, redis: Redis, *, prefix: str = "streamz:idem:") -> None:
        self._redis = redis
        self._prefix = prefix
        self._tokens: dict[str, str] = {}  # names this process holds -> their token

    async def acquire(self, name: str, seconds: int) -> bool:
        token = secrets.token_hex(8)
        try:
            taken = await self._redis.set(self._prefix + name, token, nx=True, ex=seconds)
        except (RedisError, OSError) as error:
            raise Unavailable(
                f"idempotency keys cannot be checked ({type(error).__name__})"
            ) from None
        if taken:
            self._tokens[name] = token
        return bool(taken)

    async def release(self, name: str) -> None:
        token = self._tokens.pop(name, None)
        if token is None:
            return
        try:
            await self._redis.eval(_RELEASE, 1, self._prefix + name, token)
        except (RedisError, OSError) as error:  # it expires anyway
            log.warning("idempotency lock not released", error=repr(error))

"""Fixed-window rate limits of one process (tests, the in-memory container), on the clock port:
the Redis limiter's counting without its batching (exact, as it is within one process)."""

from streamz.ports.clock import Clock
from streamz.ports.rate_limits import RateDecision


class MemoryRateLimiter:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counts: dict[tuple[str, int], int] = {}

    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        now = self._clock.now().timestamp()
        bucket = int(now // window)
        count = self._counts.get((key, bucket), 0) + 1
        self._counts[(key, bucket)] = count
        retry_after = max(1, int((bucket + 1) * window - now + 0.999))
        return RateDecision(count <= limit, max(0, limit - count), retry_after)

import time

from streamz.ports.rate_limits import RateDecision


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}

    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        now = time.time()
        bucket = int(now // window)
        count = self._counts.get((key, bucket), 0) + 1
        self._counts[(key, bucket)] = count
        retry_after = max(1, int((bucket + 1) * window - now + 0.999))
        return RateDecision(count <= limit, max(0, limit - count), retry_after)

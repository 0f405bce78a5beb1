from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    remaining: int
    retry_after: int  # seconds until the window resets


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        """Count one hit for ``key`` in the current ``window`` (seconds); allow up to ``limit``."""
        ...

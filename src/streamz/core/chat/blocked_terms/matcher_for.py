"""The compiled matcher of a channel's terms, compiled once per version and shared."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass

from streamz.core.chat.blocked_terms.matcher import BlockedTermMatcher
from streamz.ports.blocked_terms import BlockedTermRepository


class MatcherCache:
    """Compiled matchers by channel, each with the term-set version it was built from.
    Least recently used channels leave first beyond ``capacity``. One per process."""

    capacity = 10_000

    def __init__(self) -> None:
        self._entries: OrderedDict[uuid.UUID, tuple[int, BlockedTermMatcher]] = OrderedDict()
        self.compiled = 0  # how many matchers were built (for tests and metrics)

    def get(self, channel_id: uuid.UUID, version: int) -> BlockedTermMatcher | None:
        entry = self._entries.get(channel_id)
        if entry is None or entry[0] != version:
            return None
        self._entries.move_to_end(channel_id)
        return entry[1]

    def put(self, channel_id: uuid.UUID, version: int, matcher: BlockedTermMatcher) -> None:
        self.compiled += 1
        self._entries[channel_id] = (version, matcher)
        self._entries.move_to_end(channel_id)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)


@dataclass(frozen=True, slots=True)
class MatcherFor:
    """``await matcher_for(channel_id)``: the channel's ``BlockedTermMatcher``.

    One cheap version read per call; terms are loaded and compiled only when the version
    changed since the cached matcher was built (every add and remove bumps it).
    """

    terms: BlockedTermRepository
    cache: MatcherCache

    async def __call__(self, channel_id: uuid.UUID) -> BlockedTermMatcher:
        version = await self.terms.version(channel_id)
        cached = self.cache.get(channel_id, version)
        if cached is not None:
            return cached
        current = await self.terms.list_for(channel_id)
        matcher = BlockedTermMatcher((t.term, t.normalised) for t in current.terms)
        self.cache.put(channel_id, current.version, matcher)
        return matcher

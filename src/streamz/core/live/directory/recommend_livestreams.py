from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.core.identity.errors import AccountNotFound
from streamz.core.live.directory.entities import CandidatePool, RankedStream
from streamz.core.live.directory.listing import ListingQuery, resolve_filters
from streamz.core.live.directory.ranking import NEW_CREATOR_DAYS, rank
from streamz.core.live.directory.rules import canonical_language
from streamz.core.shared.ids import parse_id
from streamz.core.shared.pages import Page, check_limit, decode_cursor, encode_cursor
from streamz.ports.categories import CategoryRepository
from streamz.ports.clock import Clock
from streamz.ports.directory import LivestreamListings
from streamz.ports.identity import AccountRepository

MAX_SEED = 2**31 - 1
_MARK = "rec"


@dataclass(frozen=True, slots=True)
class RecommendLivestreamsRequest:
    """``query``: its filters, ``limit`` and ``after`` (sort and order do not apply)."""

    actor: Principal
    query: ListingQuery = field(default_factory=ListingQuery)
    seed: int | None = None  # None: the day's seed (days since 1970-01-01, UTC)
    viewer_language: str | None = None  # e.g. from Accept-Language; malformed: ignored
    account_id: uuid.UUID | None = None  # the system may rank for a named account


@dataclass(frozen=True, slots=True)
class RecommendLivestreams:
    """Live streams ranked for the caller (see ``ranking`` and docs/recommendations.md).

    - Signed-in callers (a session or an API token's account; the system naming an account)
      get the personal blend: viewers, the follow graph, followed categories, language and a
      boost for small new creators; channels they follow and their own are left out (the
      followed listing has them). Anonymous callers get popularity + diversity.
    - Deterministic: the same data, ``seed`` and language give the same ranking. The cursor
      keeps the seed; ``seed`` in 0..2^31-1, and one other than the cursor's: ``invalid``.
    - Filters as the directory; keyset cursor over (score, id); at most the candidate pool's
      streams in all.
    """

    accounts: AccountRepository
    listings: LivestreamListings
    categories: CategoryRepository
    clock: Clock

    async def __call__(self, request: RecommendLivestreamsRequest) -> Page[RankedStream]:
        query = request.query
        limit = check_limit(query.limit)
        now = self.clock.now()
        seed, after = self._start(request, default_seed=int(now.timestamp()) // 86_400)
        viewer = await self._viewer(request)
        filters = await resolve_filters(self.categories, query)
        pool = CandidatePool(new_since=now - timedelta(days=NEW_CREATOR_DAYS))
        candidates = await self.listings.candidates(viewer, filters, pool)
        language = canonical_language(request.viewer_language) if request.viewer_language else None
        ranked = rank(
            candidates,
            signed_in=viewer is not None,
            now=now,
            seed=seed,
            viewer_language=language,
        )
        if after is not None:
            ranked = [r for r in ranked if (r.score, r.card.livestream.id) < after]
        page = ranked[:limit]
        cursor = None
        if len(ranked) > limit:
            last = page[-1]
            cursor = encode_cursor(
                [_MARK, str(seed), repr(last.score), str(last.card.livestream.id)]
            )
        return Page(page, cursor)

    @staticmethod
    def _start(
        request: RecommendLivestreamsRequest, *, default_seed: int
    ) -> tuple[int, tuple[float, uuid.UUID] | None]:
        if request.seed is not None and not 0 <= request.seed <= MAX_SEED:
            raise Invalid.field("query.seed", f"seed must be between 0 and {MAX_SEED}")
        if request.query.after is None:
            return (request.seed if request.seed is not None else default_seed), None
        mark, raw_seed, raw_score, raw_id = decode_cursor(request.query.after, 4)
        row_id = parse_id(raw_id)
        try:
            seed, score = int(raw_seed), float(raw_score)
        except ValueError:
            seed, score = -1, 0.0
        if not math.isfinite(score):
            seed = -1
        if mark != _MARK or row_id is None or not 0 <= seed <= MAX_SEED:
            raise Invalid.field("query.after", "cursor is malformed")
        if request.seed is not None and request.seed != seed:
            raise Invalid.field("query.after", "this cursor was made with another seed")
        return seed, (score, row_id)

    async def _viewer(self, request: RecommendLivestreamsRequest) -> uuid.UUID | None:
        actor = request.actor
        if actor.is_system:
            if (
                request.account_id is not None
                and await self.accounts.get(request.account_id) is None
            ):
                raise AccountNotFound(f"no account {request.account_id}")
            return request.account_id
        if actor.kind is PrincipalKind.ANONYMOUS:
            return None
        return actor.account_id

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.lookup import find_category
from streamz.core.social import following
from streamz.core.social.acting import acting_account
from streamz.core.social.entities import FollowStatus
from streamz.ports.categories import CategoryRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.outbox import Outbox
from streamz.ports.social import CategoryFollowRepository
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class UnfollowCategoryRequest:
    actor: Principal
    category: str  # category id or slug
    account_id: uuid.UUID | None = None


class UnfollowCategory:
    """Stops following a category.

    - Signed-in session for itself, or the system for a named account.
    - Unknown or deleted category: ``category-not-found``.
    - Idempotent: unfollowing a category not followed changes nothing and emits nothing.
    - A removed follow takes one from ``categories.followers_count`` in the same transaction and
      emits ``category.unfollowed`` (follower id, category id, followed_at, unfollowed_at).
    """

    def __init__(
        self,
        accounts: AccountRepository,
        categories: CategoryRepository,
        follows: CategoryFollowRepository,
        outbox: Outbox,
        tx: TransactionManager,
        clock: Clock,
    ) -> None:
        self._accounts = accounts
        self._categories = categories
        self._follows = follows
        self._outbox = outbox
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: UnfollowCategoryRequest) -> FollowStatus:
        account_id = await acting_account(self._accounts, request.actor, request.account_id)
        category = await find_category(self._categories, request.category)
        result = await following.unfollow(
            self._follows, self._outbox, "category", account_id, category.id, self._clock.now()
        )
        await self._tx.commit()
        return result

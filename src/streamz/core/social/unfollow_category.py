from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.live.lookup import find_category
from streamz.core.social import following
from streamz.core.social.entities import FollowStatus
from streamz.ports.categories import CategoryRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.social import CategoryFollowRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class UnfollowCategoryRequest:
    actor: Principal
    category: str  # category id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class UnfollowCategory:
    """Stops following a category.

    - Signed-in session for itself, or the system for a named account.
    - Unknown or deleted category: ``category-not-found``.
    - Idempotent: unfollowing a category not followed changes nothing and emits nothing.
    - A removed follow takes one from ``categories.followers_count`` in the same transaction and
      emits ``category.unfollowed`` (follower id, category id, followed_at, unfollowed_at).
    """

    accounts: AccountRepository
    categories: CategoryRepository
    follows: CategoryFollowRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: UnfollowCategoryRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        category = await find_category(self.categories, request.category)
        result = await following.unfollow(
            self.follows, self.uow, "category", account_id, category.id, self.clock.now()
        )
        await self.uow.commit()
        return result

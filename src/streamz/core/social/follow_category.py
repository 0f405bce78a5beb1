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
class FollowCategoryRequest:
    actor: Principal
    category: str  # category id or slug
    account_id: uuid.UUID | None = None  # the system names the follower (Internal tier)


@dataclass(frozen=True, slots=True)
class FollowCategory:
    """Follows a category.

    - Signed-in session for itself, or the system for a named account (see ``acting_account``).
    - Unknown or deleted category: ``category-not-found``.
    - Idempotent: following again keeps the first follow, its date, and emits nothing.
    - A new follow adds one to ``categories.followers_count`` in the same transaction and emits
      ``category.followed`` (follower id, category id, followed_at).
    """

    accounts: AccountRepository
    categories: CategoryRepository
    follows: CategoryFollowRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: FollowCategoryRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        category = await find_category(self.categories, request.category)
        now = self.clock.now()
        result = await following.follow(
            self.follows, self.uow, "category", account_id, category.id, now
        )
        await self.uow.commit()
        return result

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.live.lookup import find_category
from streamz.core.social import following
from streamz.core.social.entities import FollowStatus
from streamz.ports.categories import CategoryRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.social import CategoryFollowRepository


@dataclass(frozen=True, slots=True)
class CheckFollowingCategoryRequest:
    actor: Principal
    category: str  # category id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CheckFollowingCategory:
    """Whether the account follows a category, and since when.

    - Signed-in session for itself, or the system for a named account.
    - Unknown or deleted category: ``category-not-found``.
    """

    accounts: AccountRepository
    categories: CategoryRepository
    follows: CategoryFollowRepository

    async def __call__(self, request: CheckFollowingCategoryRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        category = await find_category(self.categories, request.category)
        return await following.status(self.follows, account_id, category.id)

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.lookup import find_category
from streamz.core.social import following
from streamz.core.social.acting import acting_account
from streamz.core.social.entities import FollowStatus
from streamz.ports.categories import CategoryRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.social import CategoryFollowRepository


@dataclass(frozen=True, slots=True)
class CheckFollowingCategoryRequest:
    actor: Principal
    category: str  # category id or slug
    account_id: uuid.UUID | None = None


class CheckFollowingCategory:
    """Whether the account follows a category, and since when.

    - Signed-in session for itself, or the system for a named account.
    - Unknown or deleted category: ``category-not-found``.
    """

    def __init__(
        self,
        accounts: AccountRepository,
        categories: CategoryRepository,
        follows: CategoryFollowRepository,
    ) -> None:
        self._accounts = accounts
        self._categories = categories
        self._follows = follows

    async def __call__(self, request: CheckFollowingCategoryRequest) -> FollowStatus:
        account_id = await acting_account(self._accounts, request.actor, request.account_id)
        category = await find_category(self._categories, request.category)
        return await following.status(self._follows, account_id, category.id)

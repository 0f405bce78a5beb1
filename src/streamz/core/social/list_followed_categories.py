from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.core.social.entities import FollowedCategory
from streamz.ports.identity import AccountRepository
from streamz.ports.social import CategoryFollowRepository


@dataclass(frozen=True, slots=True)
class ListFollowedCategoriesRequest:
    actor: Principal
    limit: int = 20
    after: str | None = None
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ListFollowedCategories:
    """The categories an account follows, newest follow first, with each category's summary.

    - Signed-in session for itself, or the system for a named account.
    - Cursor pagination.
    """

    accounts: AccountRepository
    follows: CategoryFollowRepository

    async def __call__(self, request: ListFollowedCategoriesRequest) -> Page[FollowedCategory]:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        rows = await self.follows.list_for(account_id, limit=limit + 1, before=before)
        page = rows[:limit]
        cursor = encode_cursor([str(page[-1].follow.id)]) if len(rows) > limit else None
        return Page(page, cursor)

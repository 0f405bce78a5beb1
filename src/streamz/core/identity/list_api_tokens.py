from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import ApiToken, Principal
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.ports.identity import ApiTokenRepository


@dataclass(frozen=True, slots=True)
class ListApiTokensRequest:
    actor: Principal
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListApiTokens:
    """Lists the signed-in account's API tokens, newest first, revoked ones included.

    - Cursor pagination; secrets are never returned, only their first characters.
    """

    tokens: ApiTokenRepository

    async def __call__(self, request: ListApiTokensRequest) -> Page[ApiToken]:
        account_id = request.actor.require_account()
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        rows = await self.tokens.list_for(account_id, limit=limit + 1, before=before)
        page = rows[:limit]
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(page, cursor)

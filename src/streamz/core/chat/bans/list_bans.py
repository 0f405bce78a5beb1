from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.bans.entities import BannedAccount
from streamz.core.chat.bans.writes import BanWrites
from streamz.core.identity.entities import Principal
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.ports.identity import AccountRepository


@dataclass(frozen=True, slots=True)
class ListBansRequest:
    actor: Principal
    channel: str  # channel id or slug
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListBans:
    """Who is banned or timed out in a channel's chat now, newest first, with their accounts.

    - Readers: the owner, any moderator (whatever their permissions), staff on the Admin API,
      the system; anyone else ``forbidden``, anonymous ``unauthenticated``. Unknown channel:
      ``channel-not-found``.
    - Only what is in force now: lifted, replaced and run-out rows are never listed.
    - Cursor pagination (``limit`` 1-100, ``after`` from ``next``).
    """

    writes: BanWrites
    accounts: AccountRepository

    async def __call__(self, request: ListBansRequest) -> Page[BannedAccount]:
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        access = await self.writes.team(request.actor, request.channel)
        rows = await self.writes.bans.list_active(
            access.channel.id, now=self.writes.changes.clock.now(), limit=limit + 1, before=before
        )
        page = rows[:limit]
        banned = []
        for ban in page:
            account = await self.accounts.get(ban.account_id)
            if account is not None:  # pragma: no branch - bans go with their account
                banned.append(BannedAccount(ban, account))
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(banned, cursor)

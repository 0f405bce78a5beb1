from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.team.members import RoleMember
from streamz.core.identity.entities import Principal
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class ListRolesRequest:
    actor: Principal
    channel: str  # channel id or slug
    role: ChannelRole
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListRoles:
    """Lists a channel's moderators, VIPs or OGs, newest grant first, with their accounts.

    - Anyone may read (a channel's team is public); unknown channel: ``channel-not-found``.
    - Cursor pagination; moderators come with their permissions.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    accounts: AccountRepository

    async def __call__(self, request: ListRolesRequest) -> Page[RoleMember]:
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        channel = await find_channel(self.channels, request.channel)
        rows = await self.roles.list_for(channel.id, request.role, limit=limit + 1, before=before)
        page = rows[:limit]
        members = []
        for grant in page:
            account = await self.accounts.get(grant.account_id)
            if account is not None:  # pragma: no branch - grants go with their account
                members.append(RoleMember(grant, account))
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(members, cursor)

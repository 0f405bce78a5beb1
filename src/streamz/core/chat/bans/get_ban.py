from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.bans.entities import BannedAccount
from streamz.core.chat.bans.errors import BanNotFound
from streamz.core.chat.bans.writes import BanWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class GetBanRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # account id or username


@dataclass(frozen=True, slots=True)
class GetBan:
    """The ban or timeout in force on one account in a channel's chat.

    - Readers as for ``ListBans`` (the channel's team); unknown channel:
      ``channel-not-found``; unknown user: ``account-not-found``; nothing in force:
      ``ban-not-found``.
    """

    writes: BanWrites

    async def __call__(self, request: GetBanRequest) -> BannedAccount:
        writes = self.writes
        access = await writes.team(request.actor, request.channel)
        target = await writes.account(request.user, "path.user")
        ban = await writes.bans.active(access.channel.id, target.id, writes.changes.clock.now())
        if ban is None:
            raise BanNotFound(f"{target.username} is neither banned nor timed out here")
        return BannedAccount(ban, target)

from __future__ import annotations

import uuid
from typing import Any

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.roles import ChannelRole
from streamz.ports.channel_page import ChannelPageData


class MemoryChannelPages:
    def __init__(self, unit: MemoryUnit) -> None:
        self._tables = unit.tables

    async def page(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> ChannelPageData | None:
        channels = self._tables.channels
        if channel_id is not None:  # the id decides when given, as on Postgres
            channel = channels.get(channel_id)
        else:
            channel = next((c for c in channels.values() if c.slug == slug), None)
        if channel is None:
            return None

        def rows(name: str) -> list[Any]:
            return [r for r in self._tables.table(name).values() if r.channel_id == channel.id]

        roles = [r.role for r in rows("channel_roles")]
        return ChannelPageData(
            channel,
            self._tables.accounts[channel.account_id],
            sorted(rows("channel_panels"), key=lambda p: (p.position, p.id)),
            sorted(rows("channel_social_links"), key=lambda link: (link.position, link.id)),
            sorted(rows("channel_badges"), key=lambda b: b.months),
            roles.count(ChannelRole.MODERATOR),
            roles.count(ChannelRole.VIP),
            roles.count(ChannelRole.OG),
        )

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from streamz.core.channels.badges import journal
from streamz.core.channels.badges.entities import ShownBadge
from streamz.core.channels.badges.errors import BadgeNotFound
from streamz.core.channels.changes import ChannelChanges
from streamz.core.errors import Unavailable
from streamz.core.identity.entities import Principal
from streamz.ports.badges import BadgeRepository
from streamz.ports.media import ObjectStore


@dataclass(frozen=True, slots=True)
class DeleteBadgeRequest:
    actor: Principal
    channel: str  # channel id or slug
    months: int


@dataclass(frozen=True, slots=True)
class DeleteBadge:
    """Removes a channel's badge for a months threshold, and its image.

    - Who: as for ``CreateBadge`` (not offered on the Public API).
    - No badge for ``months``: ``BadgeNotFound`` (404).
    - The row goes first (commit), then the image; an image the store fails to delete is left
      unreferenced (its key is never reused). Emits ``channel.badges_updated``; the channel's
      cached chat identities are dropped after the commit.
    """

    changes: ChannelChanges
    badges: BadgeRepository
    store: ObjectStore

    async def __call__(self, request: DeleteBadgeRequest) -> ShownBadge:
        access = await journal.authorize(self.changes, request.actor, request.channel)
        badge = await self.badges.get(access.channel.id, request.months)
        if badge is None:
            raise BadgeNotFound(f"the channel has no {request.months}-month badge")
        shown = ShownBadge(badge, self.store.url(badge.image_key))
        await self.badges.remove(badge.id)
        now = self.changes.clock.now()
        await journal.commit(self.changes, access, request.actor, badge, "deleted", now)
        with suppress(Unavailable):  # then it stays unreferenced; its key is never reused
            await self.store.delete(badge.image_key)
        return shown

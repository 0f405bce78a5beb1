from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from streamz.core.channels.access import authorize
from streamz.core.channels.badges.create_badge import BadgeServices
from streamz.core.channels.badges.entities import ShownBadge
from streamz.core.channels.badges.errors import BadgeNotFound
from streamz.core.channels.badges.journal import record
from streamz.core.channels.roles import Permission
from streamz.core.errors import Unavailable
from streamz.core.identity.entities import Principal, Scope


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

    services: BadgeServices

    async def __call__(self, request: DeleteBadgeRequest) -> ShownBadge:
        s = self.services
        access = await authorize(
            s.channels,
            s.roles,
            request.actor,
            request.channel,
            permission=Permission.MANAGE_SETTINGS,
            scope=Scope.CHANNEL_WRITE,
        )
        badge = await s.badges.get(access.channel.id, request.months)
        if badge is None:
            raise BadgeNotFound(f"the channel has no {request.months}-month badge")
        shown = ShownBadge(badge, s.store.url(badge.image_key))
        await s.badges.remove(badge.id)
        await record(s.uow, s.audit_log, access, request.actor, badge, "deleted", s.clock.now())
        await s.uow.commit()
        with suppress(Unavailable):  # then it stays unreferenced; its key is never reused
            await s.store.delete(badge.image_key)
        return shown

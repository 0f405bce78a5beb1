from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.badges import journal
from streamz.core.channels.badges.entities import (
    BADGE_IMAGES,
    THRESHOLDS,
    Badge,
    ShownBadge,
)
from streamz.core.channels.badges.errors import BadgeExists
from streamz.core.channels.changes import ChannelChanges
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.media.images import accept_image
from streamz.core.media.keys import badge_key
from streamz.core.shared.ids import new_id
from streamz.ports.badges import BadgeRepository
from streamz.ports.media import ImageCodec, ObjectStore


@dataclass(frozen=True, slots=True)
class CreateBadgeRequest:
    actor: Principal
    channel: str  # channel id or slug
    months: int
    image: bytes
    content_type: str | None = None  # as declared by the upload; the bytes decide


@dataclass(frozen=True, slots=True)
class CreateBadge:
    """Adds a subscriber badge to a channel.

    - Who: the owner, a moderator with ``manage_settings``, staff on the Admin API (audited),
      the system; API tokens need ``channel:write``.
    - ``months`` is one of 1, 2, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96, 108, 120;
      one badge per threshold per channel (``BadgeExists``, 409).
    - The image: PNG, GIF or WebP by its bytes, at most 256 KiB, square, 18-512 px a side,
      at most 120 frames (``InvalidImage``, 422). It is decoded completely and encoded again
      (``accept_image``): only the re-encoded bytes are stored, never the upload's; data that
      lies (no image data, a decompression bomb, truncated, corrupt) is refused. Nothing is
      stored for a refused request.
    - The row is written first (a duplicate fails before any upload), then the image is stored
      under a key never reused, then the audit entry, the event and the commit; if they fail,
      the image is deleted. Emits ``channel.badges_updated``; then the channel's cached chat
      identities are dropped.
    """

    changes: ChannelChanges
    badges: BadgeRepository
    store: ObjectStore
    images: ImageCodec

    async def __call__(self, request: CreateBadgeRequest) -> ShownBadge:
        access = await journal.authorize(self.changes, request.actor, request.channel)
        if request.months not in THRESHOLDS:
            allowed = ", ".join(map(str, THRESHOLDS))
            raise Invalid.field("body.months", f"months must be one of {allowed}")
        accepted = await accept_image(
            request.image, request.content_type, BADGE_IMAGES, self.images
        )
        image = accepted.info
        channel = access.channel
        if await self.badges.get(channel.id, request.months) is not None:
            raise BadgeExists(f"the channel has a {request.months}-month badge already")
        badge_id = new_id()
        badge = Badge(
            id=badge_id,
            channel_id=channel.id,
            months=request.months,
            image_key=badge_key(channel.id, badge_id, accepted.data, image.extension),
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            created_at=self.changes.clock.now(),
        )
        await self.badges.add(badge)
        await self.store.put(badge.image_key, accepted.data, image.content_type)
        try:
            await journal.commit(
                self.changes, access, request.actor, badge, "created", badge.created_at
            )
        except BaseException:
            await self.store.delete(badge.image_key)
            raise
        return ShownBadge(badge, self.store.url(badge.image_key))

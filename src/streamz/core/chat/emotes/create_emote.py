from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.changes import ChannelChanges
from streamz.core.chat.emotes import journal, rules
from streamz.core.chat.emotes.entities import Emote, ShownEmote
from streamz.core.chat.emotes.errors import EmoteCodeTaken, EmoteLimitReached
from streamz.core.identity.entities import Principal
from streamz.core.media.images import accept_image
from streamz.core.media.keys import emote_key
from streamz.core.shared.ids import new_id
from streamz.ports.chat import ChatroomRepository
from streamz.ports.emotes import EmoteRepository
from streamz.ports.media import ImageCodec, ObjectStore


@dataclass(frozen=True, slots=True)
class CreateEmoteRequest:
    actor: Principal
    channel: str  # channel id or slug
    code: str
    image: bytes
    content_type: str | None = None  # as declared by the upload; the bytes decide
    subscriber_only: bool = False


@dataclass(frozen=True, slots=True)
class CreateEmote:
    """Adds an emote to a channel's chatroom.

    - Who: the owner, a moderator with ``manage_terms_emotes``, API tokens of those with
      ``channel:write``, staff on the Admin API (audited), the system (audited). Unknown
      channel: ``ChannelNotFound``; others: ``Unauthenticated``/``Forbidden``.
    - ``code``: 2-25 ASCII letters or digits, exactly (``Invalid`` on ``body.code``). Chat
      matches codes case-sensitively, but a code differing only by case from one of the
      channel's is refused too (``EmoteCodeTaken``, 409), so viewers are not confused.
    - ``subscriber_only``: only the channel's subscribers may use it (default false).
    - The image: PNG, GIF or WebP by its bytes, at most 512 KiB, square, 28-512 px a side,
      at most 120 frames (``InvalidImage``, 422). It is decoded completely and encoded again
      (``accept_image``): only the re-encoded bytes are stored, never the upload's; data that
      lies (no image data, a decompression bomb, truncated, corrupt) is refused. Nothing is
      written or stored for a refused request.
    - At most 200 emotes per channel (``EmoteLimitReached``, 409), counted under a lock on the
      channel's emote set, so concurrent creates cannot pass it.
    - The row is written first (a taken code fails before any upload), then the image is
      stored under a key never reused, then the audit entry, the event and the commit; if
      they fail, the image is deleted. Emits ``chatroom.emotes_updated`` (change ``created``).
    """

    changes: ChannelChanges
    chatrooms: ChatroomRepository
    emotes: EmoteRepository
    store: ObjectStore
    images: ImageCodec

    async def __call__(self, request: CreateEmoteRequest) -> ShownEmote:
        access = await journal.authorize(self.changes, request.actor, request.channel)
        code = rules.check_code(request.code)
        accepted = await accept_image(
            request.image, request.content_type, rules.EMOTE_IMAGES, self.images
        )
        image = accepted.info
        channel_id = access.channel.id
        existing = await self.emotes.locked(channel_id)
        taken = next((e for e in existing if rules.same_code(e.code, code)), None)
        if taken is not None:
            raise EmoteCodeTaken(
                f"this chatroom has an emote {taken.code!r} already (codes ignore case here)"
            )
        if len(existing) >= rules.MAX_EMOTES:
            raise EmoteLimitReached(f"a chatroom has at most {rules.MAX_EMOTES} emotes")
        emote_id = new_id()
        emote = Emote(
            id=emote_id,
            channel_id=channel_id,
            code=code,
            image_key=emote_key(channel_id, emote_id, accepted.data, image.extension),
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            subscriber_only=request.subscriber_only,
            created_by=request.actor.account_id,
            created_at=self.changes.clock.now(),
        )
        await self.emotes.add(emote)
        await self.store.put(emote.image_key, accepted.data, image.content_type)
        try:
            await journal.commit(
                self.changes,
                self.chatrooms,
                access,
                request.actor,
                emote,
                "created",
                emote.created_at,
            )
        except BaseException:
            await self.store.delete(emote.image_key)
            raise
        return ShownEmote(emote, self.store.url(emote.image_key))

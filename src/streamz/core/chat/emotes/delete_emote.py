from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass

from streamz.core.chat.emotes.entities import ShownEmote
from streamz.core.chat.emotes.errors import EmoteNotFound
from streamz.core.chat.emotes.journal import EmoteServices
from streamz.core.errors import Unavailable
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class DeleteEmoteRequest:
    actor: Principal
    channel: str  # channel id or slug
    emote_id: uuid.UUID  # by id: codes are reusable once freed, ids never


@dataclass(frozen=True, slots=True)
class DeleteEmote:
    """Removes an emote, by its id, and its image.

    - Who: as for ``CreateEmote`` (not offered on the Public API).
    - No such emote in this channel (absent, another channel's, or deleted meanwhile):
      ``EmoteNotFound`` (404).
    - The row goes first (commit), then the image; an image the store fails to delete is left
      unreferenced (its key is never reused). Emits ``chatroom.emotes_updated`` (change
      ``deleted``); audited unless the owner did it.
    """

    services: EmoteServices

    async def __call__(self, request: DeleteEmoteRequest) -> ShownEmote:
        s = self.services
        access = await s.authorize(request.actor, request.channel)
        emote = await s.emotes.get(access.channel.id, request.emote_id)
        if emote is None or not await s.emotes.remove(emote.id):
            raise EmoteNotFound(f"no emote {request.emote_id} in this chatroom")
        shown = ShownEmote(emote, s.store.url(emote.image_key))
        await s.record(access, request.actor, emote, "deleted", s.clock.now())
        await s.uow.commit()
        with suppress(Unavailable):  # then it stays unreferenced; its key is never reused
            await s.store.delete(emote.image_key)
        return shown

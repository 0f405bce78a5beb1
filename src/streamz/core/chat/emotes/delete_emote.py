from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass

from streamz.core.channels.changes import ChannelChanges
from streamz.core.chat.emotes import journal
from streamz.core.chat.emotes.entities import ShownEmote
from streamz.core.chat.emotes.errors import EmoteNotFound
from streamz.core.errors import Unavailable
from streamz.core.identity.entities import Principal
from streamz.ports.chat import ChatroomRepository
from streamz.ports.emotes import EmoteRepository
from streamz.ports.media import ObjectStore


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

    changes: ChannelChanges
    chatrooms: ChatroomRepository
    emotes: EmoteRepository
    store: ObjectStore

    async def __call__(self, request: DeleteEmoteRequest) -> ShownEmote:
        changes = self.changes
        access = await journal.authorize(changes, request.actor, request.channel)
        emote = await self.emotes.get(access.channel.id, request.emote_id)
        if emote is None or not await self.emotes.remove(emote.id):
            raise EmoteNotFound(f"no emote {request.emote_id} in this chatroom")
        shown = ShownEmote(emote, self.store.url(emote.image_key))
        now = changes.clock.now()
        await journal.commit(changes, self.chatrooms, access, request.actor, emote, "deleted", now)
        with suppress(Unavailable):  # then it stays unreferenced; its key is never reused
            await self.store.delete(emote.image_key)
        return shown

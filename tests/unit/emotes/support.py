"""Emote use cases on the unit-test ``World``, each on a fresh unit of work, sharing one
in-memory object store and the Pillow image codec (no I/O)."""

from __future__ import annotations

from typing import Any

from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.adapters.memory.media import MemoryObjectStore
from streamz.adapters.memory.repositories import MemoryChatrooms
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.pillow.images import PillowImageCodec
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.changes import ChannelChanges
from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.delete_emote import DeleteEmote, DeleteEmoteRequest
from streamz.core.chat.emotes.entities import ShownEmote
from streamz.core.chat.emotes.list_emotes import ListEmotes, ListEmotesRequest
from streamz.core.identity.entities import Principal
from streamz.ports.media import ImageCodec
from tests.unit.media.images import png
from tests.unit.support import ANONYMOUS, World


class EmoteWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.store = MemoryObjectStore()
        self.images: ImageCodec = PillowImageCodec()

    def _open(self) -> tuple[ChannelChanges, MemoryChatrooms, MemoryEmotes]:
        """One transaction: the channel changes, the chatrooms and the emotes on it."""
        r = self.world.open()
        roles, log = MemoryChannelRoles(r.unit), MemoryAuditLog(r.unit)
        changes = ChannelChanges(r.channels, roles, log, r.uow, self.world.clock)
        return changes, r.chatrooms, MemoryEmotes(r.unit)

    def create_emote(self) -> CreateEmote:
        return CreateEmote(*self._open(), self.store, self.images)

    def delete_emote(self) -> DeleteEmote:
        return DeleteEmote(*self._open(), self.store)

    async def create(
        self,
        actor: Principal,
        code: str,
        *,
        channel: str = "alice",
        image: bytes | None = None,
        content_type: str | None = None,
        subscriber_only: bool = False,
    ) -> ShownEmote:
        request = CreateEmoteRequest(
            actor,
            channel,
            code,
            png(32) if image is None else image,
            content_type,
            subscriber_only=subscriber_only,
        )
        return await self.create_emote()(request)

    async def delete(self, actor: Principal, emote: Any, channel: str = "alice") -> ShownEmote:
        return await self.delete_emote()(DeleteEmoteRequest(actor, channel, emote))

    async def listed(self, channel: str = "alice") -> list[ShownEmote]:
        r = self.world.open()
        use_case = ListEmotes(r.channels, MemoryEmotes(r.unit), self.store)
        return await use_case(ListEmotesRequest(ANONYMOUS, channel))

    def audit(self) -> list[AuditEntry]:
        rows: dict[Any, AuditEntry] = self.world.tables.table("channel_audit_log")
        return sorted(rows.values(), key=lambda e: e.id)

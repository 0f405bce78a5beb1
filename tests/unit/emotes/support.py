"""Emote use cases on the unit-test ``World``, each on a fresh unit of work, sharing one
in-memory object store and the Pillow image codec (no I/O)."""

from __future__ import annotations

from typing import Any

from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.adapters.memory.media import MemoryObjectStore
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.pillow.images import PillowImageCodec
from streamz.core.channels.audit import AuditEntry
from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.delete_emote import DeleteEmote, DeleteEmoteRequest
from streamz.core.chat.emotes.entities import ShownEmote
from streamz.core.chat.emotes.journal import EmoteServices
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

    def services(self) -> EmoteServices:
        r = self.world.open()
        return EmoteServices(
            channels=r.channels,
            roles=MemoryChannelRoles(r.unit),
            chatrooms=r.chatrooms,
            emotes=MemoryEmotes(r.unit),
            store=self.store,
            images=self.images,
            audit_log=MemoryAuditLog(r.unit),
            uow=r.uow,
            clock=self.world.clock,
        )

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
        return await CreateEmote(self.services())(request)

    async def delete(self, actor: Principal, emote: Any, channel: str = "alice") -> ShownEmote:
        return await DeleteEmote(self.services())(DeleteEmoteRequest(actor, channel, emote))

    async def listed(self, channel: str = "alice") -> list[ShownEmote]:
        r = self.world.open()
        use_case = ListEmotes(r.channels, MemoryEmotes(r.unit), self.store)
        return await use_case(ListEmotesRequest(ANONYMOUS, channel))

    def audit(self) -> list[AuditEntry]:
        rows: dict[Any, AuditEntry] = self.world.tables.table("channel_audit_log")
        return sorted(rows.values(), key=lambda e: e.id)

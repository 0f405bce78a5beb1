"""What every emote write shares: who may write, and the trail a change leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from streamz.core.channels.access import ChannelAccess, audit, authorize
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.roles import Permission
from streamz.core.chat.emotes.entities import Emote
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.clock import Clock
from streamz.ports.emotes import EmoteRepository
from streamz.ports.media import ImageCodec, ObjectStore
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork

UPDATED = "chatroom.emotes_updated"


@dataclass(frozen=True, slots=True)
class EmoteServices:
    """The ports every emote write needs (one object, so use cases stay small)."""

    channels: ChannelRepository
    roles: ChannelRoleRepository
    chatrooms: ChatroomRepository
    emotes: EmoteRepository
    store: ObjectStore
    images: ImageCodec
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def authorize(self, actor: Principal, identifier: str) -> ChannelAccess:
        """Writers: the owner, a moderator with ``manage_terms_emotes``, API tokens of those
        with ``channel:write``, staff on the Admin API, the system. Unknown channel first."""
        return await authorize(
            self.channels,
            self.roles,
            actor,
            identifier,
            permission=Permission.MANAGE_TERMS_EMOTES,
            scope=Scope.CHANNEL_WRITE,
        )

    async def record(
        self,
        access: ChannelAccess,
        actor: Principal,
        emote: Emote,
        change: str,  # "created" or "deleted"
        at: datetime,
    ) -> None:
        """A ``chatroom.emotes_updated`` event, and an ``emote.<change>`` audit entry unless
        the owner made the change (moderators, staff and the system are always audited)."""
        chatroom = await self.chatrooms.by_channel(emote.channel_id)
        details = {
            "emote_id": str(emote.id),
            "code": emote.code,
            "subscriber_only": emote.subscriber_only,
        }
        payload = {
            "chatroom_id": str(chatroom.id) if chatroom else None,
            "channel_id": str(emote.channel_id),
            "change": change,
            **details,
        }
        self.uow.record(Event(UPDATED, str(emote.channel_id), payload, at))
        if access.acting_as is not ActingAs.OWNER:
            await self.audit_log.record(
                audit(access, actor, f"emote.{change}", at, details=details)
            )

"""What every emote write shares: who may write, and the trail a change leaves behind (an
outbox event, and an audit entry unless the owner made it), committed with the change."""

from __future__ import annotations

from datetime import datetime

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import Permission
from streamz.core.chat.emotes.entities import Emote
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event
from streamz.ports.chat import ChatroomRepository

UPDATED = "chatroom.emotes_updated"


async def authorize(changes: ChannelChanges, actor: Principal, identifier: str) -> ChannelAccess:
    """Writers: the owner, a moderator with ``manage_terms_emotes``, API tokens of those
    with ``channel:write``, staff on the Admin API, the system. Unknown channel first."""
    return await changes.authorize(
        actor, identifier, permission=Permission.MANAGE_TERMS_EMOTES, scope=Scope.CHANNEL_WRITE
    )


async def commit(
    changes: ChannelChanges,
    chatrooms: ChatroomRepository,
    access: ChannelAccess,
    actor: Principal,
    emote: Emote,
    change: str,  # "created" or "deleted"
    at: datetime,
) -> None:
    """A ``chatroom.emotes_updated`` event, and an ``emote.<change>`` audit entry unless
    the owner made the change (moderators, staff and the system are always audited);
    commits."""
    chatroom = await chatrooms.by_channel(emote.channel_id)
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
    await changes.commit(
        access,
        actor,
        f"emote.{change}",
        events=[Event(UPDATED, str(emote.channel_id), payload, at)],
        details=details,
        audited=access.acting_as is not ActingAs.OWNER,
        at=at,
    )

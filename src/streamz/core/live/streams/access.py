"""Who may touch a channel's stream key: its owner and the system, nobody else."""

from __future__ import annotations

from streamz.core.channels.access import ChannelAccess, authorize
from streamz.core.channels.audit import ActingAs
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.streams.errors import StreamKeyOwnerOnly
from streamz.ports.channels import ChannelRepository
from streamz.ports.team import ChannelRoleRepository


async def owner_or_system(
    channels: ChannelRepository,
    roles: ChannelRoleRepository,
    actor: Principal,
    identifier: str,
) -> ChannelAccess:
    """The channel if ``actor`` owns it (API tokens need ``stream:write``) or is the system.
    Unknown channel: ``ChannelNotFound``; anonymous: ``Unauthenticated``; staff:
    ``StreamKeyOwnerOnly``; anyone else (moderators too): ``Forbidden``."""
    access = await authorize(
        channels, roles, actor, identifier, permission=None, scope=Scope.STREAM_WRITE
    )
    if access.acting_as not in (ActingAs.OWNER, ActingAs.SYSTEM):
        raise StreamKeyOwnerOnly("only the channel's owner may see or change its stream key")
    return access

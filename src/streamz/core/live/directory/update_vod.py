from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.fields import KEEP, Keep
from streamz.core.channels.access import audit, authorize
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.directory.errors import VodNotFound, VodTitleInvalid, VodVisibilityInvalid
from streamz.core.live.directory.rules import Problems, check_title
from streamz.core.live.directory.vod_access import VodAccess
from streamz.core.live.entities import Vod, VodVisibility
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork

VOD_UPDATED = "vod.updated"


@dataclass(frozen=True, slots=True)
class UpdateVodRequest:
    """Only the fields given change."""

    actor: Principal
    vod_id: uuid.UUID
    title: str | Keep = KEEP
    visibility: str | Keep = KEEP


@dataclass(frozen=True, slots=True)
class UpdateVod:
    """Changes a VOD's title and visibility.

    - The channel's owner (a session, or an API token with ``channel:write``), staff on the
      Admin API, the system. A VOD the caller may not see: as ``GetVod`` (not found / for
      subscribers); one they see but do not own: ``Forbidden``.
    - Title: 1-140 characters, no control characters (``vod-title-invalid``). Visibility:
      ``public``, ``subscribers`` or ``private`` (``vod-visibility-invalid``).
    - Writes the VOD, an audit entry and a ``vod.updated`` event (channel id, VOD id, title,
      visibility) in one transaction; nothing changed: nothing written.
    """

    access: VodAccess
    channels: ChannelRepository
    roles: ChannelRoleRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: UpdateVodRequest) -> Vod:
        vod, channel = await self.access.readable(request.actor, request.vod_id)
        access = await authorize(
            self.channels,
            self.roles,
            request.actor,
            str(channel.id),
            permission=None,
            scope=Scope.CHANNEL_WRITE,
        )
        problems = Problems("VOD")
        title, visibility = vod.title, vod.visibility
        if request.title is not KEEP:
            title = check_title(
                problems, VodTitleInvalid, "body.title", request.title, required=True
            )
        if request.visibility is not KEEP:
            visibility = request.visibility
            if visibility not in VodVisibility.ALL:
                problems.add(
                    VodVisibilityInvalid,
                    "body.visibility",
                    f"visibility must be one of {', '.join(VodVisibility.ALL)}",
                )
        problems.raise_if_any()
        if (title, visibility) == (vod.title, vod.visibility):
            return vod
        now = self.clock.now()
        updated = replace(vod, title=title, visibility=visibility, updated_at=now)
        if not await self.access.vods.update(updated):
            raise VodNotFound(f"no VOD {vod.id}")
        details = {"vod_id": str(vod.id), "title": title, "visibility": visibility}
        await self.audit_log.record(audit(access, request.actor, VOD_UPDATED, now, details=details))
        payload = {"channel_id": str(channel.id), **details}
        self.uow.record(Event(VOD_UPDATED, str(channel.id), payload, now))
        await self.uow.commit()
        return updated

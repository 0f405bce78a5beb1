"""Who watches a chatroom: per-instance presence, the room's count across instances, and the
samples kept for analytics."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from streamz.core.identity.entities import Principal
from streamz.ports.presence import ViewerSampleRepository
from streamz.ports.unit_of_work import UnitOfWork

VIEWERS = "chatroom.viewers"  # the non-durable event carrying a room's count


@dataclass(frozen=True, slots=True)
class RoomPresence:
    """One instance's viewers of one chatroom."""

    users: Sequence[str]  # account ids with at least one connection here
    gone: Sequence[str]  # account ids whose last connection here left since the last report
    anonymous: int  # anonymous connections here


@dataclass(frozen=True, slots=True)
class Tally:
    """A room's viewers across instances: unique signed-in users plus anonymous connections."""

    users: int
    anonymous: int
    peak: int  # the most viewers counted since the previous sample
    sample: bool  # this instance records the sample of this interval

    @property
    def viewers(self) -> int:
        return self.users + self.anonymous


@dataclass(frozen=True, slots=True)
class ViewerSample:
    """A room's viewers at one moment, for analytics. Keyed by channel for now: livestreams
    arrive in a later issue and will key their own samples."""

    channel_id: uuid.UUID
    chatroom_id: uuid.UUID
    at: datetime
    viewers: int
    users: int
    anonymous: int
    peak: int  # the most viewers counted since the channel's previous sample


@dataclass(frozen=True, slots=True)
class RecordViewersRequest:
    actor: Principal
    samples: Sequence[ViewerSample]


@dataclass(frozen=True, slots=True)
class RecordViewers:
    """Keeps viewer samples and raises each channel's all-time peak.

    - Internal only (the websocket gateway, one instance per room per sample interval).
    - A second sample of a channel at the same instant is ignored.
    """

    samples: ViewerSampleRepository
    uow: UnitOfWork

    async def __call__(self, request: RecordViewersRequest) -> int:
        request.actor.require_system()
        if not request.samples:
            return 0
        await self.samples.add(request.samples)
        await self.uow.commit()
        return len(request.samples)

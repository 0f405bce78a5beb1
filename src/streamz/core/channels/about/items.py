"""The rules panels and social links share: a channel's ordered items of one kind, who may
write them, and what a write leaves behind. Their use cases keep only what sets them apart."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import (
    LinkLimitReached,
    LinkNotFound,
    PanelLimitReached,
    PanelNotFound,
)
from streamz.core.channels.about.rules import MAX_LINKS, MAX_PANELS, check_order
from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import Permission
from streamz.core.errors import Conflict, NotFound
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event

T = TypeVar("T", Panel, SocialLink)


class ItemRepository(Protocol[T]):
    """What ``PanelRepository`` and ``SocialLinkRepository`` have in common."""

    async def list_for(self, channel_id: uuid.UUID, /, *, lock: bool = False) -> list[T]: ...

    async def add(self, item: T, /) -> None: ...

    async def update(self, item: T, /) -> None: ...

    async def remove(self, item_id: uuid.UUID, /) -> None: ...

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID], /) -> None: ...


@dataclass(frozen=True, slots=True)
class Kind:
    """What tells one kind of item from the other in the rules they share."""

    name: str  # in audit actions ("panel.created") and details ("panel_id")
    noun: str  # in messages ("no panel …", "at most 20 panels")
    topic: str  # the event of every write, naming the channel
    limit: int  # items per channel
    limit_reached: type[Conflict]
    not_found: type[NotFound]


PANELS = Kind(
    "panel", "panel", "channel.panels_updated", MAX_PANELS, PanelLimitReached, PanelNotFound
)
LINKS = Kind(
    "link", "social link", "channel.links_updated", MAX_LINKS, LinkLimitReached, LinkNotFound
)


def next_position(items: Sequence[Panel | SocialLink]) -> int:
    """Where a new item goes: after the last one."""
    return items[-1].position + 1 if items else 0


@dataclass(frozen=True, slots=True)
class Items(Generic[T]):
    """A channel's items of one ``kind`` (panels or social links), in display order.

    - Readers: anyone; unknown channel: ``ChannelNotFound``.
    - Writers: the owner, a moderator with ``manage_settings``, API tokens of those with
      ``channel:write``, staff on the Admin API, the system (``ChannelChanges.authorize``).
    - A write reads the channel's items under a lock of the channel's content, so concurrent
      writers (limits, order) queue up; an item of another channel, or none: the kind's
      ``not_found``; at most ``limit`` items: the kind's ``limit_reached``, nothing written.
    - Every write records an audit entry ``<name>.<verb>`` (who, acting as what) and an event
      ``topic`` naming the channel, in the transaction of the change.
    """

    kind: Kind
    changes: ChannelChanges
    repository: ItemRepository[T]

    async def read(self, identifier: str) -> list[T]:
        channel = await self.changes.find_channel(identifier)
        return await self.repository.list_for(channel.id)

    async def authorize(self, actor: Principal, identifier: str) -> ChannelAccess:
        return await self.changes.authorize(
            actor, identifier, permission=Permission.MANAGE_SETTINGS, scope=Scope.CHANNEL_WRITE
        )

    async def locked(self, access: ChannelAccess) -> list[T]:
        return await self.repository.list_for(access.channel.id, lock=True)

    async def with_room(self, access: ChannelAccess) -> list[T]:
        """The channel's items, locked, if one more fits."""
        items = await self.locked(access)
        if len(items) >= self.kind.limit:
            kind = self.kind
            raise kind.limit_reached(f"a channel has at most {kind.limit} {kind.noun}s")
        return items

    async def find(
        self, actor: Principal, identifier: str, item_id: uuid.UUID
    ) -> tuple[ChannelAccess, list[T], T]:
        """The access, the channel's items (locked) and the one with ``item_id``."""
        access = await self.authorize(actor, identifier)
        items = await self.locked(access)
        item = next((x for x in items if x.id == item_id), None)
        if item is None:
            raise self.kind.not_found(f"no {self.kind.noun} {item_id} in this channel")
        return access, items, item

    async def add(self, access: ChannelAccess, actor: Principal, item: T) -> T:
        await self.repository.add(item)
        await self._done(access, actor, "created", self._id(item))
        return item

    async def update(self, access: ChannelAccess, actor: Principal, item: T) -> T:
        await self.repository.update(item)
        await self._done(access, actor, "updated", self._id(item))
        return item

    async def delete(
        self,
        actor: Principal,
        identifier: str,
        item_id: uuid.UUID,
        details: Callable[[T], dict[str, Any]],
    ) -> T:
        """Removes the item; ``details``: what its audit entry keeps of it besides its id."""
        access, _, item = await self.find(actor, identifier, item_id)
        await self.repository.remove(item.id)
        await self._done(access, actor, "deleted", self._id(item) | details(item))
        return item

    async def reorder(self, actor: Principal, identifier: str, ids: list[uuid.UUID]) -> list[T]:
        """``ids`` must be exactly the channel's item ids, each once (``InvalidOrder``)."""
        access = await self.authorize(actor, identifier)
        items = await self.locked(access)
        check_order([x.id for x in items], ids)
        await self.repository.reorder(access.channel.id, ids)
        await self._done(access, actor, "reordered", {"ids": [str(i) for i in ids]})
        by_id = {x.id: x for x in items}
        return [replace(by_id[i], position=n) for n, i in enumerate(ids)]

    def _id(self, item: T) -> dict[str, Any]:
        return {f"{self.kind.name}_id": str(item.id)}

    async def _done(
        self, access: ChannelAccess, actor: Principal, verb: str, details: dict[str, Any]
    ) -> None:
        now = self.changes.clock.now()
        channel_id = str(access.channel.id)
        event = Event(self.kind.topic, channel_id, {"channel_id": channel_id}, now)
        action = f"{self.kind.name}.{verb}"
        await self.changes.commit(access, actor, action, events=[event], details=details, at=now)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from streamz.core.channels.about.fields import KEEP, Keep
from streamz.core.channels.access import audit, authorize
from streamz.core.channels.roles import Permission
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.directory.entities import StreamInfoChange
from streamz.core.live.directory.errors import (
    StreamCategoryUnknown,
    StreamLanguageInvalid,
    StreamTagsInvalid,
    StreamTitleInvalid,
)
from streamz.core.live.directory.rules import Problems, check_language, check_tags, check_title
from streamz.core.live.directory.stream_info import view_of
from streamz.core.live.entities import StreamInfo
from streamz.core.live.errors import CategoryNotFound
from streamz.core.live.lookup import find_category
from streamz.core.shared.events import Event
from streamz.ports.categories import CategoryRepository
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.directory import StreamInfoStore
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork

STREAM_UPDATED = "stream.updated"
INFO_UPDATED = "stream.info_updated"  # the audit action
FIELDS = ("title", "category_id", "tags", "language", "mature")


@dataclass(frozen=True, slots=True)
class UpdateStreamInfoRequest:
    """Only the fields given change; ``category=None`` clears the category."""

    actor: Principal
    channel: str  # channel id or slug
    title: str | Keep = KEEP
    category: str | Keep | None = KEEP  # category id or slug
    tags: Sequence[str] | Keep = KEEP
    language: str | Keep = KEEP
    mature: bool | Keep = KEEP


@dataclass(frozen=True, slots=True)
class UpdateStreamInfo:
    """Changes what a channel's stream is about, now and for its next stream.

    - Writers: the owner, a moderator with ``manage_settings``, API tokens of those with
      ``channel:write``, staff on the Admin API, the system (see ``authorize``).
    - Title: at most 140 characters, no control characters (``stream-title-invalid``).
      Category: an existing, not deleted category by id or slug (``stream-category-unknown``).
      Tags: at most 10, normalised (``stream-tags-invalid``). Language: BCP 47
      (``stream-language-invalid``). Several bad fields: the first one's type, all listed.
    - The change is written to the channel's stream info and, when the channel is live, to its
      live livestream; an audit entry (``stream.info_updated``) and a ``stream.updated`` event
      (channel id, livestream id or null, the new values and the changed field names) go in
      the same transaction. Concurrent updates of one channel queue on its info.
    - Nothing changed (same values): nothing written, no event.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    store: StreamInfoStore
    categories: CategoryRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: UpdateStreamInfoRequest) -> StreamInfoChange:
        access = await authorize(
            self.channels,
            self.roles,
            request.actor,
            request.channel,
            permission=Permission.MANAGE_SETTINGS,
            scope=Scope.CHANNEL_WRITE,
        )
        channel = access.channel
        changes = await self._checked(request)
        current = await self.store.get(channel.id, lock=True) or StreamInfo(channel.id)
        updated = replace(current, **changes)
        changed = tuple(f for f in FIELDS if getattr(updated, f) != getattr(current, f))
        if not changed:
            view = await view_of(self.store, self.categories, channel, current)
            return StreamInfoChange(view, ())
        now = self.clock.now()
        updated = replace(updated, updated_at=now)
        await self.store.save(updated)
        live = await self.store.apply_to_live(updated)
        payload = {
            "channel_id": str(channel.id),
            "livestream_id": str(live.id) if live else None,
            "title": updated.title,
            "category_id": str(updated.category_id) if updated.category_id else None,
            "tags": list(updated.tags),
            "language": updated.language,
            "mature": updated.mature,
            "changed": list(changed),
        }
        await self.audit_log.record(
            audit(access, request.actor, INFO_UPDATED, now, details={"changed": list(changed)})
        )
        self.uow.record(Event(STREAM_UPDATED, str(channel.id), payload, now))
        await self.uow.commit()
        view = await view_of(self.store, self.categories, channel, updated)
        return StreamInfoChange(view, changed)

    async def _checked(self, request: UpdateStreamInfoRequest) -> dict[str, Any]:
        problems = Problems("stream info")
        changes: dict[str, Any] = {}
        if request.title is not KEEP:
            changes["title"] = check_title(
                problems, StreamTitleInvalid, "body.title", request.title
            )
        if request.category is not KEEP:
            changes["category_id"] = None
            if request.category is not None:
                try:
                    category = await find_category(self.categories, request.category)
                    changes["category_id"] = category.id
                except CategoryNotFound:
                    problems.add(
                        StreamCategoryUnknown,
                        "body.category",
                        f"no category {request.category[:64]!r}",
                    )
        if request.tags is not KEEP:
            changes["tags"] = check_tags(problems, StreamTagsInvalid, "body.tags", request.tags)
        if request.language is not KEEP:
            changes["language"] = check_language(
                problems, StreamLanguageInvalid, "body.language", request.language
            )
        if request.mature is not KEEP:
            changes["mature"] = request.mature
        problems.raise_if_any()
        return changes

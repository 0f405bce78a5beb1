from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from streamz.core.chat.entities import ChatroomView
from streamz.core.chat.limits import check_settings
from streamz.core.chat.writes import SETTINGS_UPDATED, ChatWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class UpdateChatSettingsRequest:
    actor: Principal
    channel: str  # channel id or slug
    changes: dict[str, Any] = field(default_factory=dict)  # setting -> new value (partial)


@dataclass(frozen=True, slots=True)
class UpdateChatSettings:
    """Changes the given settings of a channel's chatroom; the others stay.

    - Writers: see ``ChatWrites`` (owner, moderator with manage_settings, staff, system).
    - Unknown keys, wrong types and out-of-range values: ``Invalid`` naming each field;
      nothing written. ``followers_only`` takes ``None`` (off) or minutes.
    - Only settings whose value changes count: when none does, nothing is written. Otherwise
      the audit entry ``chat.settings_updated`` and the event ``chatroom.settings_updated``
      carry the chatroom, the channel and ``changes`` (each changed key and its new value).
    """

    writes: ChatWrites

    async def __call__(self, request: UpdateChatSettingsRequest) -> ChatroomView:
        access, view = await self.writes.authorize(request.actor, request.channel)
        wanted = check_settings(request.changes)
        current = view.settings
        changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
        if not changes:
            return view
        config = replace(
            view.config,
            settings=replace(current, **changes),
            updated_at=self.writes.changes.clock.now(),
        )
        return await self.writes.save(
            access,
            request.actor,
            view,
            config,
            "chat.settings_updated",
            SETTINGS_UPDATED,
            {"changes": changes},
        )

from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.chat.entities import ChatroomView
from streamz.core.chat.writes import RULES_UPDATED, ChatWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class ClearChatRulesRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ClearChatRules:
    """Removes every rule of a chatroom (its settings stay).

    - Writers as for ``UpdateChatSettings``.
    - Audit entry ``chat.rules_cleared``; event ``chatroom.rules_updated`` with no rules.
    """

    writes: ChatWrites

    async def __call__(self, request: ClearChatRulesRequest) -> ChatroomView:
        access, view = await self.writes.authorize(request.actor, request.channel)
        config = replace(view.config, rules=(), updated_at=self.writes.changes.clock.now())
        return await self.writes.save(
            access,
            request.actor,
            view,
            config,
            "chat.rules_cleared",
            RULES_UPDATED,
            {"rules": []},
        )

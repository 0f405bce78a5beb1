from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from streamz.core.chat.entities import ChatroomView
from streamz.core.chat.limits import check_rules
from streamz.core.chat.writes import RULES_UPDATED, ChatWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class UpdateChatRulesRequest:
    actor: Principal
    channel: str  # channel id or slug
    rules: Sequence[str]


@dataclass(frozen=True, slots=True)
class UpdateChatRules:
    """Replaces a chatroom's rules with ``rules``, in that order.

    - Writers as for ``UpdateChatSettings``.
    - At most 20 rules, each 1-500 characters once trimmed: else ``Invalid`` (``body.rules``
      or ``body.rules[n]``), nothing written.
    - Audit entry ``chat.rules_updated``; event ``chatroom.rules_updated`` with the new rules.
    """

    writes: ChatWrites

    async def __call__(self, request: UpdateChatRulesRequest) -> ChatroomView:
        access, view = await self.writes.authorize(request.actor, request.channel)
        rules = check_rules(request.rules)
        config = replace(view.config, rules=rules, updated_at=self.writes.changes.clock.now())
        return await self.writes.save(
            access,
            request.actor,
            view,
            config,
            "chat.rules_updated",
            RULES_UPDATED,
            {"rules": list(rules)},
        )

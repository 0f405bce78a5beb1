"""A Streamz library in memory with a clock the tests move, and arrangements for chat."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from dishka import Provider, Scope, provide

from streamz.adapters.memory.database import FixedClock
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.identity.entities import Principal, PrincipalKind, Role
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz
from streamz.ports.clock import Clock
from tests.unit.support import T0

SYSTEM = Principal.system()


class ClockProvider(Provider):
    def __init__(self, clock: FixedClock) -> None:
        super().__init__()
        self._clock = clock

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self._clock


class Chat:
    """One in-memory Streamz; ``owner`` has the channel ``room``."""

    def __init__(self) -> None:
        self.clock = FixedClock(T0)
        self.lib = Streamz.in_memory(ClockProvider(self.clock))
        self.ids: dict[str, uuid.UUID] = {}

    async def user(self, name: str, *, verified: bool = True, role: Role = Role.USER) -> Principal:
        registration = await self.lib.call(
            RegisterAccount,
            RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com", verified),
        )
        self.ids[name] = registration.account.id
        return Principal(PrincipalKind.USER, registration.account.id, role)

    def later(self, **delta: float) -> None:
        self.clock.current += timedelta(**delta)

    async def settings(self, channel: str, **changes: Any) -> None:
        await self.lib.call(UpdateChatSettings, UpdateChatSettingsRequest(SYSTEM, channel, changes))

    async def grant(self, channel: str, name: str, role: ChannelRole, *perms: str) -> None:
        request = GrantRoleRequest(SYSTEM, channel, role, name, list(perms) if perms else None)
        await self.lib.call(GrantRole, request)

    async def send(
        self, actor: Principal, channel: str, content: str, reply_to: uuid.UUID | None = None
    ) -> Message:
        return await self.lib.call(
            SendMessage, SendMessageRequest(actor, channel, content, reply_to)
        )


async def database(chat: Chat) -> Any:
    from streamz.adapters.memory.database import MemoryDatabase

    return await chat.lib.container.get(MemoryDatabase)


async def topics(chat: Chat) -> list[str]:
    db = await database(chat)
    return [e.topic for e in db.tables.outbox]

"""An in-memory database for unit tests and embedding without servers.

A ``MemoryUnit`` works on a copy of the committed tables and replaces them on ``commit``, so a
use case that fails half-way leaves nothing behind, as with Postgres.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom
from streamz.core.identity.entities import Account, ApiToken
from streamz.core.shared.events import Event


@dataclass(slots=True)
class Tables:
    accounts: dict[uuid.UUID, Account] = field(default_factory=dict)
    channels: dict[uuid.UUID, Channel] = field(default_factory=dict)
    chatrooms: dict[uuid.UUID, Chatroom] = field(default_factory=dict)
    api_tokens: dict[uuid.UUID, ApiToken] = field(default_factory=dict)
    outbox: list[Event] = field(default_factory=list)
    published: set[uuid.UUID] = field(default_factory=set)

    def copy(self) -> Tables:
        return Tables(
            dict(self.accounts),
            dict(self.channels),
            dict(self.chatrooms),
            dict(self.api_tokens),
            list(self.outbox),
            set(self.published),
        )


class MemoryDatabase:
    def __init__(self) -> None:
        self.tables = Tables()


class MemoryUnit:
    """One transaction: repositories of a request share it."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self.tables = database.tables.copy()

    async def commit(self) -> None:
        self._database.tables = self.tables
        self.tables = self.tables.copy()


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

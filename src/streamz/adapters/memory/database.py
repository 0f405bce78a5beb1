"""An in-memory database for unit tests and embedding without servers.

A ``MemoryUnit`` works on a copy of the committed tables and replaces them on ``commit``, so a
use case that fails half-way leaves nothing behind, as with Postgres.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, ApiToken
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.events import Event


@dataclass(slots=True)
class Tables:
    accounts: dict[uuid.UUID, Account] = field(default_factory=dict)
    channels: dict[uuid.UUID, Channel] = field(default_factory=dict)
    chatrooms: dict[uuid.UUID, Chatroom] = field(default_factory=dict)
    api_tokens: dict[uuid.UUID, ApiToken] = field(default_factory=dict)
    outbox: list[Event] = field(default_factory=list)
    published: set[uuid.UUID] = field(default_factory=set)
    named: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def table(self, name: str) -> dict[Any, Any]:
        """A table of a later context, by name (rows keyed by id)."""
        return self.named.setdefault(name, {})

    def copy(self) -> Tables:
        return Tables(
            dict(self.accounts),
            dict(self.channels),
            dict(self.chatrooms),
            dict(self.api_tokens),
            list(self.outbox),
            set(self.published),
            {name: dict(rows) for name, rows in self.named.items()},
        )


class MemoryDatabase:
    def __init__(self) -> None:
        self.tables = Tables()


class MemoryUnit:
    """One transaction: repositories of a request share it.

    Reads see the tables as they were when the unit opened plus the unit's own writes; commit
    applies only what this unit changed, so concurrent units do not erase each other's work.
    """

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self._snapshot = database.tables.copy()
        self.tables = self._snapshot.copy()
        self._before_commit: list[Callable[[], Awaitable[None]]] = []

    @property
    def database(self) -> MemoryDatabase:
        return self._database

    def before_commit(self, hook: Callable[[], Awaitable[None]]) -> None:
        """Run ``hook`` just before the commit applies the unit's tables (as on Postgres; a
        failing hook fails the commit)."""
        self._before_commit.append(hook)

    async def commit(self) -> None:
        hooks, self._before_commit = self._before_commit, []
        for hook in hooks:
            await hook()
        current = self._database.tables
        before, after = self._snapshot, self.tables
        _check_unique(current, before, after)
        for name in ("accounts", "channels", "chatrooms", "api_tokens"):
            _apply(getattr(current, name), getattr(before, name), getattr(after, name))
        for name, rows in after.named.items():
            _apply(current.table(name), before.named.get(name, {}), rows)
        current.outbox.extend(e for e in after.outbox[len(before.outbox) :])
        current.published |= after.published - before.published
        self._snapshot = current.copy()
        self.tables = self._snapshot.copy()

    async def rollback(self) -> None:
        """Forget the unit's writes since its last commit: it sees the committed tables again."""
        self._before_commit.clear()
        self._snapshot = self._database.tables.copy()
        self.tables = self._snapshot.copy()


def _apply(current: dict[Any, Any], before: dict[Any, Any], after: dict[Any, Any]) -> None:
    for key, value in after.items():
        if before.get(key) is not value:
            current[key] = value
    for key in before.keys() - after.keys():
        current.pop(key, None)


def _check_unique(current: Tables, before: Tables, after: Tables) -> None:
    """What a unique index would refuse at commit: usernames and identities taken meanwhile."""
    for key, account in after.accounts.items():
        if before.accounts.get(key) is account:
            continue
        for other in current.accounts.values():
            if other.id == account.id:
                continue
            if other.username == account.username:
                raise UsernameTaken(f"username {account.username!r} is taken")
            if other.identity_id == account.identity_id:
                raise Conflict("identity already registered")


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

"""In-memory repositories with the same rules (uniqueness, ordering) as the Postgres ones."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, ApiToken
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.events import Event


class MemoryAccounts:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, account: Account) -> None:
        rows = self._unit.tables.accounts
        if any(a.username == account.username for a in rows.values()):
            raise UsernameTaken(f"username {account.username!r} is taken")
        if any(a.identity_id == account.identity_id for a in rows.values()):
            raise Conflict("identity already registered")
        rows[account.id] = account

    async def update(self, account: Account) -> None:
        self._unit.tables.accounts[account.id] = account

    async def get(self, account_id: uuid.UUID) -> Account | None:
        return self._unit.tables.accounts.get(account_id)

    async def by_username(self, username: str) -> Account | None:
        return next(
            (a for a in self._unit.tables.accounts.values() if a.username == username), None
        )

    async def ids_by_usernames(self, usernames: list[str]) -> dict[str, uuid.UUID]:
        wanted = set(usernames)
        rows = self._unit.tables.accounts.values()
        return {a.username: a.id for a in rows if a.username in wanted}

    async def by_identity(self, identity_id: str) -> Account | None:
        rows = self._unit.tables.accounts.values()
        return next((a for a in rows if a.identity_id == identity_id), None)


class MemoryChannels:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, channel: Channel) -> None:
        rows = self._unit.tables.channels
        if any(c.slug == channel.slug for c in rows.values()):
            raise UsernameTaken(f"slug {channel.slug!r} is taken")
        rows[channel.id] = channel

    async def get(self, channel_id: uuid.UUID) -> Channel | None:
        return self._unit.tables.channels.get(channel_id)

    async def by_slug(self, slug: str) -> Channel | None:
        return next((c for c in self._unit.tables.channels.values() if c.slug == slug), None)

    async def by_account(self, account_id: uuid.UUID) -> Channel | None:
        rows = self._unit.tables.channels.values()
        return next((c for c in rows if c.account_id == account_id), None)

    async def profile(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> tuple[Channel, Account] | None:
        channel = await (self.get(channel_id) if channel_id else self.by_slug(slug or ""))
        if channel is None:
            return None
        return channel, self._unit.tables.accounts[channel.account_id]


class MemoryChatrooms:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, chatroom: Chatroom) -> None:
        self._unit.tables.chatrooms[chatroom.id] = chatroom

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None:
        return self._unit.tables.chatrooms.get(chatroom_id)

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None:
        rows = self._unit.tables.chatrooms.values()
        return next((c for c in rows if c.channel_id == channel_id), None)


class MemoryApiTokens:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, token: ApiToken) -> None:
        self._unit.tables.api_tokens[token.id] = token

    async def update(self, token: ApiToken) -> None:
        self._unit.tables.api_tokens[token.id] = token

    async def get(self, token_id: uuid.UUID) -> ApiToken | None:
        return self._unit.tables.api_tokens.get(token_id)

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        rows = self._unit.tables.api_tokens.values()
        return next((t for t in rows if t.token_hash == token_hash), None)

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[ApiToken]:
        rows = [
            t
            for t in self._unit.tables.api_tokens.values()
            if t.account_id == account_id and (before is None or t.id < before)
        ]
        return sorted(rows, key=lambda t: t.id, reverse=True)[:limit]


class MemoryOutbox:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, event: Event) -> None:
        self._unit.tables.outbox.append(event)


class MemoryPendingEvents:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def claim(self, limit: int) -> list[Event]:
        published = self._unit.tables.published
        return [e for e in self._unit.tables.outbox if e.id not in published][:limit]

    async def mark_published(self, events: list[Event], at: datetime) -> None:
        self._unit.tables.published.update(e.id for e in events)


class MemoryEventPublisher:
    """Keeps what was published, in order, for tests and embedding."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, events: list[Event]) -> None:
        self.events.extend(events)


class MemoryEventConsumers:
    """Keeps the batches handed to consumers, in order, for tests and embedding."""

    def __init__(self) -> None:
        self.batches: list[list[Event]] = []

    async def dispatch(self, events: list[Event]) -> None:
        self.batches.append(list(events))

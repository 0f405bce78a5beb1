"""In-memory repositories with the same rules (uniqueness, ordering) as the Postgres ones."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.otel import propagation
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
        """As the Postgres UPDATE: email, role and times; never the names; a missing row is
        left missing."""
        rows = self._unit.tables.accounts
        if (current := rows.get(account.id)) is not None:
            rows[account.id] = replace(
                current,
                email=account.email,
                role=account.role,
                updated_at=account.updated_at,
                email_verified_at=account.email_verified_at,
            )

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
        if any(c.account_id == channel.account_id for c in rows.values()):
            raise Conflict("the account has a channel already")  # uq_channels_account_id
        if channel.account_id not in self._unit.tables.accounts:
            raise Conflict("no such account")  # the foreign key
        rows[channel.id] = channel
        self._unit.before_commit(lambda: self._still_unique(channel))

    async def _still_unique(self, channel: Channel) -> None:
        """What ``uq_channels_slug`` and ``uq_channels_account_id`` refuse: the slug or the
        account taken by a unit that committed after this one opened."""
        if channel.id not in self._unit.tables.channels:
            return
        seen = self._unit._snapshot.channels  # the adapters' package's own unit
        for key, other in self._unit.database.tables.channels.items():
            if key == channel.id or seen.get(key) is other:
                continue
            if other.slug == channel.slug:
                raise UsernameTaken(f"slug {channel.slug!r} is taken")
            if other.account_id == channel.account_id:
                raise Conflict("the account has a channel already")

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
        rows = self._unit.tables.chatrooms
        if any(c.channel_id == chatroom.channel_id for c in rows.values()):
            raise Conflict("the channel has a chatroom already")  # uq_chatrooms_channel_id
        if chatroom.channel_id not in self._unit.tables.channels:
            raise Conflict("no such channel")  # the foreign key
        rows[chatroom.id] = chatroom
        self._unit.before_commit(lambda: self._still_unique(chatroom))

    async def _still_unique(self, chatroom: Chatroom) -> None:
        """What ``uq_chatrooms_channel_id`` refuses: a chatroom of the channel committed by a
        unit after this one opened."""
        if chatroom.id not in self._unit.tables.chatrooms:
            return
        seen = self._unit._snapshot.chatrooms  # the adapters' package's own unit
        for key, other in self._unit.database.tables.chatrooms.items():
            fresh = key != chatroom.id and seen.get(key) is not other
            if fresh and other.channel_id == chatroom.channel_id:
                raise Conflict("the channel has a chatroom already")

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None:
        return self._unit.tables.chatrooms.get(chatroom_id)

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None:
        rows = self._unit.tables.chatrooms.values()
        return next((c for c in rows if c.channel_id == channel_id), None)


class MemoryApiTokens:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, token: ApiToken) -> None:
        rows = self._unit.tables.api_tokens
        if any(t.token_hash == token.token_hash for t in rows.values()):
            raise Conflict("token hash exists")  # uq_api_tokens_token_hash
        if token.account_id not in self._unit.tables.accounts:
            raise Conflict("no such account")  # the foreign key
        rows[token.id] = token
        self._unit.before_commit(lambda: self._still_unique(token))

    async def _still_unique(self, token: ApiToken) -> None:
        """What ``uq_api_tokens_token_hash`` refuses: the hash committed by a unit after this
        one opened."""
        if token.id not in self._unit.tables.api_tokens:
            return
        seen = self._unit._snapshot.api_tokens  # the adapters' package's own unit
        for key, other in self._unit.database.tables.api_tokens.items():
            fresh = key != token.id and seen.get(key) is not other
            if fresh and other.token_hash == token.token_hash:
                raise Conflict("token hash exists")

    async def update(self, token: ApiToken) -> None:
        """As the Postgres UPDATE: name, expiry and revocation; a missing row stays missing."""
        rows = self._unit.tables.api_tokens
        if (current := rows.get(token.id)) is not None:
            rows[token.id] = replace(
                current, name=token.name, expires_at=token.expires_at, revoked_at=token.revoked_at
            )

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
    """Keeps the writer's trace context with each event, as the Postgres outbox does."""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    async def add(self, event: Event) -> None:
        trace_context = event.trace_context or propagation.current()
        if trace_context != event.trace_context:
            event = replace(event, trace_context=trace_context)
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

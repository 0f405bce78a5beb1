"""Seeding a big audience quickly, and the providers the pipeline sends through in tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from dishka import Provider, Scope, provide

from streamz.adapters.fcm.push import FcmPushSender
from streamz.adapters.memory.notification_delivery import (
    MemoryCircuitBreaker,
    MemoryEmailSender,
    MemoryProviderRateLimit,
)
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.notification_delivery import (
    CircuitBreaker,
    EmailSender,
    ProviderRateLimit,
    PushSender,
)


class FakeProviders(Provider):
    """Push through the real FCM adapter to a fake FCM; email recorded in memory; in-process
    guards (no limit)."""

    scope = Scope.APP

    def __init__(self, fcm_url: str) -> None:
        super().__init__()
        self._fcm_url = fcm_url

    @provide
    async def push(self) -> PushSender:
        return FcmPushSender(project_id="streamz-test", url=self._fcm_url)

    @provide
    def email(self) -> EmailSender:
        return MemoryEmailSender()

    @provide
    def rate_limit(self, clock: Clock) -> ProviderRateLimit:
        return MemoryProviderRateLimit(clock)

    @provide
    def breaker(self, clock: Clock) -> CircuitBreaker:
        return MemoryCircuitBreaker(clock)


async def seed_audience(
    db: asyncpg.Connection, followers: int, *, devices: int = 1, prefix: str = "fan"
) -> tuple[uuid.UUID, list[str]]:
    """A channel (and its owner) with ``followers`` followers, each with ``devices`` push
    tokens; the channel id and every token."""
    now = datetime.now(UTC)
    owner, channel = new_id(), new_id()
    await db.execute(
        "INSERT INTO accounts (id, identity_id, username, email, role, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, 'user', $5, $5)",
        owner, f"id-{owner}", f"{prefix}owner", f"{prefix}owner@example.com", now,
    )  # fmt: skip
    await db.execute(
        "INSERT INTO channels (id, account_id, slug, display_name, bio, is_live, followers_count,"
        " created_at, updated_at) VALUES ($1, $2, $3, 'Caster', '', false, $4, $5, $5)",
        channel, owner, f"{prefix}owner", followers, now,
    )  # fmt: skip
    ids = [new_id() for _ in range(followers)]
    await db.copy_records_to_table(
        "accounts",
        records=[
            (a, f"id-{a}", f"{prefix}{i}", f"{prefix}{i}@example.com", "user", now, now)
            for i, a in enumerate(ids)
        ],
        columns=["id", "identity_id", "username", "email", "role", "created_at", "updated_at"],
    )
    await db.copy_records_to_table(
        "channel_follows",
        records=[(new_id(), a, channel, now) for a in ids],
        columns=["id", "account_id", "channel_id", "followed_at"],
    )
    tokens: list[str] = []
    rows = []
    for i, a in enumerate(ids):
        for d in range(devices if isinstance(devices, int) else 1):
            token = f"tok-{i}-{d}"
            tokens.append(token)
            rows.append((new_id(), a, "android", token, now, now))
    await db.copy_records_to_table(
        "push_devices",
        records=rows,
        columns=["id", "account_id", "platform", "token", "created_at", "updated_at"],
    )
    return channel, tokens


ROOT = Path(__file__).resolve().parents[3]

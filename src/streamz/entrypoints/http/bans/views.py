"""What the HTTP API takes and shows of chat bans and timeouts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from streamz.core.channels.team.members import MAX_REASON
from streamz.core.chat.bans.entities import (
    MAX_TIMEOUT_SECONDS,
    MIN_TIMEOUT_SECONDS,
    BanKind,
    BannedAccount,
)
from streamz.core.chat.bans.writes import MAX_USER
from streamz.core.shared.pages import Page

User = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_USER,
        description="the account to ban: its id or its username",
        examples=["spammer42"],
    ),
]
Duration = Annotated[
    int,
    msgspec.Meta(
        ge=MIN_TIMEOUT_SECONDS,
        le=MAX_TIMEOUT_SECONDS,
        description="a timeout's length in seconds (1 s to 14 days); null or absent: a ban",
        examples=[600],
    ),
]
Reason = Annotated[str, msgspec.Meta(max_length=MAX_REASON)] | None


class BanIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user: User
    duration_seconds: Duration | None = None
    reason: Reason = None


class BanOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    account_id: uuid.UUID
    username: str
    kind: BanKind
    reason: str | None
    expires_at: datetime | None  # null: a ban (permanent until lifted)
    duration_seconds: int | None
    created_by: uuid.UUID | None  # null: the system
    created_at: datetime
    ended_at: datetime | None  # set once lifted (in the answer to an unban)
    ended_by: uuid.UUID | None

    @classmethod
    def of(cls, banned: BannedAccount) -> BanOut:
        b = banned.ban
        return cls(
            b.id,
            b.channel_id,
            b.account_id,
            banned.account.username,
            b.kind,
            b.reason,
            b.expires_at,
            b.duration_seconds,
            b.created_by,
            b.created_at,
            b.ended_at,
            b.ended_by,
        )


class BanPage(msgspec.Struct, frozen=True):
    data: list[BanOut]
    next: str | None

    @classmethod
    def of(cls, page: Page[BannedAccount]) -> BanPage:
        return cls([BanOut.of(b) for b in page.data], page.next)

"""What the HTTP API shows of channel subscriptions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from streamz.core.channels.subscriptions.entities import MAX_MONTHS, Subscription
from streamz.core.channels.subscriptions.list_subscriptions import Subscriber
from streamz.entrypoints.http.team.views import AccountIdentifier, AccountRef


class SubscriptionOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    account_id: uuid.UUID
    tier: int
    months: int
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None
    gifted_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, s: Subscription) -> SubscriptionOut:
        return cls(
            s.id,
            s.channel_id,
            s.account_id,
            s.tier,
            s.months,
            s.started_at,
            s.ends_at,
            s.ended_at,
            s.gifted_by,
            s.created_at,
            s.updated_at,
        )


class SubscriberOut(msgspec.Struct, frozen=True):
    account: AccountRef
    subscription: SubscriptionOut

    @classmethod
    def of(cls, subscriber: Subscriber) -> SubscriberOut:
        return cls(AccountRef.of(subscriber.account), SubscriptionOut.of(subscriber.subscription))


class SubscriberPage(msgspec.Struct, frozen=True):
    data: list[SubscriberOut]
    next: str | None


class GrantSubscriptionIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    account: AccountIdentifier
    tier: Annotated[int, msgspec.Meta(ge=1, le=3)] = 1
    months: Annotated[int, msgspec.Meta(ge=1, le=MAX_MONTHS)] = 1
    gifted_by: AccountIdentifier | None = None

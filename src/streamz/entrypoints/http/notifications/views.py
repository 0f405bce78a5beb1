"""What the HTTP API shows and takes for devices, in-app notifications and delivery stats."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from streamz.core.notifications.entities import (
    DeliveryRecord,
    DeliveryStat,
    Device,
    InboxItem,
    NotificationProgress,
)


class DeviceIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    platform: Annotated[str, msgspec.Meta(description="ios, android or web", max_length=16)]
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]


class DeviceOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    platform: str
    created_at: datetime

    @classmethod
    def of(cls, d: Device) -> DeviceOut:
        return cls(d.id, d.platform, d.created_at)


class DeviceList(msgspec.Struct, frozen=True):
    data: list[DeviceOut]


class NotificationOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    notification_id: uuid.UUID
    kind: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, i: InboxItem) -> NotificationOut:
        return cls(i.id, i.notification_id, i.kind.value, i.payload, i.created_at, i.read_at)


class NotificationPage(msgspec.Struct, frozen=True):
    data: list[NotificationOut]
    next: str | None
    unread: int


class UnreadOut(msgspec.Struct, frozen=True):
    unread: int


class MarkedOut(msgspec.Struct, frozen=True):
    changed: int


class ReadIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    read: bool


class ProgressOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: str
    created_at: datetime
    expanded_at: datetime | None
    by_status: dict[str, int]

    @classmethod
    def of(cls, p: NotificationProgress) -> ProgressOut:
        n = p.notification
        return cls(n.id, n.kind.value, n.created_at, n.expanded_at, p.by_status)


class StatOut(msgspec.Struct, frozen=True):
    provider: str
    status: str
    count: int

    @classmethod
    def of(cls, s: DeliveryStat) -> StatOut:
        return cls(s.provider, s.status, s.count)


class StatsOut(msgspec.Struct, frozen=True):
    minutes: int
    data: list[StatOut]


class DeadLetterOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    notification_id: uuid.UUID
    account_id: uuid.UUID
    medium: str
    attempts: int
    error: str | None
    updated_at: datetime

    @classmethod
    def of(cls, r: DeliveryRecord) -> DeadLetterOut:
        return cls(
            r.id, r.notification_id, r.account_id, r.medium.value, r.attempts, r.error,
            r.updated_at,
        )  # fmt: skip


class DeadLetterPage(msgspec.Struct, frozen=True):
    data: list[DeadLetterOut]
    next: str | None


class RetriedOut(msgspec.Struct, frozen=True):
    queued: int


class UnsubscribedOut(msgspec.Struct, frozen=True):
    unsubscribed: str

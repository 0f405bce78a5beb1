"""Ports of the notifications context: its store, devices, inbox, jobs, quiet caps, renderer."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from streamz.core.notifications.entities import (
        Delivery,
        DeliveryRecord,
        DeliveryUpdate,
        Device,
        InboxItem,
        Kind,
        NewDelivery,
        Notification,
        Recipient,
    )


class NotificationStore(Protocol):
    """Notifications and deliveries (one unit of work; writes need the unit's commit)."""

    async def create(self, notification: Notification) -> bool:
        """Insert unless one exists for its ``event_id``; True when inserted."""
        ...

    async def get(self, notification_id: uuid.UUID) -> Notification | None: ...

    async def lock(self, notification_id: uuid.UUID) -> Notification | None:
        """The notification, locked until commit (one expansion page at a time)."""
        ...

    async def recipients(
        self, notification: Notification, after: str | None, limit: int
    ) -> list[Recipient]:
        """The next page of the audience after the cursor ``after``, in key order."""
        ...

    async def channel_owner(self, channel_id: uuid.UUID) -> uuid.UUID | None: ...

    async def devices(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Device]]: ...

    async def add_deliveries(self, deliveries: Sequence[NewDelivery]) -> list[uuid.UUID]:
        """Insert, skipping (notification, recipient, medium, target) already there; the ids
        inserted."""
        ...

    async def add_inbox(
        self, notification: Notification, account_ids: Sequence[uuid.UUID], at: datetime
    ) -> int:
        """Store the notification in these accounts' inboxes (once each); how many were new."""
        ...

    async def advance(self, notification_id: uuid.UUID, cursor: str | None, at: datetime) -> None:
        """Save the expansion cursor; ``None``: expansion is complete."""
        ...

    async def claim(
        self, ids: Sequence[uuid.UUID], now: datetime, lease_until: datetime
    ) -> list[Delivery]:
        """Pending deliveries among ``ids`` that are due, now ``sending`` until ``lease_until``
        (others skip rows claimed or locked elsewhere); attempts counted."""
        ...

    async def record(self, updates: Sequence[DeliveryUpdate], at: datetime) -> None: ...

    async def leases_ended(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Deliveries still ``sending`` whose lease ended before ``now`` (their job is gone)."""
        ...

    async def settle(self, updates: Sequence[DeliveryUpdate], now: datetime) -> int:
        """Record these outcomes on the deliveries that are still ``sending`` with a lease
        ended before ``now`` (others are left alone); how many were recorded."""
        ...

    async def prune_devices(self, tokens: Sequence[str]) -> int: ...

    async def stale(self, now: datetime, pending_before: datetime, limit: int) -> list[uuid.UUID]:
        """Deliveries whose lease ended (back to pending) and pending ones due since before
        ``pending_before`` (their job was lost): ids to queue again."""
        ...

    async def unfinished(self, before: datetime, limit: int) -> list[Notification]:
        """Notifications whose expansion has not moved since ``before``."""
        ...

    async def revive_dead(
        self, notification_id: uuid.UUID | None, now: datetime
    ) -> list[uuid.UUID]:
        """Dead deliveries back to pending (attempts reset); their ids."""
        ...

    async def progress(self, notification_id: uuid.UUID) -> dict[str, int]:
        """Deliveries of one notification by status."""
        ...

    async def recent_stats(self, since: datetime) -> list[tuple[str, str, int]]:
        """(medium, status, count) of deliveries updated since ``since``."""
        ...

    async def dead_letters(self, after: uuid.UUID | None, limit: int) -> list[DeliveryRecord]: ...


class UnrecordedOutcomes(Protocol):
    """Provider answers the database did not take, kept elsewhere (Redis) until it does, so
    that the sweep records them instead of sending those deliveries again.

    Only final answers are kept (``sent``, ``pruned``, ``failed``: the provider decided); a
    delivery to retry is safe to send again. Raises when it cannot be reached.
    """

    async def keep(self, updates: Sequence[DeliveryUpdate]) -> None: ...

    async def recall(self, ids: Sequence[uuid.UUID]) -> list[DeliveryUpdate]:
        """The kept outcomes of these deliveries (those that have one)."""
        ...

    async def forget(self, ids: Sequence[uuid.UUID]) -> None: ...


class PushDevices(Protocol):
    async def register(
        self, account_id: uuid.UUID, platform: str, token: str, at: datetime
    ) -> Device:
        """Add or move the token to this account (a token belongs to one account)."""
        ...

    async def list(self, account_id: uuid.UUID) -> list[Device]: ...

    async def remove(self, account_id: uuid.UUID, device_id: uuid.UUID) -> bool: ...


class Inbox(Protocol):
    async def list(
        self, account_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> list[InboxItem]:
        """Newest first; ``after``: the last id of the previous page."""
        ...

    async def set_read(
        self, account_id: uuid.UUID, item_id: uuid.UUID, read_at: datetime | None
    ) -> InboxItem | None: ...

    async def mark_all_read(self, account_id: uuid.UUID, at: datetime) -> int: ...

    async def unread_count(self, account_id: uuid.UUID) -> int: ...


class NotificationJobs(Protocol):
    """Background jobs (Redis). A job with the same key already waiting is not queued twice.
    Raises ``Unavailable`` when the queue cannot be reached."""

    async def expand(self, notification_id: uuid.UUID, cursor: str | None) -> None: ...

    async def send(self, delivery_ids: Sequence[uuid.UUID], at: datetime | None = None) -> None:
        """Queue sending these deliveries (at most 500), not before ``at``."""
        ...


class QuietCaps(Protocol):
    async def count(self, account_ids: Sequence[uuid.UUID], hour: str) -> list[int]:
        """Add one push to each account's counter for ``hour``; the counts after adding."""
        ...


@dataclass(frozen=True, slots=True)
class Rendered:
    title: str  # push title, email subject
    body: str  # push body, email text
    html: str = ""  # email HTML


class NotificationRenderer(Protocol):
    def render(
        self, kind: Kind, medium: str, locale: str, payload: Mapping[str, Any]
    ) -> Rendered: ...


class UnsubscribeLinks(Protocol):
    def link(self, account_id: uuid.UUID, preference: str) -> str:
        """A signed one-click unsubscribe URL turning off ``preference`` (e.g. ``email.x``)."""
        ...

    def verify(self, token: str) -> tuple[uuid.UUID, str] | None: ...

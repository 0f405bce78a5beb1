"""Notifications, their recipients' deliveries, push devices and the in-app inbox.

A notification is made once per triggering outbox event (keyed by the event id). Expansion
turns it into deliveries, one per (notification, recipient, medium, target): that key is unique,
so expanding a page twice or consuming an event twice sends nothing twice.
"""

from __future__ import annotations

import enum
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from streamz.core.social.preferences import DEFAULTS


class Kind(enum.StrEnum):
    CHANNEL_LIVE = "channel_live"
    NEW_FOLLOWER = "new_follower"
    SUBSCRIPTION = "subscription"
    MENTION = "mention"
    MODERATION = "moderation"
    WELCOME = "welcome"
    EMAIL_CHANGED = "email_changed"
    TEST = "test"
    DIGEST = "digest"


class Medium(enum.StrEnum):
    PUSH = "push"
    EMAIL = "email"


class Audience(enum.StrEnum):
    FOLLOWERS = "followers"  # the followers of ``channel_id``, streamed in pages
    ACCOUNTS = "accounts"  # the listed ``account_ids``


class Status(enum.StrEnum):
    PENDING = "pending"  # waiting for a send job (or its retry time)
    SENDING = "sending"  # claimed by a send job until its lease ends
    SENT = "sent"
    FAILED = "failed"  # permanent error: never retried
    DEAD = "dead"  # retried too often: staff may retry it
    PRUNED = "pruned"  # the device token is gone
    COLLAPSED = "collapsed"  # over the quiet cap: folded into a digest


FINAL = frozenset({Status.SENT, Status.FAILED, Status.DEAD, Status.PRUNED, Status.COLLAPSED})
# the provider's own final answer (accepted, token gone, refused): never to be sent again
DECIDED = frozenset({Status.SENT, Status.PRUNED, Status.FAILED})

# Which preference kind (``push.<kind>``/``email.<kind>``) governs a notification kind; None:
# transactional or safety messages that are always delivered.
PREFERENCE: dict[Kind, str | None] = {
    Kind.CHANNEL_LIVE: "channel_live",
    Kind.NEW_FOLLOWER: "new_follower",
    Kind.SUBSCRIPTION: "subscription_events",
    Kind.MENTION: "mentions",
    Kind.MODERATION: None,
    Kind.WELCOME: None,
    Kind.EMAIL_CHANGED: None,
    Kind.TEST: None,
    Kind.DIGEST: None,
}
MEDIA: dict[Kind, tuple[Medium, ...]] = {
    Kind.CHANNEL_LIVE: (Medium.PUSH,),
    Kind.NEW_FOLLOWER: (Medium.PUSH,),
    Kind.SUBSCRIPTION: (Medium.PUSH, Medium.EMAIL),
    Kind.MENTION: (Medium.PUSH,),
    Kind.MODERATION: (Medium.PUSH,),
    Kind.WELCOME: (Medium.EMAIL,),
    Kind.EMAIL_CHANGED: (Medium.EMAIL,),
    Kind.TEST: (Medium.PUSH, Medium.EMAIL),
    Kind.DIGEST: (Medium.PUSH,),
}
IN_APP = frozenset(
    {Kind.CHANNEL_LIVE, Kind.NEW_FOLLOWER, Kind.SUBSCRIPTION, Kind.MENTION, Kind.MODERATION}
)


def wants(kind: Kind, medium: Medium, preferences: Mapping[str, bool]) -> bool:
    """Whether a recipient with these chosen (flat, account then channel) preferences gets
    ``kind`` by ``medium``."""
    pref = PREFERENCE[kind]
    if pref is None:
        return True
    key = f"{medium.value}.{pref}"
    return bool(preferences.get(key, DEFAULTS.get(key, True)))


@dataclass(frozen=True, slots=True)
class Notification:
    id: uuid.UUID
    event_id: uuid.UUID
    kind: Kind
    audience: Audience
    channel_id: uuid.UUID | None
    account_ids: tuple[uuid.UUID, ...]
    payload: dict[str, Any]
    created_at: datetime
    cursor: str | None = None  # last expanded recipient key
    expanded_at: datetime | None = None  # all recipients have deliveries


@dataclass(frozen=True, slots=True)
class Recipient:
    key: str  # the keyset cursor of this recipient in its audience
    account_id: uuid.UUID
    email: str
    preferences: Mapping[str, bool] = field(default_factory=dict)  # account, then channel


@dataclass(frozen=True, slots=True)
class Device:
    id: uuid.UUID
    account_id: uuid.UUID
    platform: str
    token: str
    created_at: datetime


PLATFORMS = ("ios", "android", "web")


@dataclass(frozen=True, slots=True)
class NewDelivery:
    id: uuid.UUID
    notification_id: uuid.UUID
    account_id: uuid.UUID
    medium: Medium
    target: str  # device token or email address
    status: Status
    next_attempt_at: datetime
    locale: str = "en"
    digest: bool = False  # the first push over the quiet cap: "and more" instead


@dataclass(frozen=True, slots=True)
class Delivery:
    """A claimed delivery with what is needed to render and send it."""

    id: uuid.UUID
    notification_id: uuid.UUID
    account_id: uuid.UUID
    medium: Medium
    target: str
    attempts: int  # before this one
    kind: Kind
    payload: dict[str, Any]
    locale: str = "en"
    digest: bool = False


@dataclass(frozen=True, slots=True)
class DeliveryUpdate:
    id: uuid.UUID
    status: Status
    provider_id: str | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None
    attempted: bool = True  # counts as an attempt (not when the breaker held it back)


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: uuid.UUID
    notification_id: uuid.UUID
    kind: Kind
    payload: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    id: uuid.UUID
    notification_id: uuid.UUID
    account_id: uuid.UUID
    medium: Medium
    target: str
    status: Status
    attempts: int
    provider_id: str | None
    error: str | None
    updated_at: datetime


MAX_ATTEMPTS = 6
BASE_DELAY = 2.0  # seconds; doubles per attempt
MAX_DELAY = 600.0


def backoff(attempts: int, now: datetime, retry_after: float | None = None) -> datetime:
    """Exponential backoff with full jitter (at least what the provider asked for)."""
    ceiling = min(MAX_DELAY, BASE_DELAY * 2 ** max(0, attempts - 1))
    delay = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)


@dataclass(frozen=True, slots=True)
class NotificationPolicy:
    """Tunables of the pipeline (from settings)."""

    page_size: int = 1000  # recipients per expansion job
    push_batch: int = 500  # pushes per send job (FCM's limit per call)
    email_batch: int = 50  # emails per send job
    quiet_cap: int = 20  # pushes per account per hour before the digest
    lease_seconds: float = 120.0  # a claimed batch is the job's until then
    stale_after_seconds: float = 120.0  # pending work older than this lost its job
    max_attempts: int = MAX_ATTEMPTS
    breaker_pause_seconds: float = 30.0
    # pauses between tries of writing a batch's outcomes once the provider answered (a try
    # more than there are pauses); about 11 s in all, well inside a lease
    record_retry_delays: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0)


FCM = "fcm"
SES = "ses"


@dataclass(frozen=True, slots=True)
class NotificationProgress:
    notification: Notification
    by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class DeliveryStat:
    provider: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class InboxPage:
    items: list[InboxItem]
    next: uuid.UUID | None
    unread: int

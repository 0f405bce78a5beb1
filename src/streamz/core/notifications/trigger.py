from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import Audience, Kind, Notification
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.messages import MessageRepository
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.presence import RoomViewers
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class TriggerNotificationsRequest:
    actor: Principal
    events: Sequence[Event]


@dataclass(frozen=True, slots=True)
class Triggered:
    created: list[uuid.UUID]
    duplicates: int
    ignored: int


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class TriggerNotifications:
    """Turns outbox events into notifications, then queues their expansion.

    - System only (the worker consuming the outbox).
    - One notification per event id: an event consumed twice creates nothing new.
    - ``notify.channel_live`` → the channel's followers; ``channel.followed`` and
      ``channel.subscribed`` → the channel's owner; ``chat.message_sent`` → each mentioned
      account and the author of the message replied to, but not the sender, nor anyone
      connected to that chatroom right now (they see it live); ``chat.user_banned`` → the
      banned account; ``account.registered`` → a welcome email; ``account.email_changed`` → a
      notice to the previous address.
    - Events that name nobody to notify (no mention, following yourself...) are ignored.
    - A lost expansion job is queued again by the sweep (``unfinished``).
    """

    store: NotificationStore
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock
    messages: MessageRepository
    viewers: RoomViewers

    async def __call__(self, request: TriggerNotificationsRequest) -> Triggered:
        request.actor.require_system()
        created: list[uuid.UUID] = []
        duplicates = ignored = 0
        for event in request.events:
            notification = await self._notification(event)
            if notification is None:
                ignored += 1
            elif await self.store.create(notification):
                created.append(notification.id)
            else:
                duplicates += 1
        await self.uow.commit()
        for notification_id in created:
            await self.jobs.expand(notification_id, None)
        return Triggered(created, duplicates, ignored)

    async def _mentioned(self, p: dict[str, Any]) -> list[uuid.UUID]:
        """Mentioned accounts and the replied-to author, less the sender and those watching."""
        author = _uuid((p.get("author") or {}).get("account_id"))
        targets = {m for m in (_uuid(m) for m in p.get("mentions") or []) if m is not None}
        reply_to = _uuid(p.get("reply_to"))
        if reply_to is not None:
            replied = await self.messages.get(reply_to)
            if replied is not None:
                targets.add(replied.author_id)
        if author is not None:
            targets.discard(author)
        chatroom = _uuid(p.get("chatroom_id"))
        if targets and chatroom is not None:
            targets -= await self.viewers.present(chatroom, sorted(targets))
        return sorted(targets)

    async def _notification(self, event: Event) -> Notification | None:
        p = event.payload
        channel_id = _uuid(p.get("channel_id"))
        kind: Kind
        audience = Audience.ACCOUNTS
        accounts: list[uuid.UUID] = []
        if event.topic == "notify.channel_live" and channel_id:
            kind, audience = Kind.CHANNEL_LIVE, Audience.FOLLOWERS
        elif event.topic in ("channel.followed", "channel.subscribed") and channel_id:
            owner = await self.store.channel_owner(channel_id)
            actor = _uuid(p.get("follower_id") or p.get("account_id"))
            if owner is None or owner == actor:
                return None
            kind = Kind.NEW_FOLLOWER if event.topic == "channel.followed" else Kind.SUBSCRIPTION
            accounts = [owner]
        elif event.topic == "chat.message_sent":
            accounts = await self._mentioned(p)
            kind = Kind.MENTION
        elif event.topic == "chat.user_banned":
            account = _uuid(p.get("account_id"))
            accounts = [account] if account else []
            kind = Kind.MODERATION
        elif event.topic == "account.registered":
            account = _uuid(p.get("account_id"))
            accounts = [account] if account else []
            kind = Kind.WELCOME
        elif event.topic == "account.email_changed":
            account = _uuid(p.get("account_id"))
            accounts = [account] if account and p.get("previous") else []
            kind = Kind.EMAIL_CHANGED
        else:
            return None
        if audience is Audience.ACCOUNTS and not accounts:
            return None
        return Notification(
            id=new_id(),
            event_id=event.id,
            kind=kind,
            audience=audience,
            channel_id=channel_id,
            account_ids=tuple(accounts),
            payload=dict(p),
            created_at=self.clock.now(),
        )

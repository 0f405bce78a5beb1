"""The events the notification triggers consume (see ``core.events.consumers``)."""

from __future__ import annotations

from streamz.core.events.consumers import Consumer

TOPICS = frozenset(
    {
        "notify.channel_live",
        "channel.followed",
        "channel.subscribed",
        "chat.message_sent",
        "chat.user_banned",
        "account.registered",
        "account.email_changed",
    }
)
NOTIFICATIONS_CONSUMER = Consumer(job="notifications_trigger", topics=TOPICS)

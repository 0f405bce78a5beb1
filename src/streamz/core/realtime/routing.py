"""Which websocket topics an outbox event goes to.

- Chatroom events (a ``chatroom_id`` in the payload): ``chatroom:<id>``, with the payload's
  ``seq`` when it has one (durable room events do).
- Channel events (follows, subscriptions, stream status): ``channel:<channel_id>``.
- Bans and timeouts also go to the banned user's private topic ``user:<account_id>``.
  Their private copy shows the reason but not who acted (``audience.private_data``).
- ``notification.created`` goes to each recipient's ``user:<account_id>`` (its ``account_ids``).
- Changes of someone's rights (role, API token revoked, channel team) go to the gateways'
  ``gateway:control`` topic (never to clients): each instance checks that account's open
  connections again at once.
- Everything else (account events, badges...) stays off the websockets.
"""

from __future__ import annotations

from collections.abc import Iterable

from streamz.core.realtime.audience import private_data
from streamz.core.realtime.events import CHANNEL, CHATROOM, USER, RealtimeEvent, topic
from streamz.core.shared.events import Event

CHATROOM_EVENTS = frozenset(
    {
        "chat.message_sent",
        "chat.message_deleted",
        "chat.messages_purged",
        "chat.message_pinned",
        "chat.message_unpinned",
        "chat.user_banned",
        "chat.user_unbanned",
        "chatroom.settings_updated",
        "chatroom.rules_updated",
        "chatroom.emotes_updated",
    }
)
CHANNEL_EVENTS = frozenset(
    {"channel.followed", "channel.unfollowed", "channel.subscribed", "stream.online",
     "stream.offline", "stream.updated"}
)  # fmt: skip
PRIVATE_EVENTS = frozenset({"chat.user_banned", "chat.user_unbanned"})
CONTROL = "gateway:control"  # the gateways' own topic: whose rights changed
CONTROL_EVENTS = frozenset(
    {"account.role_changed", "api_token.revoked", "channel.role_granted", "channel.role_revoked",
     "channel.role_permissions_changed"}
)  # fmt: skip
# --- notifications (issue 8): one event per expansion page names its recipients ---
NOTIFICATION_CREATED = "notification.created"
# --- end notifications ---


def route(events: Iterable[Event]) -> list[RealtimeEvent]:
    out: list[RealtimeEvent] = []
    for event in events:
        p = event.payload
        if event.topic in CHATROOM_EVENTS and p.get("chatroom_id"):
            seq = p.get("seq")
            out.append(
                RealtimeEvent(
                    topic(CHATROOM, p["chatroom_id"]),
                    event.topic,
                    p,
                    seq if isinstance(seq, int) else None,
                    str(event.id),
                )
            )
        elif event.topic in CHANNEL_EVENTS and p.get("channel_id"):
            out.append(
                RealtimeEvent(topic(CHANNEL, p["channel_id"]), event.topic, p, None, str(event.id))
            )
        if event.topic == NOTIFICATION_CREATED:  # notifications (issue 8): each recipient
            body = {k: v for k, v in p.items() if k != "account_ids"}
            for account_id in p.get("account_ids") or ():
                out.append(
                    RealtimeEvent(topic(USER, account_id), event.topic, body, None, str(event.id))
                )
        if event.topic in PRIVATE_EVENTS and p.get("account_id"):
            body = private_data(p)
            out.append(
                RealtimeEvent(topic(USER, p["account_id"]), event.topic, body, None, str(event.id))
            )
        if event.topic in CONTROL_EVENTS and p.get("account_id"):
            data = {"account_id": p["account_id"], "channel_id": p.get("channel_id")}
            out.append(RealtimeEvent(CONTROL, event.topic, data, None, str(event.id), False))
    return out

"""Outbox events of chat messages; the payload is what realtime clients receive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.shared.events import Event

SENT = "chat.message_sent"
DELETED = "chat.message_deleted"
PURGED = "chat.messages_purged"
PINNED = "chat.message_pinned"
UNPINNED = "chat.message_unpinned"


def message_payload(message: Message) -> dict[str, Any]:
    author = message.author
    return {
        "id": str(message.id),
        "chatroom_id": str(message.chatroom_id),
        "channel_id": str(message.channel_id),
        "seq": message.seq,
        "content": message.content,
        "fragments": [
            {
                "kind": f.kind.value,
                "text": f.text,
                **({"emote_id": str(f.emote_id)} if f.emote_id else {}),
                **({"account_id": str(f.account_id)} if f.account_id else {}),
            }
            for f in message.fragments
        ],
        "mentions": [str(m) for m in message.mentions],
        "reply_to": str(message.reply_to) if message.reply_to else None,
        "thread_id": str(message.thread_id) if message.thread_id else None,
        "author": {
            "account_id": str(author.account_id),
            "username": author.username,
            "colour": author.colour,
            "badges": [
                {"kind": b.kind.value, "months": b.months, "image_url": b.image_url}
                for b in author.badges
            ],
        },
        "created_at": message.created_at.isoformat(),
        "visible_at": message.visible_at.isoformat(),
    }


def sent(message: Message) -> Event:
    return Event(SENT, str(message.chatroom_id), message_payload(message), message.created_at)


def room_event(topic: str, message_room: str, payload: dict[str, Any], at: datetime) -> Event:
    return Event(topic, message_room, payload, at)


def pin_payload(pin: Pin) -> dict[str, Any]:
    return {
        "chatroom_id": str(pin.chatroom_id),
        "message_id": str(pin.message_id),
        "pinned_by": str(pin.pinned_by) if pin.pinned_by else None,
        "pinned_at": pin.pinned_at.isoformat(),
        "expires_at": pin.expires_at.isoformat() if pin.expires_at else None,
    }

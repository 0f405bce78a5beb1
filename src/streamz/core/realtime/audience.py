"""Who sees what of a chatroom's events: the room's team (its owner, moderators, staff and the
system) and everyone else (viewers: anonymous readers, signed-in users, API tokens).

The rules, the same over HTTP and websockets, live and replayed:

- Moderation details are the team's: viewers get ``chat.user_banned`` / ``chat.user_unbanned``
  without ``reason``, ``by`` and ``acting_as`` (they learn that a user was banned or timed out,
  and until when, as on Twitch); ``chat.messages_purged`` without ``reason``;
  ``chat.message_deleted`` with ``deleted_by`` only when the author deleted their own message
  (a moderator's id is never shown). The banned user's private copy keeps the ``reason`` but
  not who banned them. ``pinned_by`` is public (Twitch shows who pinned).
- The non-moderator chat delay: a message whose ``visible_at`` is later than its
  ``created_at`` reaches viewers only from ``visible_at``; since events of a room reach a
  client in ``seq`` order, everything after it waits behind it for viewers. A message deleted
  during its delay reaches viewers as a tombstone (``deleted: true``, no content).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from streamz.core.realtime.events import RealtimeEvent

SENT = "chat.message_sent"
DELETED = "chat.message_deleted"
_TEAM_ONLY: dict[str, tuple[str, ...]] = {
    "chat.user_banned": ("reason", "by", "acting_as"),
    "chat.user_unbanned": ("reason", "by", "acting_as"),
    "chat.messages_purged": ("reason",),
}
_PRIVATE_HIDDEN = ("by", "acting_as")  # the banned user's own copy keeps the reason


def viewer_data(event: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as viewers see it (the same object when nothing is hidden)."""
    hidden = _TEAM_ONLY.get(event)
    if hidden is not None:
        return {k: v for k, v in data.items() if k not in hidden}
    if event == DELETED and data.get("deleted_by") not in (None, data.get("author_id")):
        return {**data, "deleted_by": None}
    return data


def private_data(data: dict[str, Any]) -> dict[str, Any]:
    """A ban or unban as the user it concerns sees it on their private topic."""
    return {k: v for k, v in data.items() if k not in _PRIVATE_HIDDEN}


def viewer_view(event: RealtimeEvent) -> RealtimeEvent:
    """``event`` as viewers see it, computed once per event (and encoded once)."""
    views = event.views
    if views:
        return views[0]
    data = viewer_data(event.event, event.data)
    view = event if data is event.data else event.with_data(data)
    views.append(view)
    return view


def tombstone(event: RealtimeEvent) -> None:
    """A message deleted during its delay: viewers get it without its content."""
    data = {
        **event.data,
        "content": None,
        "fragments": [],
        "mentions": [],
        "deleted": True,
    }
    event.views[:] = [event.with_data(data)]


def held_until(event: RealtimeEvent) -> float | None:
    """When viewers may see ``event`` (a POSIX time), or None: at once."""
    if event.event != SENT:
        return None
    data = event.data
    visible = data.get("visible_at")
    if not isinstance(visible, str) or visible == data.get("created_at"):
        return None
    try:
        return datetime.fromisoformat(visible).timestamp()
    except ValueError:
        return None


def message_id(event: RealtimeEvent) -> str | None:
    """The message a ``chat.message_sent`` (its ``id``) or ``chat.message_deleted`` (its
    ``message_id``) is about."""
    if event.event == SENT:
        value = event.data.get("id")
    elif event.event == DELETED:
        value = event.data.get("message_id")
    else:
        return None
    return value if isinstance(value, str) else None
